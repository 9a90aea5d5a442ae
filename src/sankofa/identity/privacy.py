"""A person's rights over their data: download everything, delete the account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.models import AuditEvent, Mail
from sankofa.core.security import verify_password_off_loop
from sankofa.core.settings import Settings, get_settings
from sankofa.events import registration as event_registration
from sankofa.identity import data_export
from sankofa.identity import sessions as web_sessions
from sankofa.identity.models import EmailToken, User
from sankofa.organisations.models import Invitation, Membership, Organisation
from sankofa.profiles import erasure as profile_erasure
from sankofa.profiles.models import ReturneeProfile
from sankofa.search.models import SavedSearch
from sankofa.vacancies.models import VacancyReport


async def export_user_data(session: AsyncSession, *, user: User, ip: str | None) -> dict[str, Any]:
    """Everything Sankofa holds about `user`, as JSON-ready data (`data_export.SECTIONS`); the download is logged."""
    data: dict[str, Any] = {
        "exported_at": datetime.now(UTC).isoformat(),
        **await data_export.collect(session, user=user),
    }
    await audit.record(session, action="account.exported", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    await session.flush()
    return data


async def delete_account(session: AsyncSession, *, user: User, password: str, settings: Settings | None = None) -> None:
    """Erase personal fields, the returnee profile and all under it, end every session; in one transaction.

    Rows others rely on (applications, reports, audit of their accesses) stay, without identity
    (docs/personal-data.md). Event registrations are cancelled (their seats offered on) and deleted.

    Raises:
        ValidationFailed: the password does not match (deletion is confirmed by password).
    """
    if not await verify_password_off_loop(user.password_hash, password):
        raise ValidationFailed({"password": _("Wrong password.")})
    assert user.id is not None
    email = user.email
    user.email = None
    user.password_hash = None
    user.display_name = ""
    user.locale = None
    user.deleted_at = datetime.now(UTC)
    session.add(user)
    await web_sessions.end_all_for(session, user_id=user.id)
    await session.exec(delete(EmailToken).where(col(EmailToken.user_id) == user.id))
    await session.exec(delete(Membership).where(col(Membership.user_id) == user.id))
    await session.exec(delete(SavedSearch).where(col(SavedSearch.user_id) == user.id))
    await event_registration.forget_person(session, user_id=user.id, settings=settings or get_settings())
    if email:
        await session.exec(delete(Mail).where(col(Mail.to_address) == email))
        await session.exec(delete(Invitation).where(col(Invitation.email) == email))
    # Moderators still need the report; it no longer says who made it.
    await session.exec(
        update(VacancyReport).where(col(VacancyReport.reporter_user_id) == user.id).values(reporter_user_id=None)
    )
    profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).one_or_none()
    if profile is not None:
        await profile_erasure.erase(session, profile=profile)
    # Others' accesses stay on record (who looked, when), the person's own addresses do not.
    await session.exec(update(AuditEvent).where(col(AuditEvent.actor_user_id) == user.id).values(ip=None))
    await audit.record(session, action="account.deleted", actor_user_id=user.id, subject_user_id=user.id)
    await session.flush()


async def events_with_actors(
    session: AsyncSession, *, user_id: int, limit: int = 200
) -> list[tuple[AuditEvent, str | None]]:
    """Like `audit.events_about`, with the name of the organisation that acted (None when it was the person)."""
    result = await session.exec(
        select(AuditEvent, Organisation.name)
        .join(Organisation, col(Organisation.id) == AuditEvent.actor_organisation_id, isouter=True)
        .where(AuditEvent.subject_user_id == user_id)
        .order_by(col(AuditEvent.at).desc())
        .limit(limit)
    )
    return [(event, name) for event, name in result.all()]
