"""A seat offered from the waiting list: taken or turned down by its person, or passed on by the job when its
deadline goes by. Each path locks the category row first, like every change of a seat (`seats`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import Conflict
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.events import notices, registration, seats
from sankofa.events.models import Event, EventRegistration, EventStatus, RegistrationMode, RegistrationStatus
from sankofa.identity.models import User


async def answer_offer(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, accept: bool, settings: Settings
) -> EventRegistration:
    """Take (or turn down) the seat offered from the waiting list.

    Raises:
        Conflict: there is no offer (any more), or it has expired.
        NotFound: not a registration of this user.
    """
    row, event = await registration.own(session, user=user, public_id=public_id)
    row = await registration.locked(session, row=row, event=event)
    if row.status != RegistrationStatus.OFFERED:
        raise Conflict(_("There is no seat offered to you for this event."))
    now = datetime.now(UTC)
    if row.offer_expires_at is not None and row.offer_expires_at <= now:
        await registration.release(session, event=event, row=row, to=RegistrationStatus.EXPIRED, settings=settings)
        await notices.tell(session, event=event, registrations=[row], change="expired", settings=settings)
        raise Conflict(_("The offer expired: the seat was offered to the next person on the waiting list."))
    if not accept:
        await registration.release(session, event=event, row=row, to=RegistrationStatus.DECLINED, settings=settings)
        return row
    validated = event.registration_mode == RegistrationMode.VALIDATED
    row.status = RegistrationStatus.PENDING if validated else RegistrationStatus.REGISTERED
    row.sequence += 1
    row.offer_expires_at = None
    row.updated_at = now
    session.add(row)
    await session.flush()
    await notices.tell(session, event=event, registrations=[row], change=row.status, settings=settings)
    return row


async def expire_offers(session: AsyncSession, *, settings: Settings, now: datetime | None = None) -> int:
    """Offers past their deadline pass on to the next person waiting; returns how many expired. Idempotent, and
    safe with several workers: each offer is re-read under its category's lock and skipped if already handled."""
    now = now or datetime.now(UTC)
    due = await session.exec(
        select(EventRegistration.id, EventRegistration.category_id)
        .where(EventRegistration.status == RegistrationStatus.OFFERED, col(EventRegistration.offer_expires_at) <= now)
        .order_by(col(EventRegistration.offer_expires_at))
        .limit(500)
    )
    expired = 0
    for registration_id, category_id in due.all():
        await seats.lock(session, category_id=category_id)
        row = (
            await session.exec(
                select(EventRegistration)
                .where(
                    EventRegistration.id == registration_id,
                    EventRegistration.status == RegistrationStatus.OFFERED,
                    col(EventRegistration.offer_expires_at) <= now,
                )
                .with_for_update(skip_locked=True)
                .execution_options(populate_existing=True)
            )
        ).first()
        event = await session.get(Event, row.event_id) if row is not None else None
        if row is None or event is None or event.status == EventStatus.CANCELLED:
            continue
        await registration.release(session, event=event, row=row, to=RegistrationStatus.EXPIRED, settings=settings)
        await notices.tell(session, event=event, registrations=[row], change="expired", settings=settings)
        expired += 1
    await session.flush()
    return expired
