"""Reading events: the public search (region, dates, kind; upcoming first), one event's page, the organisers'
list of their events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import inputs
from sankofa.core.errors import NotFound
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.events import access, calendar, registration, schemas, seats
from sankofa.events.models import (
    Event,
    EventCategory,
    EventCoOrganiser,
    EventQuestion,
    EventRegistration,
    EventSession,
    EventStatus,
    RegistrationStatus,
)
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.reference import vocabulary

PAGE_SIZE = 20


@dataclass(frozen=True)
class EventQuery:
    region: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


def parse_query(query: Form) -> tuple[EventQuery, dict[str, str]]:
    """The search form's values; a wrong one is named (the search runs without it)."""
    errors: dict[str, str] = {}
    kind = inputs.choice(query, "kind", schemas.kinds(), errors)
    region = inputs.text(query, "region")[:20] or None
    date_from = inputs.date_value(query, "from", errors, earliest=2000)
    date_to = inputs.date_value(query, "to", errors, earliest=2000)
    page = inputs.int_value(query, "page", errors, low=1, high=1000) if inputs.text(query, "page") else 1
    if date_from and date_to and date_to < date_from:
        errors["to"] = _("The end of the period must come after its start.")
        date_to = None
    return EventQuery(region, kind, date_from, date_to, page or 1), errors


@dataclass
class EventCard:
    event: Event
    organiser: str
    place: str
    seats_left: int
    seats: int


@dataclass
class SearchResult:
    cards: list[EventCard]
    total: int
    page: int
    pages: int
    regions: dict[str, str] = field(default_factory=dict)


def place_of(event: Event, *, locale: str) -> str:
    linked = calendar.place_id(event)
    return (vocabulary.place_label(linked, locale=locale) or "") if linked else ""


def _public() -> Any:
    return (
        select(Event, Organisation.name)
        .join(Organisation, col(Organisation.id) == Event.organisation_id)
        .where(col(Event.status).in_([EventStatus.PUBLISHED, EventStatus.CANCELLED]))
        .where(col(Organisation.status) == OrgStatus.VERIFIED)
    )


async def search(session: AsyncSession, *, query: EventQuery, locale: str, now: datetime | None = None) -> SearchResult:
    """Published events of verified authorities not yet over, soonest first (dates are the event's days)."""
    now = now or datetime.now(UTC)
    stmt = _public().where(col(Event.status) == EventStatus.PUBLISHED, col(Event.ends_at) >= now)
    if query.region:
        stmt = stmt.where(col(Event.region) == query.region)
    if query.kind:
        stmt = stmt.where(col(Event.kind) == query.kind)
    if query.date_from:
        stmt = stmt.where(col(Event.ends_at) >= datetime.combine(query.date_from, time(0), tzinfo=UTC))
    if query.date_to:
        stmt = stmt.where(
            col(Event.starts_at) < datetime.combine(query.date_to + timedelta(days=1), time(0), tzinfo=UTC)
        )
    total = (await session.exec(select(func.count()).select_from(stmt.subquery()))).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    rows = (
        await session.exec(
            stmt.order_by(col(Event.starts_at), col(Event.id)).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        )
    ).all()
    counts = await _seat_counts(session, [event.id for event, _name in rows if event.id is not None])
    cards = [
        EventCard(event, name, place_of(event, locale=locale), *counts.get(event.id or 0, (0, 0)))
        for event, name in rows
    ]
    return SearchResult(cards=cards, total=total, page=page, pages=pages, regions=await regions(session, locale=locale))


async def _seat_counts(session: AsyncSession, event_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = await session.exec(
        select(
            EventCategory.event_id, func.sum(EventCategory.quota - EventCategory.taken), func.sum(EventCategory.quota)
        )
        .where(col(EventCategory.event_id).in_(event_ids))
        .group_by(col(EventCategory.event_id))
    )
    return {event_id: (int(left or 0), int(total or 0)) for event_id, left, total in rows.all()}


async def regions(session: AsyncSession, *, locale: str) -> dict[str, str]:
    """Regions that have upcoming events: the choices of the search's region filter."""
    codes = await session.exec(
        select(Event.region)
        .where(
            Event.status == EventStatus.PUBLISHED,
            col(Event.region).is_not(None),
            col(Event.ends_at) >= datetime.now(UTC),
        )
        .distinct()
    )
    labels = {code: vocabulary.place_label(f"region:{code}", locale=locale) or code for code in codes.all() if code}
    return dict(sorted(labels.items(), key=lambda item: item[1]))


@dataclass
class EventPage:
    event: Event
    organiser: Organisation
    co_organisers: list[str]
    sessions: list[EventSession]
    categories: list[EventCategory]
    waiting: dict[int, int]  # category id → people on the waiting list
    questions: list[EventQuestion]
    place: str
    preview: bool  # a draft shown to its organisers
    manages: bool
    mine: EventRegistration | None
    closed: str | None  # why registration is not open now, translated


async def page(session: AsyncSession, *, public_id: uuid.UUID, user: User | None, locale: str) -> EventPage:
    """An event's page: public once published (and after cancellation); a draft only to its organisers.

    Raises:
        NotFound: no such event, or a draft the user does not organise, or an authority no longer verified.
    """
    found = (
        await session.exec(
            select(Event, Organisation)
            .join(Organisation, col(Organisation.id) == Event.organisation_id)
            .where(Event.public_id == public_id)
        )
    ).first()
    if found is None:
        raise NotFound(_("This event does not exist or is not published."))
    event, organiser = found
    assert event.id is not None
    manages = user is not None and event.id in await access.managed_ids(session, user=user)
    public = event.status != EventStatus.DRAFT and organiser.status == OrgStatus.VERIFIED
    if not (public or manages):
        raise NotFound(_("This event does not exist or is not published."))
    mine = None
    if user is not None:
        mine = (
            await session.exec(
                select(EventRegistration).where(
                    EventRegistration.event_id == event.id, EventRegistration.user_id == user.id
                )
            )
        ).first()
    co = await session.exec(
        select(Organisation.name)
        .join(EventCoOrganiser, col(EventCoOrganiser.organisation_id) == Organisation.id)
        .where(EventCoOrganiser.event_id == event.id)
    )
    sessions = await session.exec(
        select(EventSession).where(EventSession.event_id == event.id).order_by(col(EventSession.starts_at))
    )
    questions = await session.exec(
        select(EventQuestion).where(EventQuestion.event_id == event.id).order_by(col(EventQuestion.position))
    )
    waiting = await session.exec(
        select(EventRegistration.category_id, func.count())
        .where(EventRegistration.event_id == event.id, EventRegistration.status == RegistrationStatus.WAITLISTED)
        .group_by(col(EventRegistration.category_id))
    )
    return EventPage(
        event=event,
        organiser=organiser,
        co_organisers=list(co.all()),
        sessions=list(sessions.all()),
        categories=[c for c in await seats.categories_of(session, event_id=event.id) if c.quota > 0],
        waiting=dict(waiting.all()),
        questions=list(questions.all()),
        place=place_of(event, locale=locale),
        preview=not public,
        manages=manages,
        mine=mine,
        closed=registration.why_closed(event),
    )


async def organised(session: AsyncSession, *, user: User) -> list[tuple[Event, int, int]]:
    """The events the user organises, newest first, with seats taken and seats in all."""
    ids = await access.managed_ids(session, user=user)
    if not ids:
        return []
    rows = (
        await session.exec(select(Event).where(col(Event.id).in_(ids)).order_by(col(Event.created_at).desc()))
    ).all()
    counts = await session.exec(
        select(EventCategory.event_id, func.sum(EventCategory.taken), func.sum(EventCategory.quota))
        .where(col(EventCategory.event_id).in_(ids))
        .group_by(col(EventCategory.event_id))
    )
    taken = {event_id: (int(t or 0), int(q or 0)) for event_id, t, q in counts.all()}
    return [(event, *taken.get(event.id or 0, (0, 0))) for event in rows]


async def registrations_of(session: AsyncSession, *, user_id: int) -> list[tuple[EventRegistration, Event]]:
    """A participant's registrations, the soonest event first."""
    rows = await session.exec(
        select(EventRegistration, Event)
        .join(Event, col(Event.id) == EventRegistration.event_id)
        .where(EventRegistration.user_id == user_id)
        .order_by(col(Event.starts_at))
    )
    return [(row, event) for row, event in rows.all()]
