"""Demo events of the demo local authority (Mairie de Thiès): a published job fair with registrations from each
kind of participant, a validated investment forum co-organised by the demo partner, and a draft."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

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
from sankofa.organisations.models import Organisation, OrgKind
from sankofa.reference import place_resolution, vocabulary
from sankofa.vacancies.models import Vacancy, VacancyStatus

DAKAR = ZoneInfo("Africa/Dakar")
JOB_FAIR = {
    "fr": "Forum emploi du retour — Thiès 2027",
    "en": "Return job fair — Thiès 2027",
    "ar": "منتدى التوظيف للعائدين — تياس 2027",
}
JOB_FAIR_TEXT = {
    "fr": "Une journée pour rencontrer les employeurs de la région de Thiès : BTP, santé, agroalimentaire. "
    "Entretiens de 20 minutes sur rendez-vous, ateliers CV le matin.",
    "en": "A day to meet employers of the Thiès region: construction, health, food processing. "
    "20-minute interviews by appointment, CV workshops in the morning.",
    "ar": "يوم للقاء أصحاب العمل في منطقة تياس: البناء والصحة والصناعات الغذائية.",
}
FORUM = {"fr": "Forum de l'investissement de la diaspora", "en": "Diaspora investment forum"}
FORUM_TEXT = {
    "fr": "Des porteurs de projets de retour présentent leurs entreprises à des investisseurs et mentors.",
    "en": "Returnees with business projects pitch them to investors and mentors.",
}


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(UTC).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=DAKAR).astimezone(UTC)


def _event(
    org_id: int,
    *,
    title: dict[str, str],
    description: dict[str, str],
    kind: str,
    status: str,
    days: int,
    registration_mode: str = "open",
) -> Event:
    place_id = place_resolution.resolve("Thiès", locale="fr").place_id
    place = vocabulary.place(place_id) if place_id else None
    return Event(
        organisation_id=org_id,
        kind=kind,
        status=status,
        title=title,
        description=description,
        venue_name="Centre culturel régional de Thiès",
        address="Avenue Léopold Sédar Senghor, Thiès",
        country=place.country if place else "SN",
        region=place.region if place else None,
        city_id=place.city_id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        map_url=(
            f"https://www.openstreetmap.org/?mlat={place.lat:.5f}&mlon={place.lon:.5f}"
            if place and place.lat is not None and place.lon is not None
            else None
        ),
        starts_at=_at(days, 9),
        ends_at=_at(days, 17),
        registration_closes_at=_at(days - 2, 23, 59),
        shared_fields=["name", "contact", "professional"],
        published_at=datetime.now(UTC) if status == EventStatus.PUBLISHED else None,
        registration_mode=registration_mode,
    )


async def seed_demo_events(session: AsyncSession) -> None:
    """The demo authority's events (skipped when it has some already)."""
    authority = (await session.exec(select(Organisation).where(Organisation.kind == OrgKind.AUTHORITY))).first()
    partner = (await session.exec(select(Organisation).where(Organisation.kind == OrgKind.PARTNER))).first()
    if authority is None or authority.id is None:
        return
    if (await session.exec(select(Event.id).where(Event.organisation_id == authority.id))).first() is not None:
        return
    fair = _event(
        authority.id, title=JOB_FAIR, description=JOB_FAIR_TEXT, kind="job_fair", status=EventStatus.PUBLISHED, days=30
    )
    forum = _event(
        authority.id,
        title=FORUM,
        description=FORUM_TEXT,
        kind="investment_forum",
        status=EventStatus.PUBLISHED,
        days=45,
        registration_mode="validated",
    )
    draft = _event(
        authority.id, title={"fr": "Rencontres B2B"}, description={}, kind="networking", status="draft", days=60
    )
    session.add_all([fair, forum, draft])
    await session.flush()
    assert fair.id is not None and forum.id is not None and draft.id is not None
    for event in (fair, forum, draft):
        assert event.id is not None and event.starts_at is not None
        session.add(
            EventSession(
                event_id=event.id, name="Matin", starts_at=event.starts_at, ends_at=event.starts_at + timedelta(hours=3)
            )
        )
        session.add(
            EventSession(
                event_id=event.id,
                position=1,
                name="Après-midi",
                starts_at=event.starts_at + timedelta(hours=4),
                ends_at=event.ends_at or event.starts_at,
            )
        )
    quotas = {"returnee": 100, "employer": 20, "investor": 10, "partner": 5}
    categories = {}
    for event in (fair, forum, draft):
        for kind, quota in quotas.items():
            category = EventCategory(event_id=event.id or 0, kind=kind, quota=quota)
            session.add(category)
            categories[(event.id, kind)] = category
    session.add(EventQuestion(event_id=fair.id, label="Quel métier recherchez-vous ?", required=False))
    if partner is not None and partner.id is not None:
        session.add(EventCoOrganiser(event_id=forum.id, organisation_id=partner.id))
    await session.flush()
    await _registrations(session, fair=fair, forum=forum, categories=categories)


async def _registrations(
    session: AsyncSession, *, fair: Event, forum: Event, categories: dict[tuple[int | None, str], EventCategory]
) -> None:
    users = {u.email: u for u in (await session.exec(select(User))).all()}
    employer = (await session.exec(select(Organisation).where(Organisation.name == "Baobab BTP"))).first()
    vacancies = (
        await session.exec(
            select(Vacancy.id).where(
                Vacancy.organisation_id == (employer.id if employer else 0), Vacancy.status == VacancyStatus.PUBLISHED
            )
        )
    ).all()
    now = datetime.now(UTC)
    rows = []
    aminata, hr, karim, youssef = (
        users.get(e)
        for e in ("aminata@returnee.test", "hr@baobab-btp.test", "investor@diaspora-fund.test", "youssef@returnee.test")
    )
    if aminata is not None:
        rows.append(
            (
                fair,
                "returnee",
                aminata,
                RegistrationStatus.REGISTERED,
                {"consented_at": now, "shared_fields": ["name", "contact", "professional"]},
            )
        )
    if hr is not None and employer is not None:
        rows.append(
            (
                fair,
                "employer",
                hr,
                RegistrationStatus.REGISTERED,
                {
                    "organisation_id": employer.id,
                    "booth_wish": "Près de l'entrée",
                    "representative_ids": [hr.id],
                    "vacancy_ids": list(vacancies[:3]),
                },
            )
        )
    if karim is not None:
        rows.append(
            (forum, "investor", karim, RegistrationStatus.PENDING, {"interest_sectors": ["agrifood", "construction"]})
        )
    if youssef is not None:
        rows.append(
            (
                forum,
                "returnee",
                youssef,
                RegistrationStatus.REGISTERED,
                {"consented_at": now, "shared_fields": ["name", "contact", "professional"]},
            )
        )
    for event, kind, user, status, fields in rows:
        category = categories[(event.id, kind)]
        category.taken += 1
        session.add(category)
        assert event.id is not None and category.id is not None and user.id is not None
        row = EventRegistration(event_id=event.id, category_id=category.id, user_id=user.id, status=status)
        for name, value in fields.items():
            setattr(row, name, value)
        session.add(row)
    await session.commit()
