"""Fixed-window rate limits kept in PostgreSQL, so every web replica shares them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.engine import run_sql

_UPSERT = text(
    """
    INSERT INTO rate_limit_hit (key, window_start, count) VALUES (:key, :window, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_hit.window_start = :window THEN rate_limit_hit.count + 1 ELSE 1 END,
      window_start = :window
    RETURNING count
    """
)


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, UTC)


async def hit(session: AsyncSession, *, key: str, window_seconds: int, now: datetime | None = None) -> int:
    """Count one attempt for `key` in the current window and return the count so far."""
    window = _window(now or datetime.now(UTC), window_seconds)
    result = await run_sql(session, _UPSERT, {"key": key, "window": window})
    return int(result.scalar_one())


async def count(session: AsyncSession, *, key: str, window_seconds: int) -> int:
    """Attempts already counted for `key` in the current window."""
    window = _window(datetime.now(UTC), window_seconds)
    result = await run_sql(
        session,
        text("SELECT count FROM rate_limit_hit WHERE key = :key AND window_start = :window"),
        {"key": key, "window": window},
    )
    return int(result.scalar_one_or_none() or 0)


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
    """Seconds until the current window ends."""
    epoch = int(datetime.now(UTC).timestamp())
    return window_seconds - epoch % window_seconds


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
