"""The demo employer comes with a full profile and realistic vacancies, linked to skills, loaded once."""

from __future__ import annotations

from sqlmodel import col, func, select

from sankofa import seed, seed_vacancies
from sankofa.organisations.models import Organisation
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.models import Vacancy, VacancySkill


async def test_demo_seed_adds_a_verified_employer_profile_and_public_vacancies_once(db):
    assert await seed.seed_demo(db)
    await seed_vacancies.seed_demo_vacancies(db)
    await seed_vacancies.seed_demo_vacancies(db)  # idempotent
    org = (await db.exec(select(Organisation).where(Organisation.name == "Baobab BTP"))).one()
    assert org.description and org.sectors and org.regions and org.website
    rows = (await db.exec(select(Vacancy))).all()
    assert len(rows) == len(seed_vacancies.DEMO_VACANCIES)
    public = (
        await db.exec(
            select(func.count())
            .select_from(Vacancy)
            .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
            .where(vacancies.public_clause())
        )
    ).one()
    assert public == 10
    assert {v.country for v in rows} >= {"SN", "ML", "GN", "MA", "TN"}
    assert any(v.open_to_abroad for v in rows) and any(v.status == "draft" for v in rows)
    linked = (await db.exec(select(func.count(func.distinct(VacancySkill.vacancy_id))))).one()
    assert linked >= 9
    assert sum(v.occupation_uri is not None for v in rows) >= 10
