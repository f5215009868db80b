"""Password hashes: argon2id for new ones; scrypt hashes of earlier versions still verify.

A hash made with older parameters (scrypt N=2^15 as 0.1 and 0.2 made them, or argon2id with
weaker settings) verifies as before and is reported for an upgrade, which the sign-in does.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2id with the RFC 9106 second recommended option (64 MiB, 3 passes) as argon2-cffi sets.
_ARGON2 = PasswordHasher()
# scrypt as earlier versions stored it: 'scrypt$N$r$p$salt$hash' (base64 salt and hash).
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_SCRYPT_MAX_N = 2**17
# At most this many hashes at once per process: 16 server threads each hashing would need
# 1 GiB; the others wait their turn.
HASH_SLOTS = threading.BoundedSemaphore(4)


def hash_password(password: str) -> str:
    """Return an argon2id hash of password (PHC string: '$argon2id$v=19$m=...')."""
    with HASH_SLOTS:
        return _ARGON2.hash(password)


def _verify_scrypt(stored: str, password: str) -> bool:
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt" or not 2 <= int(n) <= _SCRYPT_MAX_N or not 1 <= int(r) * int(p) <= 64:
        return False
    expected = base64.b64decode(digest, validate=True)
    actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt, validate=True),
                            n=int(n), r=int(r), p=int(p),
                            maxmem=max(_SCRYPT_MAXMEM, 256 * int(n) * int(r)), dklen=32)
    return hmac.compare_digest(actual, expected)


def verify_password(stored: str, password: str) -> bool:
    """Tell whether password matches a stored hash (argon2id, or scrypt of earlier versions).

    A malformed or foreign hash never matches; the compare is constant-time.
    """
    try:
        with HASH_SLOTS:
            if stored.startswith("$argon2"):
                return _ARGON2.verify(stored, password)
            return _verify_scrypt(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    except (ValueError, TypeError):
        return False


def needs_upgrade(stored: str) -> bool:
    """Tell whether a (verified) hash was made with older parameters than hash_password uses."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _ARGON2.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password: checked for unknown users, so they cost as much time."""
    return hash_password(secrets.token_urlsafe(16))
