"""TOTP as RFC 6238 specifies it (over RFC 4226's HOTP), checked against the RFCs' own test vectors."""

import base64

import pytest

from koperasi.accounts import totp

RFC4226_SECRET = b"12345678901234567890"
RFC6238_SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
# RFC 6238 appendix B: (unix time, SHA1, SHA256, SHA512), 8 digits.
RFC6238_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


def b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


def test_hotp_gives_the_codes_of_rfc_4226_appendix_d():
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(RFC4226_SECRET, counter) for counter in range(10)] == expected


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238_VECTORS)
def test_totp_gives_the_codes_of_rfc_6238_appendix_b(at, sha1, sha256, sha512):
    for algorithm, code in (("SHA1", sha1), ("SHA256", sha256), ("SHA512", sha512)):
        assert totp.code_at(b32(RFC6238_SEEDS[algorithm]), at, digits=8, algorithm=algorithm) == code


def test_the_time_step_is_thirty_seconds_from_the_epoch():
    assert [totp.time_step(at) for at in (0, 29.9, 30, 59, 1111111109)] == [0, 0, 1, 1, 37037036]


def test_a_code_is_accepted_one_step_early_or_late_and_no_further():
    secret = totp.new_secret()
    at = 1_800_000_015.0
    step = totp.time_step(at)
    for offset in (-1, 0, 1):
        assert totp.matching_step(secret, totp.code_at(secret, at + 30 * offset), at) == step + offset
    for offset in (-3, -2, 2, 3):
        code = totp.code_at(secret, at + 30 * offset)
        if code not in {totp.code_at(secret, at + 30 * near) for near in (-1, 0, 1)}:
            assert totp.matching_step(secret, code, at) is None


def test_a_code_of_a_used_step_or_an_earlier_one_is_refused():
    secret = totp.new_secret()
    at = 1_800_000_015.0
    step = totp.time_step(at)
    now_code = totp.code_at(secret, at)
    assert totp.matching_step(secret, now_code, at, last_used_step=step) is None
    assert totp.matching_step(secret, totp.code_at(secret, at - 30), at, last_used_step=step - 1) is None
    assert totp.matching_step(secret, totp.code_at(secret, at + 30), at, last_used_step=step) == step + 1


def test_codes_are_read_with_spaces_and_anything_else_is_refused():
    secret = totp.new_secret()
    at = 1_800_000_015.0
    code = totp.code_at(secret, at)
    assert totp.matching_step(secret, f" {code[:3]} {code[3:]} ", at) == totp.time_step(at)
    for bad in ("", "12345", "1234567", "abcdef", "12345a"):
        assert totp.matching_step(secret, bad, at) is None


def test_a_new_secret_is_160_random_bits_in_base32():
    first, second = totp.new_secret(), totp.new_secret()
    assert len(first) == 32 and first != second
    assert len(totp.secret_bytes(first)) == 20
    assert totp.secret_bytes("jbsw y3dp ehpk 3pxp") == b"Hello!\xde\xad\xbe\xef"


def test_the_provisioning_uri_names_the_issuer_and_the_account():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", "siti", "Koperasi ERP")
    assert uri.startswith("otpauth://totp/Koperasi%20ERP:siti?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri and "issuer=Koperasi+ERP" in uri
    assert "digits=6" in uri and "period=30" in uri and "algorithm=SHA1" in uri
