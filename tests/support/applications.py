"""Factories for application tests: returnees with a profile, applications with a back-dated history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage
from sankofa.profiles.models import ReturneeProfile
from sankofa.vacancies.models import Vacancy
from tests.support.web import log_in, make_user, post_form


async def make_applicant(
    db: AsyncSession, *, email: str, name: str = "Moussa Applicant", locale: str = "fr"
) -> ReturneeProfile:
    """A returnee with a short profile (enough to apply), not visible to employers until they apply."""
    user = await make_user(db, email=email, role="returnee", name=name, locale=locale)
    assert user.id is not None
    profile = ReturneeProfile(
        user_id=user.id, full_name=name, contact_email=email, summary="Soudeur, huit ans en Italie"
    )
    db.add(profile)
    await db.commit()
    await db.refresh(profile)
    return profile


async def make_application(
    db: AsyncSession,
    *,
    vacancy: Vacancy,
    profile: ReturneeProfile,
    days_ago: float = 0,
    answers: list[tuple[str, float]] | None = None,
    employer_message_after_days: float | None = None,
) -> Application:
    """An application made `days_ago`, moved through `answers` [(status, days after applying)]."""
    applied = datetime.now(UTC) - timedelta(days=days_ago)
    assert vacancy.id is not None and profile.id is not None
    application = Application(vacancy_id=vacancy.id, profile_id=profile.id, created_at=applied, updated_at=applied)
    db.add(application)
    await db.flush()
    assert application.id is not None
    db.add(ApplicationEvent(application_id=application.id, to_status="submitted", created_at=applied))
    previous = "submitted"
    for status, after in answers or []:
        moment = applied + timedelta(days=after)
        db.add(
            ApplicationEvent(application_id=application.id, from_status=previous, to_status=status, created_at=moment)
        )
        application.status = status
        application.updated_at = moment
        if status != "withdrawn":
            application.employer_touched_at = moment
        previous = status
    if employer_message_after_days is not None:
        moment = applied + timedelta(days=employer_message_after_days)
        db.add(ApplicationMessage(application_id=application.id, from_employer=True, body="Hello", created_at=moment))
        application.employer_touched_at = moment
    await db.commit()
    await db.refresh(application)
    return application


async def switch_to(client: httpx.AsyncClient, email: str) -> None:
    """Log out whoever is logged in, and log in as `email`."""
    client.cookies.clear()
    await log_in(client, email)


async def apply_as(client: httpx.AsyncClient, email: str, vacancy: Vacancy, message: str = "") -> httpx.Response:
    await switch_to(client, email)
    return await post_form(client, f"/jobs/{vacancy.public_id}/apply", {"message": message}, page="/applications")
