"""Sliding-window rate limits kept in PostgreSQL, so every web replica shares them.

Each key keeps the count of the current fixed window and of the one before; the level is the current count plus the
previous one weighted by the share of it still inside the last window (the estimate Cloudflare and nginx use).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import run_sql
from sankofa.core.db.transaction import own_transaction

_UPSERT = text(
    """
    INSERT INTO rate_limit_hit (key, window_start, count, previous_count) VALUES (:key, :window, 1, 0)
    ON CONFLICT (key) DO UPDATE SET
      previous_count = CASE
        WHEN rate_limit_hit.window_start = :window THEN rate_limit_hit.previous_count
        WHEN rate_limit_hit.window_start = :previous THEN rate_limit_hit.count
        ELSE 0 END,
      count = CASE WHEN rate_limit_hit.window_start = :window THEN rate_limit_hit.count + 1 ELSE 1 END,
      window_start = :window
    RETURNING count, previous_count
    """
)


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


def _level(current: int, previous: int, *, now: datetime, window: datetime, seconds: int) -> int:
    """The sliding-window estimate: this window's count plus the previous one's, weighted by how much of it
    still lies within the last `seconds` (so a burst across a window boundary counts whole, not twice the limit).
    Rounded up: ten failures a second ago are still ten, not 9.99 (which would let an eleventh through)."""
    elapsed = (now - window).total_seconds() / seconds
    return current + math.ceil(previous * max(0.0, 1.0 - elapsed))


async def hit(session: AsyncSession, *, key: str, window_seconds: int, now: datetime | None = None) -> int:
    """Count one attempt for `key` and return how many fall within the last `window_seconds` (estimated).

    The count is committed at once, in a transaction of its own: the attempt counts even when the request it
    belongs to is refused and rolled back (a wrong password, a report over the limit).
    """
    now = now or datetime.now(UTC)
    window = _window(now, window_seconds)
    previous = window - timedelta(seconds=window_seconds)
    async with own_transaction(session) as connection:
        result = await connection.execute(_UPSERT, {"key": key, "window": window, "previous": previous})
        row: tuple[Any, ...] = tuple(result.one())
    current, before = int(row[0]), int(row[1])
    return _level(current, before, now=now, window=window, seconds=window_seconds)


async def count(session: AsyncSession, *, key: str, window_seconds: int, now: datetime | None = None) -> int:
    """Attempts already counted for `key` within the last `window_seconds` (estimated as `hit` does)."""
    now = now or datetime.now(UTC)
    window = _window(now, window_seconds)
    result = await run_sql(
        session,
        text("SELECT window_start, count, previous_count FROM rate_limit_hit WHERE key = :key"),
        {"key": key},
    )
    found = result.one_or_none()
    if found is None:
        return 0
    row: tuple[Any, ...] = tuple(found)
    start, current, before = row[0], int(row[1]), int(row[2])
    if start == window:
        return _level(current, before, now=now, window=window, seconds=window_seconds)
    if start == window - timedelta(seconds=window_seconds):
        return _level(0, current, now=now, window=window, seconds=window_seconds)
    return 0


async def mark(session: AsyncSession, *, key: str) -> None:
    """Remember that `key` happened now (a login from a known IP); `marked_since` asks about it."""
    await run_sql(
        session,
        text(
            "INSERT INTO rate_limit_hit (key, window_start, count) VALUES (:key, :now, 1) "
            "ON CONFLICT (key) DO UPDATE SET window_start = :now, count = 1"
        ),
        {"key": key, "now": datetime.now(UTC)},
    )


async def marked_since(session: AsyncSession, *, key: str, since: timedelta) -> bool:
    """Whether `mark` was called for `key` within the last `since`."""
    result = await run_sql(
        session,
        text("SELECT 1 FROM rate_limit_hit WHERE key = :key AND window_start >= :limit"),
        {"key": key, "limit": datetime.now(UTC) - since},
    )
    return result.scalar_one_or_none() is not None


async def clear(session: AsyncSession, *, key: str) -> None:
    await run_sql(session, text("DELETE FROM rate_limit_hit WHERE key = :key"), {"key": key})


def retry_after(window_seconds: int) -> int:
    """How long a refused caller should wait: one window, after which what it did until now weighs at most the
    share of the window that had passed when it did it (a caller still over the limit then is told again)."""
    return window_seconds


async def purge_old(
    session: AsyncSession,
    *,
    older_than: timedelta = timedelta(days=1),
    marks_older_than: timedelta = timedelta(days=90),
) -> None:
    """Drop finished windows, and marks (keys starting with "known:") older than `marks_older_than`."""
    now = datetime.now(UTC)
    await run_sql(
        session,
        text(
            "DELETE FROM rate_limit_hit WHERE (window_start < :limit AND key NOT LIKE 'known:%') "
            "OR window_start < :marks_limit"
        ),
        {"limit": now - older_than, "marks_limit": now - marks_older_than},
    )
