"""Writing vacancies: save (create or edit), publish, close, delete, skill suggestions, the deadline job.

Every function finds the organisation the user acts for itself: an employer can only ever touch its own
vacancies, whatever id a request carries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.db.engine import run_sql
from sankofa.core.errors import Conflict, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.profiles import items as profile_items
from sankofa.reference import vocabulary
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.models import Vacancy, VacancyStatus

MAX_SUGGEST_TEXT = 20_000


async def _check_ref(session: AsyncSession, *, vacancy: Vacancy, external_ref: str | None) -> None:
    if not external_ref:
        return
    clash = await session.exec(
        select(Vacancy.id).where(
            Vacancy.organisation_id == vacancy.organisation_id,
            Vacancy.external_ref == external_ref,
            col(Vacancy.id) != vacancy.id if vacancy.id is not None else True,
        )
    )
    if clash.first() is not None:
        raise ValidationFailed({"external_ref": _("Another of your vacancies already has this reference.")})


async def save(
    session: AsyncSession, *, user: User, public_id: uuid.UUID | None, form: Form, locale: str, ip: str | None = None
) -> Vacancy:
    """Create a draft (no `public_id`) or update one of the organisation's vacancies; its status is kept.

    Raises:
        ValidationFailed: a field is wrong, or a published vacancy would no longer meet the publishing rules.
        NotFound: `public_id` is not one of the organisation's vacancies.
        Conflict: the vacancy was removed by moderation.
    """
    org = await vacancies.employer_of(session, user)
    assert org.id is not None
    values, errors = vacancy_fields.parse(form, locale=locale)
    if values is None:
        raise ValidationFailed(errors)
    if public_id is None:
        vacancy = Vacancy(organisation_id=org.id, created_by_id=user.id, title=values.title)
    else:
        vacancy = await vacancies.get_own(session, organisation_id=org.id, public_id=public_id)
        if vacancy.status == VacancyStatus.REMOVED:
            raise Conflict(_("This offer was removed by moderation and can no longer be edited."))
    await _check_ref(session, vacancy=vacancy, external_ref=values.external_ref)
    vacancy_fields.apply(vacancy, values)
    if vacancy.status == VacancyStatus.PUBLISHED and (problems := vacancy_fields.publish_errors(vacancy)):
        raise ValidationFailed(problems)
    session.add(vacancy)
    await session.flush()
    assert vacancy.id is not None
    await vacancy_fields.replace_skills(session, vacancy_id=vacancy.id, values=values)
    await vacancies.on_changed(session, vacancy)
    await _audit(
        session,
        action="vacancy.created" if public_id is None else "vacancy.updated",
        user=user,
        org=org,
        vacancy=vacancy,
        ip=ip,
    )
    await session.flush()
    return vacancy


async def publish(session: AsyncSession, *, user: User, public_id: uuid.UUID, ip: str | None = None) -> Vacancy:
    """Put a draft (or a closed vacancy) online.

    Raises:
        PermissionDenied: the organisation is not verified (the vacancy stays a draft).
        ValidationFailed: the vacancy does not meet the publishing rules (description, deadline).
        Conflict: the vacancy was removed by moderation.
        NotFound: not one of the organisation's vacancies.
    """
    org = await vacancies.employer_of(session, user)
    assert org.id is not None
    # Locked: ten concurrent publishes make one, and a moderation removal in between is not undone.
    vacancy = await vacancies.get_own(session, organisation_id=org.id, public_id=public_id, for_update=True)
    if vacancy.status == VacancyStatus.REMOVED:
        raise Conflict(_("This offer was removed by moderation and can no longer be published."))
    if vacancy.status == VacancyStatus.PUBLISHED:
        return vacancy
    if org.status != OrgStatus.VERIFIED:
        raise PermissionDenied(
            _(
                "Your organisation is not verified yet, so this vacancy stays a draft. Sankofa or a "
                "reintegration partner checks every employer before its offers go online."
            )
        )
    if problems := vacancy_fields.publish_errors(vacancy):
        raise ValidationFailed(problems, _("This vacancy cannot be published yet."))
    vacancy.status = VacancyStatus.PUBLISHED
    vacancy.published_at = datetime.now(UTC)
    vacancy.closed_at = None
    await vacancies.on_changed(session, vacancy)
    await _audit(session, action="vacancy.published", user=user, org=org, vacancy=vacancy, ip=ip)
    await session.flush()
    return vacancy


async def close(session: AsyncSession, *, user: User, public_id: uuid.UUID, ip: str | None = None) -> Vacancy:
    """Take a published vacancy offline (applications stay); closing twice is harmless.

    Raises:
        Conflict: the vacancy is not published.
        NotFound: not one of the organisation's vacancies.
    """
    org = await vacancies.employer_of(session, user)
    assert org.id is not None
    vacancy = await vacancies.get_own(session, organisation_id=org.id, public_id=public_id)
    if vacancy.status == VacancyStatus.CLOSED:
        return vacancy
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise Conflict(_("Only a published offer can be closed."))
    vacancy.status = VacancyStatus.CLOSED
    vacancy.closed_at = datetime.now(UTC)
    await vacancies.on_changed(session, vacancy)
    await _audit(session, action="vacancy.closed", user=user, org=org, vacancy=vacancy, ip=ip)
    await session.flush()
    return vacancy


async def delete(session: AsyncSession, *, user: User, public_id: uuid.UUID) -> None:
    """Delete a draft; an offer that was online is closed instead, so applications keep their history.

    Raises:
        Conflict: the vacancy is not a draft.
        NotFound: not one of the organisation's vacancies.
    """
    org = await vacancies.employer_of(session, user)
    assert org.id is not None
    vacancy = await vacancies.get_own(session, organisation_id=org.id, public_id=public_id)
    if vacancy.status != VacancyStatus.DRAFT:
        raise Conflict(_("Only drafts can be deleted. Close a published offer instead."))
    await session.delete(vacancy)
    await session.flush()


@dataclass(frozen=True)
class SkillSuggestions:
    """Skills the engine found in a job description; `preselected` are ticked in advance."""

    skills: list[vocabulary.Suggestion] = field(default_factory=list)
    preselected: set[str] = field(default_factory=set)


def suggest_skills(*, title: str, description: str, locale: str, exclude: set[str]) -> SkillSuggestions:
    """Skills proposed from the title and description, leaving out those already chosen.

    Raises:
        ValidationFailed: there is no description to read, or it is too long.
    """
    body = "\n".join(part for part in (title.strip(), description.strip()) if part)
    if not description.strip():
        raise ValidationFailed({"description": _("Write the job description first, then ask for suggestions.")})
    if len(body) > MAX_SUGGEST_TEXT:
        raise ValidationFailed(
            {"description": _("At most %(count)s characters.") % {"count": vacancy_fields.MAX_DESCRIPTION}}
        )
    found = [s for s in vocabulary.suggest_skills(body, locale=locale, k=15) if s.id not in exclude]
    return SkillSuggestions(skills=found, preselected=profile_items.preselect(found))


async def close_expired(session: AsyncSession, *, today: date | None = None) -> int:
    """Close published vacancies whose deadline is before `today`; returns how many. Idempotent."""
    result = await run_sql(
        session,
        text(
            "UPDATE vacancy SET status = :closed, closed_at = now(), updated_at = now() "
            "WHERE status = :published AND deadline < :today RETURNING id"
        ),
        {
            "closed": VacancyStatus.CLOSED.value,
            "published": VacancyStatus.PUBLISHED.value,
            "today": today or datetime.now(UTC).date(),
        },
    )
    closed = len(result.all())
    await session.flush()
    return closed


async def _audit(
    session: AsyncSession, *, action: str, user: User, org: Organisation, vacancy: Vacancy, ip: str | None
) -> None:
    await audit.record(
        session,
        action=action,
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        ip=ip,
        detail={"vacancy": str(vacancy.public_id)},
    )
