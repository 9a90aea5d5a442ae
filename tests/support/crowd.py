"""Many signed-in returnees at once, for concurrency tests and benchmarks: users, profiles and server-side sessions
inserted in bulk (no password hashing, no login round trip), each with its session cookie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.security import new_token, token_hash
from sankofa.identity.models import User, WebSession
from sankofa.profiles.models import ReturneeProfile

CSRF = "crowd-csrf-token-0123456789abcdef"  # every crowd session's CSRF token (sent as X-CSRF-Token)


async def crowd(session: AsyncSession, *, count: int, prefix: str = "crowd") -> list[str]:
    """`count` returnees with a profile and a live session; returns their session cookies, committed."""
    now = datetime.now(UTC)
    users = [
        User(
            email=f"{prefix}-{n}@crowd.test",
            display_name=f"Crowd {n}",
            role="returnee",
            locale="fr",
            email_verified_at=now,
        )
        for n in range(count)
    ]
    session.add_all(users)
    await session.flush()
    cookies = [new_token() for _ in users]
    session.add_all(
        ReturneeProfile(user_id=user.id or 0, full_name=user.display_name, contact_email=user.email) for user in users
    )
    session.add_all(
        WebSession(id=token_hash(cookie), user_id=user.id, csrf_token=CSRF, expires_at=now + timedelta(hours=2))
        for user, cookie in zip(users, cookies, strict=True)
    )
    await session.commit()
    return cookies
