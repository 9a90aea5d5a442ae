"""Password hashing (argon2) and random tokens stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Compared against when the account does not exist, so timing does not reveal which emails are registered.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; always spends the same work, even without a hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password_off_loop(password: str) -> str:
    """`hash_password` in a worker thread: argon2 spends ~50 ms of CPU by design."""
    from sankofa.core import cpu

    return await cpu.run(hash_password, password)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """`verify_password` in a worker thread."""
    from sankofa.core import cpu

    return await cpu.run(verify_password, password_hash, password)


def new_token() -> str:
    """A URL-safe random token (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token: a leak of the table gives no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
