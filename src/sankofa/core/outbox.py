"""Transactional outbox: jobs are written as rows in the caller's transaction and relayed to the broker.

A crash between commit and enqueue loses nothing: the relay (in every worker process) picks up rows that
are not yet enqueued. A crash between enqueue and marking the row leads to a second delivery, which is why
every actor is idempotent and dramatiq's message id is the row id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import run_sql
from sankofa.core.models import OutboxMessage

NOTIFY_CHANNEL = "sankofa_outbox"


async def add(session: AsyncSession, *, actor: str, args: dict[str, Any]) -> OutboxMessage:
    """Schedule `actor(**args)` to run once the surrounding transaction commits."""
    message = OutboxMessage(actor=actor, args=args)
    session.add(message)
    # NOTIFY is transactional: the relay wakes only if the transaction commits.
    await run_sql(session, text(f"NOTIFY {NOTIFY_CHANNEL}"))
    return message
