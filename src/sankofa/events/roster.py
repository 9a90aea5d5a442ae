"""The organisers' list of registrations, per category, and its CSV export.

A returnee's row shows exactly the profile fields they consented to share for this event (`shared_fields` of the
registration), read through `sharing`; nothing else of their profile. Business participants (employers, partners,
investors) are shown with their name, the address they sign in with and what they filled in, as their form says.
Each look at a returnee's shared fields is written to the audit trail the returnee reads.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, choices
from sankofa.core.i18n import gettext as _
from sankofa.events import access, notices, schemas, sharing
from sankofa.events.models import CategoryKind, Event, EventCategory, EventQuestion, EventRegistration
from sankofa.identity.models import User
from sankofa.imports import csv_reading
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import ReturneeProfile
from sankofa.reference import place_names
from sankofa.reference.models import Region
from sankofa.vacancies.models import Vacancy


@dataclass
class Row:
    registration: EventRegistration
    kind: str
    name: str
    email: str
    organisation: str
    shared: list[sharing.SharedValue] = field(default_factory=list)
    answers: list[tuple[str, str]] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Roster:
    event: Event
    categories: list[EventCategory]
    rows: dict[int, list[Row]]  # by category id
    questions: list[EventQuestion]


async def _names(session: AsyncSession, ids: set[int], model: type, column: str) -> dict[int, str]:
    if not ids:
        return {}
    rows = await session.exec(select(model.id, getattr(model, column)).where(col(model.id).in_(ids)))  # type: ignore[attr-defined]
    return dict(rows.all())


async def build(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, locale: str, context: str, ip: str | None = None
) -> Roster:
    """Every registration of an event the user organises, grouped by category, in waiting-list order.

    Raises:
        NotFound: not an event the user organises.
    """
    event, org = await access.managed(session, user=user, public_id=public_id)
    assert event.id is not None
    categories = list(
        (
            await session.exec(
                select(EventCategory).where(EventCategory.event_id == event.id).order_by(col(EventCategory.id))
            )
        ).all()
    )
    questions = list(
        (
            await session.exec(
                select(EventQuestion).where(EventQuestion.event_id == event.id).order_by(col(EventQuestion.position))
            )
        ).all()
    )
    registrations = list(
        (
            await session.exec(
                select(EventRegistration)
                .where(EventRegistration.event_id == event.id)
                .order_by(
                    col(EventRegistration.priority).desc(), col(EventRegistration.created_at), col(EventRegistration.id)
                )
            )
        ).all()
    )
    people = {
        u.id: u
        for u in (await session.exec(select(User).where(col(User.id).in_({r.user_id for r in registrations})))).all()
    }
    reps = {uid for r in registrations for uid in r.representative_ids}
    rep_names = await _names(session, reps, User, "display_name")
    org_names = await _names(
        session, {r.organisation_id for r in registrations if r.organisation_id}, Organisation, "name"
    )
    vacancy_titles = await _names(session, {v for r in registrations for v in r.vacancy_ids}, Vacancy, "title")
    profiles = {
        p.user_id: p
        for p in (
            await session.exec(
                select(ReturneeProfile).where(col(ReturneeProfile.user_id).in_({r.user_id for r in registrations}))
            )
        ).all()
    }
    region_rows = await session.exec(
        select(Region).where(col(Region.code).in_({c for r in registrations for c in r.interest_regions}))
    )
    region_names = {
        r.code: place_names.region_name(r.name, country=r.country_code, locale=locale) for r in region_rows.all()
    }
    kinds = {c.id: c.kind for c in categories}
    labels = {str(q.id): q.label for q in questions}
    sectors = choices.sectors()
    grouped: dict[int, list[Row]] = {c.id or 0: [] for c in categories}
    for registration in registrations:
        person = people.get(registration.user_id)
        kind = kinds.get(registration.category_id, "")
        row = Row(
            registration=registration,
            kind=kind,
            name=person.display_name if person and kind != CategoryKind.RETURNEE else "",
            email=(person.email or "") if person and kind != CategoryKind.RETURNEE else "",
            organisation=org_names.get(registration.organisation_id or 0, ""),
            answers=[(labels[key], value) for key, value in registration.answers.items() if key in labels],
        )
        if kind == CategoryKind.RETURNEE:
            profile = profiles.get(registration.user_id)
            row.shared = await sharing.values_of(
                session, profile=profile, keys=registration.shared_fields, locale=locale
            )
            if profile is not None and registration.shared_fields:
                await audit.record(
                    session,
                    action="event.registration_viewed",
                    actor_user_id=user.id,
                    actor_organisation_id=org.id,
                    subject_user_id=registration.user_id,
                    ip=ip,
                    detail={"event": str(event.public_id), "fields": registration.shared_fields, "context": context},
                )
        row.details = _details(registration, rep_names, vacancy_titles, sectors, region_names)
        grouped.setdefault(registration.category_id, []).append(row)
    await session.flush()
    return Roster(event=event, categories=categories, rows=grouped, questions=questions)


def _details(
    registration: EventRegistration,
    reps: dict[int, str],
    vacancies: dict[int, str],
    sectors: dict[str, str],
    regions: dict[str, str],
) -> list[tuple[str, str]]:
    found = []
    if registration.booth_wish:
        found.append((_("Booth wish"), registration.booth_wish))
    if registration.representative_ids:
        found.append((_("Representatives"), ", ".join(reps.get(uid, "") for uid in registration.representative_ids)))
    if registration.vacancy_ids:
        found.append((_("Vacancies presented"), ", ".join(vacancies.get(v, "") for v in registration.vacancy_ids)))
    if registration.interest_sectors:
        found.append((_("Sectors"), ", ".join(sectors.get(s, s) for s in registration.interest_sectors)))
    if registration.interest_regions:
        found.append((_("Regions"), ", ".join(regions.get(r, r) for r in registration.interest_regions)))
    return [(label, value) for label, value in found if value]


def csv_file(roster: Roster, *, locale: str) -> bytes:
    """The roster as a spreadsheet: one line per registration, only shared fields, no cell that runs as a formula."""
    field_labels = sharing.fields()
    header = [_("Category"), _("Status"), _("Registered on"), _("Name"), _("Email address"), _("Organisation")]
    header += list(field_labels.values()) + [q.label for q in roster.questions] + [_("Details")]
    kinds, statuses = schemas.category_kinds(), notices.status_labels()
    lines: list[list[str]] = []
    for category in roster.categories:
        for row in roster.rows.get(category.id or 0, []):
            shared = {value.key: value.value for value in row.shared}
            answers = row.registration.answers
            lines.append(
                [
                    kinds.get(row.kind, row.kind),
                    statuses.get(row.registration.status, row.registration.status),
                    row.registration.created_at.date().isoformat(),
                    row.name or shared.get("name", ""),
                    row.email,
                    row.organisation,
                    *[shared.get(key, "") for key in field_labels],
                    *[answers.get(str(q.id), "") for q in roster.questions],
                    "; ".join(f"{label}: {value}" for label, value in row.details),
                ]
            )
    return csv_reading.write(header, lines)
