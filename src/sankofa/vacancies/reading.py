"""Reading vacancies: the one rule for what is public, the employer's own vacancies, the vacancy page's view.

Writing them (save, publish, close, delete, the deadline job) lives in `vacancy_posting`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications.models import Application
from sankofa.core import choices
from sankofa.core.db.types import utcnow
from sankofa.core.errors import NotFound, PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.models import Vacancy, VacancySkill, VacancyStatus
from sankofa.vacancies.visibility import is_public, public_clause


def _not_found() -> NotFound:
    return NotFound(_("This job offer does not exist or is no longer online."))


async def _with_org(
    session: AsyncSession, public_id: uuid.UUID, *, for_update: bool = False
) -> tuple[Vacancy, Organisation] | None:
    query = (
        select(Vacancy, Organisation)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(Vacancy.public_id == public_id)
    )
    if for_update:
        query = query.with_for_update(of=Vacancy)
    result = await session.exec(query)
    row = result.one_or_none()
    return (row[0], row[1]) if row else None


async def get_public(session: AsyncSession, public_id: uuid.UUID) -> tuple[Vacancy, Organisation]:
    """A public vacancy and its employer.

    Raises:
        NotFound: unknown, not published, past its deadline, or its employer is not verified.
    """
    row = await _with_org(session, public_id)
    if row is None or not is_public(*row):
        raise _not_found()
    return row


async def for_page(
    session: AsyncSession, *, public_id: uuid.UUID, user: User | None
) -> tuple[Vacancy, Organisation, bool]:
    """The vacancy for its page, and whether it is a preview (not public, shown to a member of its employer).

    Raises:
        NotFound: not public and the user is not a member of the employer (404, so ids do not leak).
    """
    row = await _with_org(session, public_id)
    if row is None:
        raise _not_found()
    vacancy, org = row
    if is_public(vacancy, org):
        return vacancy, org, False
    member = (
        user is not None
        and user.id is not None
        and org.id is not None
        and await organisations.get_membership(session, organisation_id=org.id, user_id=user.id) is not None
    )
    if member:
        return vacancy, org, True
    raise _not_found()


async def employer_of(session: AsyncSession, user: User) -> Organisation:
    """The employer organisation the user acts for.

    Raises:
        PermissionDenied: the user belongs to no employer organisation.
    """
    assert user.id is not None
    for _membership, org in await organisations.memberships_of(session, user_id=user.id):
        if org.kind == OrgKind.EMPLOYER:
            return org
    raise PermissionDenied(_("Your account is not attached to an employer organisation."))


async def get_own(
    session: AsyncSession, *, organisation_id: int, public_id: uuid.UUID, for_update: bool = False
) -> Vacancy:
    """One of the organisation's vacancies, whatever its status.

    `for_update` locks the row until the transaction ends: a change of status reads the status it changes.

    Raises:
        NotFound: unknown, or another organisation's (404, not 403: ids of others must not leak).
    """
    row = await _with_org(session, public_id, for_update=for_update)
    if row is None or row[0].organisation_id != organisation_id:
        raise _not_found()
    return row[0]


@dataclass(frozen=True)
class OwnRow:
    """A line of the employer's vacancy list."""

    vacancy: Vacancy
    applications: int
    new_applications: int


async def own_listing(session: AsyncSession, *, organisation_id: int) -> list[OwnRow]:
    """The organisation's vacancies (every status), newest first, with their application counts."""
    counts = (
        select(
            col(Application.vacancy_id).label("vacancy_id"),
            func.count().label("total"),
            func.count().filter(col(Application.status) == "submitted").label("new"),
        )
        .group_by(col(Application.vacancy_id))
        .subquery()
    )
    result = await session.exec(
        select(Vacancy, func.coalesce(counts.c.total, 0), func.coalesce(counts.c.new, 0))
        .outerjoin(counts, counts.c.vacancy_id == Vacancy.id)
        .where(Vacancy.organisation_id == organisation_id)
        .order_by(col(Vacancy.updated_at).desc())
    )
    return [OwnRow(vacancy=v, applications=int(total), new_applications=int(new)) for v, total, new in result.all()]


async def open_for_organisation(session: AsyncSession, *, organisation_id: int, limit: int = 100) -> list[Vacancy]:
    """The organisation's public vacancies, newest first (its public page)."""
    result = await session.exec(
        select(Vacancy)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(Vacancy.organisation_id == organisation_id, public_clause())
        .order_by(col(Vacancy.published_at).desc())
        .limit(limit)
    )
    return list(result.all())


async def skills_of(session: AsyncSession, vacancy_id: int) -> list[VacancySkill]:
    result = await session.exec(select(VacancySkill).where(VacancySkill.vacancy_id == vacancy_id))
    return list(result.all())


@dataclass(frozen=True)
class Labelled:
    id: str
    label: str


@dataclass(frozen=True)
class VacancyView:
    """What the vacancy page and the edit form show, labels in the interface language."""

    vacancy: Vacancy
    occupation: str | None
    place: str | None
    languages: list[str]
    required_skills: list[Labelled] = field(default_factory=list)
    optional_skills: list[Labelled] = field(default_factory=list)
    contract: str | None = None
    sector: str | None = None
    work_mode: str = ""
    salary_period: str = ""


def _labelled(uris: list[str], locale: str) -> list[Labelled]:
    return [Labelled(uri, vocabulary.skill_label(uri, locale) or uri) for uri in uris]


async def view(session: AsyncSession, vacancy: Vacancy, *, locale: str) -> VacancyView:
    assert vacancy.id is not None
    skills = await skills_of(session, vacancy.id)
    place_id = vacancy_fields.place_id_of(vacancy)
    return VacancyView(
        vacancy=vacancy,
        occupation=vocabulary.occupation_label(vacancy.occupation_uri, locale) if vacancy.occupation_uri else None,
        place=vocabulary.place_label(place_id, locale=locale) if place_id else None,
        languages=[choices.language_name(code) for code in vacancy.languages],
        required_skills=_labelled([s.skill_uri for s in skills if s.required], locale),
        optional_skills=_labelled([s.skill_uri for s in skills if not s.required], locale),
        contract=choices.contract_types().get(vacancy.contract_type or ""),
        sector=choices.sectors().get(vacancy.sector or ""),
        work_mode=vacancy_fields.work_modes().get(vacancy.work_mode, vacancy.work_mode),
        salary_period=vacancy_fields.salary_periods().get(vacancy.salary_period, ""),
    )


def status_labels() -> dict[str, str]:
    return {
        VacancyStatus.DRAFT: _("Draft"),
        VacancyStatus.PUBLISHED: _("Published"),
        VacancyStatus.CLOSED: _("Closed"),
        VacancyStatus.REMOVED: _("Removed by moderation"),
    }


async def on_changed(session: AsyncSession, vacancy: Vacancy) -> None:
    """Called on every create, update, publish, close and removal: the one hook for the ranking index.

    The worker rebuilds the vacancy's ranking record once the caller commits; every process's index follows.
    """
    vacancy.updated_at = utcnow()
    session.add(vacancy)
    if vacancy.id is None:
        await session.flush()
    assert vacancy.id is not None
    await ranking_index.queue_refresh(session, kind=ItemKind.VACANCY, item_id=vacancy.id)


def form_labels(values: dict[str, Any], *, locale: str) -> dict[str, Any]:
    """Labels of the ids a form holds (occupation, place, skills), to show them back to the user."""
    occupation = str(values.get("occupation") or "")
    location = str(values.get("location") or "")
    return {
        "occupation": (vocabulary.occupation_label(occupation, locale) if occupation.startswith("http") else None)
        or occupation,
        "location": vocabulary.place_label(location, locale=locale) or location,
        "required_skills": _labelled([u for u in values.get("required_skills") or [] if u.startswith("http")], locale),
        "optional_skills": _labelled([u for u in values.get("optional_skills") or [] if u.startswith("http")], locale),
    }
