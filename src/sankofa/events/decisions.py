"""Organisers' decisions on registrations: approve or reject (validated events), and a waiting person's priority."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.errors import Conflict, NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.events import access, notices, registration
from sankofa.events.models import Event, EventRegistration, RegistrationStatus
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation

MAX_PRIORITY = 9


async def decide(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, approve: bool, settings: Settings, ip: str | None = None
) -> EventRegistration:
    """An organiser approves a pending registration, or rejects a pending or waitlisted one.

    Raises:
        Conflict: the registration is in no state to decide on.
        NotFound: not a registration of an event the user organises.
    """
    row, event, org = await _organised(session, user=user, public_id=public_id)
    row = await registration.locked(session, row=row, event=event)
    if approve and row.status == RegistrationStatus.PENDING:
        row.status = RegistrationStatus.REGISTERED
        row.sequence += 1
        row.decided_by_id = user.id
        session.add(row)
        await session.flush()
        await notices.tell(session, event=event, registrations=[row], change="approved", settings=settings)
    elif not approve and row.status in {RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED}:
        row.decided_by_id = user.id
        await registration.release(session, event=event, row=row, to=RegistrationStatus.REJECTED, settings=settings)
        await notices.tell(session, event=event, registrations=[row], change="rejected", settings=settings)
    else:
        raise Conflict(_("This registration cannot be changed any more."))
    await audit.record(
        session,
        action="event.registration_approved" if approve else "event.registration_rejected",
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        subject_user_id=row.user_id,
        ip=ip,
        detail={"event": str(event.public_id)},
    )
    return row


async def prioritise(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, priority: int, ip: str | None = None
) -> EventRegistration:
    """An organiser sets a waitlisted person's priority (higher is offered a seat first; equal ones by time).

    Raises:
        ValidationFailed: the priority is not between 0 and 9.
        Conflict: the registration is not on the waiting list.
        NotFound: not a registration of an event the user organises.
    """
    row, event, org = await _organised(session, user=user, public_id=public_id)  # another's id: not found, first
    if not 0 <= priority <= MAX_PRIORITY:
        raise ValidationFailed(
            {"priority": _("Enter a whole number between %(low)s and %(high)s.") % {"low": 0, "high": MAX_PRIORITY}}
        )
    row = await registration.locked(session, row=row, event=event)
    if row.status != RegistrationStatus.WAITLISTED:
        raise Conflict(_("Only a place on the waiting list has a priority."))
    row.priority = priority
    row.decided_by_id = user.id
    session.add(row)
    await audit.record(
        session,
        action="event.registration_prioritised",
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        subject_user_id=row.user_id,
        ip=ip,
        detail={"event": str(event.public_id), "priority": priority},
    )
    await session.flush()
    return row


async def _organised(
    session: AsyncSession, *, user: User, public_id: uuid.UUID
) -> tuple[EventRegistration, Event, Organisation]:
    """A registration of an event the user organises, with the event and the organisation they act for.

    Raises:
        NotFound: no such registration, or not of an event the user organises.
    """
    found = (
        await session.exec(
            select(EventRegistration, Event)
            .join(Event, col(Event.id) == EventRegistration.event_id)
            .where(EventRegistration.public_id == public_id)
        )
    ).first()
    if found is None:
        raise NotFound(_("This registration does not exist."))
    event, org = await access.managed(session, user=user, public_id=found[1].public_id)
    return found[0], event, org
