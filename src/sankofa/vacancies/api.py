"""What firms' HR systems do through the JSON API: upsert vacancies by their own reference, list, read, close.

The caller is an API key's organisation; every query is scoped to it, so a key never reaches another firm's rows.
Items follow the CSV rules exactly (same parser, same upsert).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.errors import Conflict, NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.organisations.api_keys import Caller
from sankofa.organisations.models import OrgStatus
from sankofa.vacancies import upsert as vacancy_upsert
from sankofa.vacancies.fields import COLUMNS
from sankofa.vacancies.models import Vacancy, VacancySkill, VacancyStatus
from sankofa.vacancies.upsert import ItemResult, UpsertContext

MAX_ITEMS = 1_000
PER_PAGE = 100
STATUSES = tuple(VacancyStatus)


@dataclass(frozen=True)
class VacancyWithSkills:
    vacancy: Vacancy
    required_skills: list[str]
    optional_skills: list[str]


def _form(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """An item as form fields; unknown keys are errors (a typo must not silently drop a field)."""
    errors = {
        str(key)[:40]: _("Unknown field: use the names listed in the documentation.")
        for key in item
        if key not in COLUMNS
    }
    form: dict[str, Any] = {}
    for key in COLUMNS:
        value = item.get(key)
        if isinstance(value, list):
            form[key] = [str(v) for v in value if v is not None]
        elif value is None:
            form[key] = ""
        elif isinstance(value, bool):
            form[key] = value
        elif isinstance(value, str | int | float):
            form[key] = str(value)
        else:
            errors[key] = _("Give a text, a number or a list here.")
    return form, errors


async def upsert(
    session: AsyncSession, *, caller: Caller, items: list[dict[str, Any]], publish: bool, locale: str
) -> list[ItemResult]:
    """Create or update up to MAX_ITEMS vacancies in one transaction; one result per item, in order.

    Raises:
        ValidationFailed: more than MAX_ITEMS items (the envelope is wrong, not an item).
    """
    if len(items) > MAX_ITEMS:
        raise ValidationFailed({"vacancies": _("At most %(count)s vacancies per call.") % {"count": MAX_ITEMS}})
    org = caller.organisation
    assert org.id is not None
    context = UpsertContext(organisation_id=org.id, locale=locale, publish=publish and org.status == OrgStatus.VERIFIED)
    forms = [_form(item) for item in items]
    checked = vacancy_upsert.check_items([(i, form) for i, (form, _e) in enumerate(forms)], context=context)
    for item, (_form_fields, key_errors) in zip(checked, forms, strict=True):
        if key_errors:
            item.result.errors.update(key_errors)
            item.values = None
    results = await vacancy_upsert.save(session, checked=checked, context=context)
    if publish and org.status != OrgStatus.VERIFIED:
        for result in results:
            if result.status == vacancy_upsert.ItemStatus.CREATED:
                result.notice = _("Your organisation is not verified yet: imported as a draft.")
    await session.flush()
    return results


async def _skills(session: AsyncSession, vacancies: list[Vacancy]) -> list[VacancyWithSkills]:
    ids = [v.id for v in vacancies]
    result = await session.exec(
        select(VacancySkill).where(col(VacancySkill.vacancy_id).in_(ids)).order_by(col(VacancySkill.skill_uri))
    )
    by_vacancy: dict[int, list[VacancySkill]] = {}
    for skill in result.all():
        by_vacancy.setdefault(skill.vacancy_id, []).append(skill)
    return [
        VacancyWithSkills(
            vacancy=v,
            required_skills=[s.skill_uri for s in by_vacancy.get(v.id or 0, []) if s.required],
            optional_skills=[s.skill_uri for s in by_vacancy.get(v.id or 0, []) if not s.required],
        )
        for v in vacancies
    ]


async def listing(
    session: AsyncSession, *, caller: Caller, status: str | None, page: int
) -> tuple[list[VacancyWithSkills], int]:
    """The organisation's vacancies, newest change first, PER_PAGE a page; and how many there are in all."""
    if status and status not in STATUSES:
        raise ValidationFailed({"status": _("Use one of: %(allowed)s.") % {"allowed": ", ".join(STATUSES)}})
    where = [col(Vacancy.organisation_id) == caller.organisation.id]
    if status:
        where.append(col(Vacancy.status) == status)
    total = (await session.exec(select(func.count()).select_from(Vacancy).where(*where))).one()
    result = await session.exec(
        select(Vacancy)
        .where(*where)
        .order_by(col(Vacancy.updated_at).desc(), col(Vacancy.id).desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return await _skills(session, list(result.all())), total


async def _own(session: AsyncSession, *, caller: Caller, external_ref: str) -> Vacancy:
    result = await session.exec(
        select(Vacancy).where(Vacancy.organisation_id == caller.organisation.id, Vacancy.external_ref == external_ref)
    )
    vacancy = result.one_or_none()
    if vacancy is None:
        raise NotFound(_("Your organisation has no vacancy with this reference."))
    return vacancy


async def get(session: AsyncSession, *, caller: Caller, external_ref: str) -> VacancyWithSkills:
    """Raises NotFound when the reference is not one of the organisation's."""
    return (await _skills(session, [await _own(session, caller=caller, external_ref=external_ref)]))[0]


async def close(session: AsyncSession, *, caller: Caller, external_ref: str, ip: str | None) -> VacancyWithSkills:
    """Take a vacancy offline; closing twice is harmless.

    Raises:
        NotFound: not one of the organisation's references.
        Conflict: the vacancy is a draft or was removed by a moderator.
    """
    vacancy = await _own(session, caller=caller, external_ref=external_ref)
    if vacancy.status == VacancyStatus.PUBLISHED:
        vacancy.status = VacancyStatus.CLOSED
        vacancy.closed_at = vacancy.updated_at = datetime.now(UTC)
        session.add(vacancy)
        await audit.record(
            session,
            action="vacancy.closed",
            actor_user_id=None,
            actor_organisation_id=caller.organisation.id,
            ip=ip,
            detail={"vacancy": str(vacancy.public_id), "api_key": caller.key.prefix},
        )
        await session.flush()
    elif vacancy.status != VacancyStatus.CLOSED:
        raise Conflict(_("Only a published offer can be closed."))
    return (await _skills(session, [vacancy]))[0]
