"""Housekeeping run periodically by the worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import ratelimit
from sankofa.core.models import OutboxMessage
from sankofa.identity import sessions as web_sessions


async def purge(session: AsyncSession) -> None:
    await web_sessions.purge_expired(session)
    await ratelimit.purge_old(session)
    await session.exec(
        delete(OutboxMessage).where(col(OutboxMessage.enqueued_at) < datetime.now(UTC) - timedelta(days=7))
    )
    await session.flush()
