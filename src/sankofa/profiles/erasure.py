"""Erasing a returnee's profile when the account is deleted (docs/personal-data.md has the table-by-table rules).

The profile row stays, blanked and marked `erased_at`, only because employers' applications point at it; every
row under it goes, the applications keep their vacancy, dates and status without text, and the ranking feed gets a
tombstone in the same transaction so every web process's index drops the profile within seconds.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import PartnerConsent
from sankofa.applications.lifecycle import TERMINAL
from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage, ApplicationStatus
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles.models import (
    Certification,
    ContactGrant,
    ContactRequest,
    Education,
    Experience,
    ProfileLanguage,
    ProfileRevision,
    ProfileSkill,
    ReturneeProfile,
)
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind, RankingImpression

# Every row of these belongs to the profile and goes with it (grants and consents included: nobody sees it again).
PROFILE_TABLES: tuple[Any, ...] = (
    ProfileLanguage,
    Education,
    Experience,
    Certification,
    ProfileSkill,
    PartnerConsent,
    ContactRequest,
    ContactGrant,
    ReintegrationMeasure,
    ProfileRevision,
)
# The profile's fields set back to what a new, empty, hidden profile has.
BLANK: dict[str, Any] = {
    "full_name": "",
    "contact_email": None,
    "phone": None,
    "gender": None,
    "birth_year": None,
    "nationality": None,
    "return_status": None,
    "host_country": None,
    "expected_return_on": None,
    "returned_on": None,
    "origin_country": None,
    "origin_region": None,
    "origin_city_id": None,
    "mobility_regions": [],
    "desired_occupations": [],
    "sectors": [],
    "contract_types": [],
    "available_from": None,
    "expected_pay": None,
    "pay_currency": None,
    "needs": [],
    "summary": "",
    "visible_to_employers": False,
    "disclose_return_status": False,
    "show_pay_to_employers": False,
}


async def erase(session: AsyncSession, *, profile: ReturneeProfile) -> None:
    """Blank the profile, delete everything under it, strip its applications, drop it from the ranking.

    Added to the caller's transaction (the account deletion commits once).
    """
    assert profile.id is not None
    now = datetime.now(UTC)
    for model in PROFILE_TABLES:
        await session.exec(delete(model).where(col(model.profile_id) == profile.id))
    await _strip_applications(session, profile_id=profile.id, user_id=profile.user_id, now=now)
    # What the engine saw of the person (features when shown, and their own recommendation lists).
    await session.exec(
        delete(RankingImpression).where(
            (col(RankingImpression.direction) == "profiles-for-job") & (col(RankingImpression.item_id) == profile.id)
            | (col(RankingImpression.direction) == "jobs-for-profile") & (col(RankingImpression.query_id) == profile.id)
        )
    )
    for name, value in BLANK.items():
        setattr(profile, name, value)
    profile.public_id = uuid.uuid4()  # old links to the profile, its CV and its API resource find nothing
    profile.erased_at = now
    profile.updated_at = now
    session.add(profile)
    await session.flush()
    await ranking_index.store(session, kind=ItemKind.PROFILE, item_id=profile.id)


async def _strip_applications(session: AsyncSession, *, profile_id: int, user_id: int, now: datetime) -> None:
    """Applications keep vacancy, dates and status for the employer; open ones become withdrawn; no text stays."""
    ids = list((await session.exec(select(Application.id).where(Application.profile_id == profile_id))).all())
    if not ids:
        return
    await session.exec(delete(ApplicationMessage).where(col(ApplicationMessage.application_id).in_(ids)))
    await session.exec(update(ApplicationEvent).where(col(ApplicationEvent.application_id).in_(ids)).values(note=""))
    await session.exec(
        update(ApplicationEvent)
        .where(col(ApplicationEvent.application_id).in_(ids), col(ApplicationEvent.actor_user_id) == user_id)
        .values(actor_user_id=None)
    )
    still_open = await session.exec(
        select(Application).where(col(Application.id).in_(ids), col(Application.status).not_in(TERMINAL))
    )
    for application in still_open.all():
        assert application.id is not None
        session.add(
            ApplicationEvent(
                application_id=application.id, from_status=application.status, to_status=ApplicationStatus.WITHDRAWN
            )
        )
        application.status = ApplicationStatus.WITHDRAWN
        session.add(application)
    await session.exec(
        update(Application)
        .where(col(Application.id).in_(ids))
        .values(message="", updated_at=now, stale_flagged_at=None)
    )
