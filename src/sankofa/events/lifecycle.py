"""Organisers' side of an event: save (create or edit, with sessions, categories, questions, co-organisers),
publish, cancel. Registrants are mailed (with their calendar entry) when a published event changes or is cancelled.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.errors import Conflict, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.core.settings import Settings
from sankofa.events import access, notices, schemas, seats
from sankofa.events.models import (
    ACTIVE,
    Event,
    EventCategory,
    EventCoOrganiser,
    EventQuestion,
    EventRegistration,
    EventSession,
    EventStatus,
)
from sankofa.events.schemas import EventCreate
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.reference import vocabulary

OSM = "https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=16/{lat:.5f}/{lon:.5f}"


async def partner_choices(session: AsyncSession) -> dict[int, str]:
    """Verified partner organisations that may be named co-organisers, by name."""
    result = await session.exec(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrgKind.PARTNER, Organisation.status == OrgStatus.VERIFIED)
        .order_by(col(Organisation.name))
    )
    return {org_id: name for org_id, name in result.all() if org_id is not None}


def publish_errors(event: Event, *, sessions: list[EventSession], categories: list[EventCategory]) -> dict[str, str]:
    """What keeps an event from going online (a draft may lack any of it)."""
    errors: dict[str, str] = {}
    if not sessions:
        errors["session_0_date"] = _("Add at least one session with its date and times.")
    if not any(category.quota > 0 for category in categories):
        errors["quota_returnee"] = _("Open seats for at least one kind of participant.")
    if event.online and not event.online_url:
        errors["online_url"] = _("Give the link of the online event.")
    if not event.online and not event.country:
        errors["location"] = _("Say where the event takes place, or mark it as online.")
    if event.registration_closes_at and event.ends_at and event.registration_closes_at > event.ends_at:
        errors["registration_closes"] = _("Registration must close before the event ends.")
    return errors


def _apply(event: Event, values: EventCreate) -> bool:
    """Copy the values onto the event; True when something registrants rely on (time, place, title) changed."""
    before = (event.title, event.starts_at, event.ends_at, event.online, event.online_url, event.address, event.city_id)
    event.kind, event.title, event.description = values.kind, values.title, values.description
    event.online, event.online_url = values.online, values.online_url
    event.venue_name, event.address, event.timezone = values.venue_name, values.address, values.timezone
    event.registration_mode, event.offer_hours = values.registration_mode, values.offer_hours
    event.registration_opens_at, event.registration_closes_at = (
        values.registration_opens_at,
        values.registration_closes_at,
    )
    event.shared_fields = values.shared_fields
    place = vocabulary.place(values.place_id) if values.place_id else None
    event.country = place.country if place else None
    event.region = place.region if place else None
    event.city_id = place.city_id if place else None
    event.lat, event.lon = (place.lat, place.lon) if place else (None, None)
    if values.map_url:
        event.map_url = values.map_url
    elif event.lat is not None and event.lon is not None:
        event.map_url = OSM.format(lat=event.lat, lon=event.lon)
    else:
        event.map_url = None
    if values.sessions:
        event.starts_at = min(s.starts_at for s in values.sessions)
        event.ends_at = max(s.ends_at for s in values.sessions)
    else:
        event.starts_at = event.ends_at = None
    event.updated_at = datetime.now(UTC)
    after = (event.title, event.starts_at, event.ends_at, event.online, event.online_url, event.address, event.city_id)
    return before != after


async def _replace_sessions(session: AsyncSession, *, event_id: int, values: EventCreate) -> list[EventSession]:
    await session.exec(delete(EventSession).where(col(EventSession.event_id) == event_id))
    rows = [
        EventSession(
            event_id=event_id,
            position=i,
            name=s.name,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            slot_minutes=s.slot_minutes,
            break_minutes=s.break_minutes,
        )
        for i, s in enumerate(values.sessions)
    ]
    session.add_all(rows)
    return rows


async def _save_categories(
    session: AsyncSession, *, event: Event, values: EventCreate, errors: dict[str, str]
) -> list[EventRegistration]:
    """Quotas per kind; a quota never drops below the seats taken. Returns the waitlisted people offered new seats."""
    assert event.id is not None
    existing = {category.kind: category for category in await seats.categories_of(session, event_id=event.id)}
    offered: list[EventRegistration] = []
    for kind in schemas.category_kinds():
        quota = values.quotas.get(kind, 0)
        category = existing.get(kind)
        if category is None:
            if quota:
                session.add(EventCategory(event_id=event.id, kind=kind, quota=quota))
            continue
        assert category.id is not None
        _quota, taken = await seats.lock(session, category_id=category.id)
        if quota < taken:
            errors[f"quota_{kind}"] = _("%(count)s seats are already taken: the quota cannot be lower.") % {
                "count": taken
            }
            continue
        raised = quota > category.quota
        category.quota = quota
        session.add(category)
        await session.flush()
        if raised:
            offered += await seats.fill(session, event=event, category_id=category.id)
    return offered


async def _save_questions(session: AsyncSession, *, event_id: int, values: EventCreate) -> None:
    """Questions keep their ids (answers are stored by id); a removed question's answers stay unasked."""
    existing = {
        q.id: q for q in (await session.exec(select(EventQuestion).where(EventQuestion.event_id == event_id))).all()
    }
    kept: set[int] = set()
    for position, question in enumerate(values.questions):
        row = existing.get(question.id) if question.id is not None else None
        if row is None:
            row = EventQuestion(event_id=event_id, label=question.label)
        else:
            kept.add(question.id or 0)
        row.position, row.label, row.required = position, question.label, question.required
        session.add(row)
    for question_id, row in existing.items():
        if question_id not in kept:
            await session.delete(row)


async def _save_co_organisers(session: AsyncSession, *, event_id: int, values: EventCreate) -> None:
    await session.exec(delete(EventCoOrganiser).where(col(EventCoOrganiser.event_id) == event_id))
    session.add_all(EventCoOrganiser(event_id=event_id, organisation_id=org) for org in values.co_organiser_ids)


async def save(
    session: AsyncSession,
    *,
    user: User,
    public_id: uuid.UUID | None,
    form: Form,
    locale: str,
    settings: Settings,
    ip: str | None = None,
) -> Event:
    """Create a draft (no `public_id`) or edit an event the user organises; a published one stays published.

    Raises:
        ValidationFailed: a field is wrong, a quota is below the seats taken, or a published event would no
            longer meet the publishing rules.
        PermissionDenied: creating, and the user is in no verified local authority.
        NotFound: `public_id` is not an event the user organises.
        Conflict: the event was cancelled.
    """
    values, errors = schemas.parse(form, locale=locale, partner_ids=set(await partner_choices(session)))
    if values is None:
        raise ValidationFailed(errors)
    if public_id is None:
        org = await access.authority_of(session, user)
        assert org.id is not None
        event = Event(organisation_id=org.id, created_by_id=user.id, kind=values.kind)
    else:
        event, org = await access.managed(session, user=user, public_id=public_id, for_update=True)
        if event.status == EventStatus.CANCELLED:
            raise Conflict(_("This event was cancelled and can no longer be changed."))
    changed = _apply(event, values)
    session.add(event)
    await session.flush()
    assert event.id is not None
    sessions = await _replace_sessions(session, event_id=event.id, values=values)
    offered = await _save_categories(session, event=event, values=values, errors=errors)
    if errors:
        raise ValidationFailed(errors)
    await _save_questions(session, event_id=event.id, values=values)
    await _save_co_organisers(session, event_id=event.id, values=values)
    await session.flush()
    if event.status == EventStatus.PUBLISHED:
        categories = await seats.categories_of(session, event_id=event.id)
        if problems := publish_errors(event, sessions=sessions, categories=categories):
            raise ValidationFailed(problems)
        if changed:
            event.sequence += 1
            await notices.tell(
                session,
                event=event,
                registrations=await holders(session, event_id=event.id),
                change="changed",
                settings=settings,
            )
        await notices.tell(session, event=event, registrations=offered, change="offered", settings=settings)
    await _audit(
        session, "event.created" if public_id is None else "event.updated", user=user, org=org, event=event, ip=ip
    )
    await session.flush()
    return event


async def holders(session: AsyncSession, *, event_id: int) -> list[EventRegistration]:
    """Registrations still in play (seat held or waiting), oldest first."""
    result = await session.exec(
        select(EventRegistration)
        .where(EventRegistration.event_id == event_id, col(EventRegistration.status).in_(list(ACTIVE)))
        .order_by(col(EventRegistration.id))
    )
    return list(result.all())


async def publish(session: AsyncSession, *, user: User, public_id: uuid.UUID, ip: str | None = None) -> Event:
    """Put a draft online; publishing twice is harmless.

    Raises:
        PermissionDenied: the owning authority is not verified.
        ValidationFailed: the event does not meet the publishing rules.
        Conflict: the event was cancelled.
        NotFound: not an event the user organises.
    """
    event, org = await access.managed(session, user=user, public_id=public_id, for_update=True)
    if event.status == EventStatus.PUBLISHED:
        return event
    if event.status == EventStatus.CANCELLED:
        raise Conflict(_("This event was cancelled and can no longer be published."))
    owner = await session.get(Organisation, event.organisation_id)
    if owner is None or owner.status != OrgStatus.VERIFIED or owner.kind != OrgKind.AUTHORITY:
        raise PermissionDenied(_("Only a verified local authority's events can be published."))
    assert event.id is not None
    sessions = list((await session.exec(select(EventSession).where(EventSession.event_id == event.id))).all())
    categories = await seats.categories_of(session, event_id=event.id)
    if problems := publish_errors(event, sessions=sessions, categories=categories):
        raise ValidationFailed(problems, _("This event cannot be published yet."))
    event.status = EventStatus.PUBLISHED
    event.published_at = datetime.now(UTC)
    session.add(event)
    await _audit(session, "event.published", user=user, org=org, event=event, ip=ip)
    await session.flush()
    return event


async def cancel(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, reason: str, settings: Settings, ip: str | None = None
) -> Event:
    """Cancel the event and tell every registrant (their calendar entry is removed); cancelling twice is harmless.

    Raises:
        ValidationFailed: the reason is too long.
        NotFound: not an event the user organises.
    """
    if len(reason) > 2000:
        raise ValidationFailed({"reason": _("At most %(count)s characters.") % {"count": 2000}})
    event, org = await access.managed(session, user=user, public_id=public_id, for_update=True)
    if event.status == EventStatus.CANCELLED:
        return event
    was_published = event.status == EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancelled_at = datetime.now(UTC)
    event.cancel_reason = reason
    event.sequence += 1
    session.add(event)
    await session.flush()
    assert event.id is not None
    if was_published:
        everyone = await holders(session, event_id=event.id)
        await notices.tell(session, event=event, registrations=everyone, change="called_off", settings=settings)
    await _audit(session, "event.cancelled", user=user, org=org, event=event, ip=ip)
    await session.flush()
    return event


async def _audit(
    session: AsyncSession, action: str, *, user: User, org: Organisation, event: Event, ip: str | None
) -> None:
    await audit.record(
        session,
        action=action,
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        ip=ip,
        detail={"event": str(event.public_id)},
    )
