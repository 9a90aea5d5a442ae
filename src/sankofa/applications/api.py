"""Applications as JSON for session users: the employer's (per vacancy or all) and the returnee's own."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import access as application_access
from sankofa.applications import lifecycle as applications
from sankofa.applications import pipeline as application_pipeline
from sankofa.applications.lifecycle import OPEN
from sankofa.applications.models import Application
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Membership, Organisation, OrgStatus
from sankofa.profiles.models import ReturneeProfile
from sankofa.profiles.visibility import Viewer
from sankofa.vacancies.models import Vacancy

MAX_ROWS = 500


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def for_employer(
    session: AsyncSession, *, user: User, vacancy_public_id: uuid.UUID | None = None, locale: str, ip: str | None = None
) -> list[dict[str, Any]]:
    """Applications to the vacancies of the employer's organisations (one vacancy when given), newest first.

    Raises:
        NotFound: `vacancy_public_id` is not a vacancy of the employer's.
    """
    stmt = (
        select(Application, Vacancy, Organisation, ReturneeProfile)
        .join(Vacancy, col(Vacancy.id) == Application.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .join(Membership, col(Membership.organisation_id) == Organisation.id)
        .join(ReturneeProfile, col(ReturneeProfile.id) == Application.profile_id)
        .where(Membership.user_id == user.id, Organisation.status != OrgStatus.SUSPENDED)
        .order_by(col(Application.created_at).desc(), col(Application.id).desc())
        .limit(MAX_ROWS)
    )
    if user.role != Role.EMPLOYER:
        return []
    if vacancy_public_id is not None:
        vacancy, _org = await application_access.employer_vacancy(session, user=user, public_id=vacancy_public_id)
        stmt = stmt.where(Application.vacancy_id == vacancy.id)
    rows = []
    for application, vacancy, organisation, profile in (await session.exec(stmt)).all():
        applicant = await application_pipeline.applicant_view(
            session,
            profile=profile,
            viewer=Viewer(user=user, organisation=organisation),
            locale=locale,
            ip=ip,
            context="api",
        )
        rows.append(
            {
                "id": application.id,
                "vacancy": {"id": str(vacancy.public_id), "title": vacancy.title},
                "status": application.status,
                "message": application.message,
                "applied_at": _iso(application.created_at),
                "updated_at": _iso(application.updated_at),
                "employer_touched_at": _iso(application.employer_touched_at),
                "stale": application.stale_flagged_at is not None and application.status in OPEN,
                "next_statuses": list(applications.TRANSITIONS.get(application.status, ())),
                "applicant": applicant,
            }
        )
    await session.flush()  # audit rows of named applicants
    return rows


async def for_returnee(session: AsyncSession, *, user: User) -> list[dict[str, Any]]:
    """The returnee's own applications."""
    return [
        {
            "id": row.id,
            "vacancy": {"id": str(row.vacancy_public_id), "title": row.vacancy_title},
            "organisation": row.organisation_name,
            "status": row.status,
            "applied_at": _iso(row.applied_at),
            "updated_at": _iso(row.changed_at),
            "unread_messages": row.unread,
        }
        for row in await applications.mine(session, user=user)
    ]
