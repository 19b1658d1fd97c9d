"""Machine-readable codes of member errors that clients act on (carried as ``ValidationError.code``)."""

from __future__ import annotations

from enum import StrEnum


class MemberErrorCode(StrEnum):
    INVALID_NIK = "invalid_nik"
    NIK_MISMATCH = "member_nik_mismatch"
    DUPLICATE_NIK = "member_duplicate_nik"
    DUPLICATE_MEMBER_NO = "member_duplicate_member_no"
    NOT_CANDIDATE = "member_not_candidate"
    ALREADY_EXITED = "member_already_exited"
    DATE_ORDER = "member_date_order"
    USER_ALREADY_LINKED = "member_user_already_linked"
    IMPORT_INVALID = "member_import_invalid"
