"""THE rule of who may see a vacancy, in the three forms queries need: SQLAlchemy, raw SQL, and Python.

A vacancy is public (searchable, rankable, open to applications) iff it is published, its organisation is verified
(checked at read time, so a suspension hides every vacancy at once) and its deadline, if any, has not passed (the
hourly job closes those; this covers the hour between).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col

from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.vacancies.models import Vacancy, VacancyStatus


def _today(today: date | None) -> date:
    return today or datetime.now(UTC).date()


def public_clause(*, today: date | None = None) -> ColumnElement[bool]:
    """The rule as a SQLAlchemy condition; the query must join Organisation on the vacancy."""
    return and_(
        col(Vacancy.status) == VacancyStatus.PUBLISHED,
        col(Organisation.status) == OrgStatus.VERIFIED,
        or_(col(Vacancy.deadline).is_(None), col(Vacancy.deadline) >= _today(today)),
    )


def public_document_sql(document: str = "s", organisation: str = "o") -> str:
    """The rule over the job search's documents: `vacancy_search {document} JOIN organisation {organisation}`.

    A document exists exactly while its vacancy is published (the trigger of migration 0013 keeps it), so the
    status is not asked again; the employer and the deadline are.
    """
    return (
        f"{organisation}.status = '{OrgStatus.VERIFIED}' "
        f"AND ({document}.deadline IS NULL OR {document}.deadline >= current_date)"
    )


def is_public(vacancy: Vacancy, organisation: Organisation, *, today: date | None = None) -> bool:
    """The rule for one loaded row."""
    return (
        vacancy.status == VacancyStatus.PUBLISHED
        and organisation.status == OrgStatus.VERIFIED
        and (vacancy.deadline is None or vacancy.deadline >= _today(today))
    )
