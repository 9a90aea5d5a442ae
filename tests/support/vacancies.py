"""Factories for vacancy tests: employers with organisations, and vacancies built through the real field parser."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import User
from sankofa.organisations.models import Membership, Organisation, OrgStatus
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.models import Vacancy, VacancyStatus
from tests.support.web import make_user

DEFAULT_DESCRIPTION = (
    "Atelier de construction métallique à Thiès. Soudure à l'arc de structures, lecture de plans, "
    "respect des consignes de sécurité."
)


async def make_employer(
    db: AsyncSession, *, email: str = "rh@acier.example", name: str = "Acier du Sahel", status: str = OrgStatus.VERIFIED
) -> tuple[User, Organisation]:
    """An employer account owning an organisation with `status` (verified by default)."""
    user = await make_user(
        db, email=email, role="employer", name="RH " + name, org=("employer", name), org_status=status
    )
    membership = (await db.exec(select(Membership).where(Membership.user_id == user.id))).one()
    org = await db.get(Organisation, membership.organisation_id)
    assert org is not None
    return user, org


async def make_vacancy(
    db: AsyncSession,
    *,
    organisation: Organisation,
    status: str = VacancyStatus.PUBLISHED,
    published_at: datetime | None = None,
    **fields: Any,
) -> Vacancy:
    """A vacancy whose fields go through `vacancy_fields.parse` (so skills and places are linked as in the app).

    `fields` are form fields (see vacancy_fields.COLUMNS); defaults make a welder's job in Thiès.
    """
    form: dict[str, Any] = {
        "title": "Soudeur / soudeuse",
        "description": DEFAULT_DESCRIPTION,
        "location": "Thiès",
        "contract_type": "permanent",
        **fields,
    }
    values, errors = vacancy_fields.parse(form, locale="fr")
    assert values is not None, errors
    assert organisation.id is not None
    vacancy = Vacancy(organisation_id=organisation.id, title=values.title, status=status)
    vacancy_fields.apply(vacancy, values)
    if status == VacancyStatus.PUBLISHED:
        vacancy.published_at = published_at or datetime.now(UTC)
    db.add(vacancy)
    await db.flush()
    assert vacancy.id is not None
    await vacancy_fields.replace_skills(db, vacancy_id=vacancy.id, values=values)
    await db.commit()
    await db.refresh(vacancy)
    return vacancy
