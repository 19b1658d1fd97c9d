"""What a logged-in session has passed: its second factor, and when it was last used.

Kept in the session itself (no extra table): ``two_factor`` is "verified" once the user typed a code
from their authenticator app (or a recovery code); ``two_factor_not_required_at`` notes when the user
was last found to need none (checked again after ``RECHECK_SECONDS``, so a role given meanwhile asks
for it soon); ``last_activity`` is the time of the last request, for the idle timeout, written at most
once a minute so most requests do not write the session.
"""

from __future__ import annotations

import time

from django.contrib.auth import user_logged_in
from django.dispatch import receiver

TWO_FACTOR = "two_factor"
VERIFIED = "verified"
NOT_REQUIRED_AT = "two_factor_not_required_at"
LAST_ACTIVITY = "last_activity"
RECHECK_SECONDS = 300
ACTIVITY_RESOLUTION_SECONDS = 60


def now() -> int:
    return int(time.time())


def mark_verified(session) -> None:
    session[TWO_FACTOR] = VERIFIED
    session.pop(NOT_REQUIRED_AT, None)


def is_verified(session) -> bool:
    return session.get(TWO_FACTOR) == VERIFIED


def mark_not_required(session) -> None:
    session[NOT_REQUIRED_AT] = now()


def known_not_required(session) -> bool:
    checked = session.get(NOT_REQUIRED_AT)
    return isinstance(checked, int) and 0 <= now() - checked < RECHECK_SECONDS


def touch(session) -> None:
    """Note this request as the session's latest activity (at most once a minute)."""
    last = session.get(LAST_ACTIVITY)
    moment = now()
    if not isinstance(last, int) or moment - last >= ACTIVITY_RESOLUTION_SECONDS:
        session[LAST_ACTIVITY] = moment


def idle_seconds(session) -> int | None:
    last = session.get(LAST_ACTIVITY)
    return now() - last if isinstance(last, int) else None


@receiver(user_logged_in)
def _start_the_clock(sender, request, user, **kwargs):
    """A fresh login is the session's first activity; a user who needs no second factor is noted so
    (one check, at login, rather than on their next page)."""
    from koperasi.accounts.selectors import requires_two_factor

    if request is None or not hasattr(request, "session"):
        return
    request.session[LAST_ACTIVITY] = now()
    if not requires_two_factor(user):
        mark_not_required(request.session)
