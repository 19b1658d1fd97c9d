"""Time-based one-time passwords: TOTP (RFC 6238) over HOTP (RFC 4226), as authenticator apps compute them.

A secret is shared once (as base32 text or a QR code of its ``otpauth://`` URI); afterwards both sides
compute ``HOTP(secret, floor(unix_time / 30))`` truncated to 6 digits with HMAC-SHA1 — the defaults of
Google Authenticator, FreeOTP, Aegis and the like. A code is accepted one step early or late (clocks
drift), and never for a step at or before the last one used, so a code cannot be replayed.

Only the standard library: ``hmac``, ``hashlib``, ``base64``, ``secrets``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1  # steps accepted either side of now
SECRET_BYTES = 20  # 160 bits, RFC 4226's recommended length for SHA-1
ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def new_secret() -> str:
    """A fresh random secret as unpadded base32 (32 characters for 20 bytes)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    """Base32 text (any case, spaces ignored, padding optional) → the key bytes."""
    text = secret.replace(" ", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """RFC 4226 section 5.3: HMAC of the 8-byte big-endian counter, dynamically truncated to ``digits``."""
    mac = hmac.new(key, struct.pack(">Q", counter), ALGORITHMS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(at: float | None = None, step: int = STEP_SECONDS) -> int:
    """RFC 6238 section 4.2: T = floor((unix time − T0) / X), with T0 = 0."""
    return int((time.time() if at is None else at) // step)


def code_at(secret: str, at: float | None = None, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """The code an authenticator app shows at time ``at`` (now by default) for a base32 secret."""
    return hotp(secret_bytes(secret), time_step(at), digits, algorithm)


def matching_step(
    secret: str, code: str, at: float | None = None, last_used_step: int | None = None, window: int = WINDOW
) -> int | None:
    """The time step whose code ``code`` is, within ``window`` steps of ``at`` and later than
    ``last_used_step`` (so a used code, or an older one, is refused); None when there is none."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key = secret_bytes(secret)
    now = time_step(at)
    for step in range(now - window, now + window + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(hotp(key, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://totp/…`` URI that authenticator apps read from a QR code (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"
