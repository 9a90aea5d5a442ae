"""Factories for event tests: authorities, events with sessions and seats, registrations written directly, and the
organiser's form as a browser posts it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.events.models import (
    SEAT_HOLDING,
    Event,
    EventCategory,
    EventCoOrganiser,
    EventRegistration,
    EventSession,
)
from sankofa.identity.models import User
from sankofa.organisations.models import Membership, Organisation, OrgStatus
from sankofa.reference import place_resolution, vocabulary
from tests.support.web import make_user

DAKAR = ZoneInfo("Africa/Dakar")
QUOTAS = {"returnee": 50, "employer": 10, "investor": 10, "partner": 5}


def in_days(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


def event_form(**changes: str) -> dict[str, str]:
    """A complete job fair in Thiès in a month, as the organiser's form posts it."""
    form = {
        "kind": "job_fair",
        "title_fr": "Forum emploi de Thiès",
        "title_en": "Thiès job fair",
        "description_fr": "Rencontrez les employeurs de la région.",
        "description_en": "Meet the region's employers.",
        "venue_name": "Centre culturel régional",
        "address": "Avenue Senghor",
        "location_text": "Thiès",
        "timezone": "Africa/Dakar",
        "session_0_name": "Matin",
        "session_0_date": in_days(30),
        "session_0_start": "09:00",
        "session_0_end": "12:30",
        "session_0_slot": "20",
        "session_0_break": "5",
        "registration_mode": "open",
        "offer_hours": "48",
        "quota_returnee": "100",
        "quota_employer": "10",
        "shared_fields": "name",
        "question_0_label": "Quel métier recherchez-vous ?",
    }
    form.update(changes)
    return form


async def make_authority(
    db: AsyncSession,
    *,
    email: str = "events@thies.example",
    name: str = "Mairie de Thiès",
    status: str = OrgStatus.VERIFIED,
) -> tuple[User, Organisation]:
    user = await make_user(
        db, email=email, role="authority", name="Agent " + name, org=("authority", name), org_status=status
    )
    membership = (await db.exec(select(Membership).where(Membership.user_id == user.id))).one()
    org = await db.get(Organisation, membership.organisation_id)
    assert org is not None
    return user, org


async def make_event(
    db: AsyncSession,
    *,
    organisation_id: int,
    status: str = "published",
    mode: str = "open",
    quotas: dict[str, int] | None = None,
    days: int = 30,
    place: str = "Thiès",
    co_organiser: int | None = None,
    title: str = "Forum emploi",
    offer_hours: int = 48,
    shared_fields: list[str] | None = None,
) -> tuple[Event, dict[str, EventCategory]]:
    """A one-day event `days` from now at `place`, with a category per entry of `quotas`; committed."""
    place_id = place_resolution.resolve(place, locale="fr").place_id
    where = vocabulary.place(place_id) if place_id else None
    day = datetime.now(UTC).date() + timedelta(days=days)
    starts = datetime.combine(day, time(9), tzinfo=DAKAR).astimezone(UTC)
    event = Event(
        organisation_id=organisation_id,
        kind="job_fair",
        status=status,
        title={"fr": title, "en": title + " (en)"},
        description={"fr": "Description " + title},
        venue_name="Centre culturel",
        address="Avenue Senghor",
        country=where.country if where else None,
        region=where.region if where else None,
        city_id=where.city_id if where else None,
        lat=where.lat if where else None,
        lon=where.lon if where else None,
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        registration_mode=mode,
        offer_hours=offer_hours,
        shared_fields=shared_fields if shared_fields is not None else ["name", "contact"],
        published_at=datetime.now(UTC) if status == "published" else None,
    )
    db.add(event)
    await db.flush()
    assert event.id is not None
    db.add(EventSession(event_id=event.id, starts_at=starts, ends_at=starts + timedelta(hours=8)))
    categories = {}
    for kind, quota in (quotas if quotas is not None else QUOTAS).items():
        categories[kind] = EventCategory(event_id=event.id, kind=kind, quota=quota)
        db.add(categories[kind])
    if co_organiser is not None:
        db.add(EventCoOrganiser(event_id=event.id, organisation_id=co_organiser))
    await db.commit()
    for category in categories.values():
        await db.refresh(category)
    await db.refresh(event)
    return event, categories


async def make_registration(
    db: AsyncSession,
    *,
    event: Event,
    category: EventCategory,
    user: User,
    status: str = "registered",
    **fields: Any,
) -> EventRegistration:
    """A registration written directly (its seat counted when it holds one); committed."""
    assert event.id is not None and category.id is not None and user.id is not None
    row = EventRegistration(
        event_id=event.id,
        category_id=category.id,
        user_id=user.id,
        status=status,
        waitlisted_at=datetime.now(UTC) if status == "waitlisted" else None,
        **fields,
    )
    db.add(row)
    if status in SEAT_HOLDING:
        fresh = await db.get(EventCategory, category.id)
        assert fresh is not None
        fresh.taken += 1
        db.add(fresh)
    await db.commit()
    await db.refresh(row)
    return row
