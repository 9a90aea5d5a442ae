"""Registering for an event, cancelling, leaving with one's account; and the two steps every seat change shares
(`locked`, `release`), used by `offers` (the waiting list) and `decisions` (the organisers') too.

Each function locks the category row first (`seats.lock`), then reads the registrations afresh: capacity is decided
by PostgreSQL under that lock, in the caller's one transaction, never by counting rows in Python.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.db.engine import run_sql
from sankofa.core.errors import Conflict, NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.core.settings import Settings
from sankofa.events import notices, participants, seats
from sankofa.events.models import (
    ACTIVE,
    SEAT_HOLDING,
    Event,
    EventCategory,
    EventRegistration,
    EventStatus,
    RegistrationMode,
    RegistrationStatus,
)
from sankofa.identity.models import User

_SHARE_EVENT = text("SELECT status FROM event WHERE id = :id FOR SHARE")


def why_closed(event: Event, *, now: datetime | None = None) -> str | None:
    """Why registration is not open now (translated), or None when it is."""
    now = now or datetime.now(UTC)
    if event.status == EventStatus.CANCELLED:
        return _("This event was cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _("This event is not published yet.")
    if event.ends_at and event.ends_at < now:
        return _("This event is over.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if event.registration_closes_at and now > event.registration_closes_at:
        return _("Registration is closed.")
    return None


async def open_event(session: AsyncSession, *, public_id: uuid.UUID, now: datetime | None = None) -> Event:
    """A published event whose registration window is open.

    Raises:
        NotFound: no such published event (drafts are nobody's business but their organisers').
        Conflict: the event was cancelled, is over, or registration is not open.
    """
    event = (await session.exec(select(Event).where(Event.public_id == public_id))).first()
    if event is None or event.status == EventStatus.DRAFT:
        raise NotFound(_("This event does not exist or is not published."))
    if (reason := why_closed(event, now=now)) is not None:
        raise Conflict(reason)
    return event


async def category_for(session: AsyncSession, *, event: Event, kind: str) -> EventCategory:
    """The event's seats for `kind`.

    Raises:
        Conflict: the event has no seats for this kind of participant.
    """
    found = (
        await session.exec(select(EventCategory).where(EventCategory.event_id == event.id, EventCategory.kind == kind))
    ).first()
    if found is None or found.quota <= 0:
        raise Conflict(_("This event has no seats for your kind of participant."))
    return found


async def _existing(
    session: AsyncSession, *, event_id: int, user: User, organisation_id: int | None
) -> EventRegistration | None:
    """The row to reuse: the user's own, else (employers, partners) the organisation's."""
    mine = (
        await session.exec(
            select(EventRegistration)
            .where(EventRegistration.event_id == event_id, EventRegistration.user_id == user.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()
    if mine is not None or organisation_id is None:
        return mine
    return (
        await session.exec(
            select(EventRegistration)
            .where(EventRegistration.event_id == event_id, EventRegistration.organisation_id == organisation_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).first()


async def register(
    session: AsyncSession,
    *,
    user: User,
    public_id: uuid.UUID,
    form: Form,
    locale: str,
    settings: Settings,
    ip: str | None = None,
) -> EventRegistration:
    """Register the user (and their organisation) in their role's category: a seat if one is left, else the
    waiting list. Registering again while registered returns the same registration.

    Raises:
        ValidationFailed: a field is wrong, or a returnee did not consent.
        Conflict: registration is not open, no seats for this kind, or the organisation is already registered.
        PermissionDenied: the role does not register, or its organisation is not verified.
        NotFound: no such published event.
    """
    event = await open_event(session, public_id=public_id)
    assert event.id is not None and user.id is not None
    offered = await participants.options(session, user=user, event=event, locale=locale)
    category = await category_for(session, event=event, kind=offered.kind)
    values, errors = participants.parse(form, user=user, event=event, offered=offered)
    if values is None:
        raise ValidationFailed(errors)
    known = await notices.recipients(session, event=event, user_ids={user.id})  # read before the lock below
    # Shared: any number register at once; a cancellation of the event waits for them (and mails them).
    if (await run_sql(session, _SHARE_EVENT, {"id": event.id})).scalar_one() != EventStatus.PUBLISHED:
        raise Conflict(_("This event was cancelled."))
    assert category.id is not None
    await seats.lock(session, category_id=category.id)
    row = await _existing(session, event_id=event.id, user=user, organisation_id=values.organisation_id)
    if row is not None and row.status in ACTIVE:
        if row.user_id == user.id:
            return row
        raise Conflict(_("Someone else from your organisation has already registered it for this event."))
    now = datetime.now(UTC)
    if row is None:
        row = EventRegistration(event_id=event.id, category_id=category.id, user_id=user.id)
    else:
        row.sequence += 1  # a calendar that kept the old (cancelled) entry takes the new one
        row.user_id, row.category_id, row.cancelled_at, row.priority = user.id, category.id, None, 0
    row.organisation_id = values.organisation_id
    row.consented_at = now if values.consented else None
    row.shared_fields = values.shared_fields if values.consented else []
    row.answers, row.booth_wish = values.answers, values.booth_wish
    row.representative_ids, row.vacancy_ids = values.representative_ids, values.vacancy_ids
    row.interest_sectors, row.interest_regions = values.interest_sectors, values.interest_regions
    row.offered_at = row.offer_expires_at = None
    row.updated_at = now
    if await seats.take(session, category_id=category.id):
        validated = event.registration_mode == RegistrationMode.VALIDATED
        row.status = RegistrationStatus.PENDING if validated else RegistrationStatus.REGISTERED
        row.waitlisted_at = None
    else:
        row.status = RegistrationStatus.WAITLISTED
        row.waitlisted_at = now
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        action="event.registered",
        actor_user_id=user.id,
        subject_user_id=user.id,
        actor_organisation_id=values.organisation_id,
        ip=ip,
        detail={"event": str(event.public_id), "status": row.status, "shared": row.shared_fields},
    )
    await notices.tell(session, event=event, registrations=[row], change=row.status, settings=settings, known=known)
    return row


async def own(session: AsyncSession, *, user: User, public_id: uuid.UUID) -> tuple[EventRegistration, Event]:
    """The user's registration with its event.

    Raises:
        NotFound: not a registration of this user.
    """
    found = (
        await session.exec(
            select(EventRegistration, Event)
            .join(Event, col(Event.id) == EventRegistration.event_id)
            .where(EventRegistration.public_id == public_id, EventRegistration.user_id == user.id)
        )
    ).first()
    if found is None:
        raise NotFound(_("This registration does not exist."))
    return found[0], found[1]


async def release(session: AsyncSession, *, event: Event, row: EventRegistration, to: str, settings: Settings) -> None:
    """Move a locked registration to `to`; a seat it held goes to the next person waiting."""
    held = row.status in SEAT_HOLDING
    row.status = to
    row.sequence += 1
    row.updated_at = datetime.now(UTC)
    if to == RegistrationStatus.CANCELLED:
        row.cancelled_at = row.updated_at
    session.add(row)
    await session.flush()
    offered = await seats.free(session, event=event, category_id=row.category_id) if held else None
    if offered is not None:
        await notices.tell(session, event=event, registrations=[offered], change="offered", settings=settings)


async def locked(session: AsyncSession, *, row: EventRegistration, event: Event) -> EventRegistration:
    """The registration re-read under its category's lock (its status may have moved since it was read)."""
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("This event was cancelled."))
    await seats.lock(session, category_id=row.category_id)
    assert row.id is not None
    return await seats.registration_for_update(session, row.id)


async def cancel(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, settings: Settings, ip: str | None = None
) -> EventRegistration:
    """The registrant cancels (a seat, a waiting-list place or an offer); cancelling twice is harmless."""
    row, event = await own(session, user=user, public_id=public_id)
    row = await locked(session, row=row, event=event)
    if row.status not in ACTIVE:
        return row
    await release(session, event=event, row=row, to=RegistrationStatus.CANCELLED, settings=settings)
    await notices.tell(session, event=event, registrations=[row], change="cancelled", settings=settings)
    await audit.record(
        session,
        action="event.registration_cancelled",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        detail={"event": str(event.public_id)},
    )
    return row


async def forget_person(session: AsyncSession, *, user_id: int, settings: Settings) -> None:
    """The account is being deleted: give up its seats and places (offered on, as usual), then delete its
    registrations (answers, consent) and take it off other registrations' representatives."""
    rows = (await session.exec(select(EventRegistration).where(EventRegistration.user_id == user_id))).all()
    for row in rows:
        event = await session.get(Event, row.event_id)
        if event is None:
            continue
        if row.status in ACTIVE and event.status != EventStatus.CANCELLED:
            fresh = await locked(session, row=row, event=event)
            if fresh.status in ACTIVE:
                await release(session, event=event, row=fresh, to=RegistrationStatus.CANCELLED, settings=settings)
        await session.delete(row)
    await run_sql(
        session,
        text(
            "UPDATE event_registration SET representative_ids = array_remove(representative_ids, :uid) "
            "WHERE :uid = ANY(representative_ids)"
        ),
        {"uid": user_id},
    )
    await session.flush()
