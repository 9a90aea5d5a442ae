"""Server-side sessions: a random id in the cookie, its hash as the key, a CSRF token per session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.security import new_token, token_hash
from sankofa.identity.models import User, WebSession

ANONYMOUS_LIFETIME = timedelta(days=1)
TOUCH_EVERY = timedelta(minutes=1)  # how stale `last_seen_at` may get: one write a minute, not one per request


@dataclass
class LoadedSession:
    """A session row with its user (None when anonymous) and the raw cookie value."""

    cookie: str
    row: WebSession
    user: User | None


async def load(session: AsyncSession, *, cookie: str | None, idle: timedelta) -> LoadedSession | None:
    """The live session behind `cookie`; None when unknown, past its lifetime, or unused for longer than `idle`.

    An ended session is deleted, so the cookie cannot revive it; a live one notes the time it was last used.
    """
    if not cookie or len(cookie) > 100:
        return None
    row = await session.get(WebSession, token_hash(cookie))
    now = datetime.now(UTC)
    if row is None or row.expires_at <= now:
        return None
    if row.last_seen_at + idle <= now:
        await session.delete(row)
        await session.flush()
        return None
    user = await session.get(User, row.user_id) if row.user_id else None
    if user is not None and user.deleted_at is not None:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        await session.flush()
    return LoadedSession(cookie=cookie, row=row, user=user)


async def create(
    session: AsyncSession, *, user_id: int | None, lifetime: timedelta, locale: str | None = None
) -> tuple[str, WebSession]:
    """A fresh session; returns the cookie value and the row (not yet committed)."""
    cookie = new_token()
    row = WebSession(
        id=token_hash(cookie),
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32),
        locale=locale,
        expires_at=datetime.now(UTC) + lifetime,
    )
    session.add(row)
    return cookie, row


async def rotate(
    session: AsyncSession, *, old: WebSession | None, user_id: int | None, lifetime: timedelta
) -> tuple[str, WebSession]:
    """Replace the current session by a new id (login, logout): a planted session id becomes useless."""
    locale = old.locale if old else None
    if old is not None:
        await session.exec(delete(WebSession).where(col(WebSession.id) == old.id))
    cookie, row = await create(session, user_id=user_id, lifetime=lifetime, locale=locale)
    await session.flush()
    return cookie, row


async def end_all_for(session: AsyncSession, *, user_id: int) -> None:
    """Log a user out everywhere (password reset, account deletion)."""
    await session.exec(delete(WebSession).where(col(WebSession.user_id) == user_id))


async def purge_expired(session: AsyncSession) -> int:
    result = await session.exec(delete(WebSession).where(col(WebSession.expires_at) < datetime.now(UTC)))
    return int(result.rowcount or 0)


async def by_user(session: AsyncSession, *, user_id: int) -> list[WebSession]:
    result = await session.exec(select(WebSession).where(WebSession.user_id == user_id))
    return list(result.all())


async def end(session: AsyncSession, *, row: WebSession) -> None:
    """Log out this session."""
    await session.exec(delete(WebSession).where(col(WebSession.id) == row.id))
    await session.flush()
