"""Audit trail: access to someone's data by another party, and account-level events."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.models import AuditEvent


async def record(
    session: AsyncSession,
    *,
    action: str,
    actor_user_id: int | None,
    subject_user_id: int | None = None,
    actor_organisation_id: int | None = None,
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit row to the caller's transaction."""
    event = AuditEvent(
        action=action,
        actor_user_id=actor_user_id,
        subject_user_id=subject_user_id,
        actor_organisation_id=actor_organisation_id,
        ip=ip,
        detail=detail or {},
    )
    session.add(event)
    return event


async def events_about(session: AsyncSession, *, user_id: int, limit: int = 200) -> list[AuditEvent]:
    """What was done with this user's data, newest first: the user's own audit page."""
    result = await session.exec(
        select(AuditEvent).where(AuditEvent.subject_user_id == user_id).order_by(col(AuditEvent.at).desc()).limit(limit)
    )
    return list(result.all())
