"""A person's rights over their data: download everything, delete the account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import EmailToken, Mail, Membership, User
from sankofa.errors import ValidationFailed
from sankofa.i18n import gettext as _
from sankofa.security import verify_password_off_loop
from sankofa.services import audit, organisations, web_sessions


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export_user_data(session: AsyncSession, *, user: User, ip: str | None) -> dict[str, Any]:
    """Everything Sankofa holds about `user`, as JSON-ready data; the download is logged."""
    assert user.id is not None
    memberships = await organisations.memberships_of(session, user_id=user.id)
    events = await audit.events_about(session, user_id=user.id, limit=10_000)
    mails = await session.exec(select(Mail).where(Mail.to_address == user.email).order_by(col(Mail.created_at)))
    data: dict[str, Any] = {
        "exported_at": datetime.now(UTC).isoformat(),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "locale": user.locale,
            "email_verified_at": _iso(user.email_verified_at),
            "created_at": _iso(user.created_at),
        },
        "organisations": [
            {"id": org.id, "name": org.name, "kind": org.kind, "status": org.status, "member_role": m.role}
            for m, org in memberships
        ],
        "emails_sent_to_you": [
            {"subject": m.subject, "status": m.status, "created_at": _iso(m.created_at)} for m in mails.all()
        ],
        "audit_log": [
            {
                "at": _iso(e.at),
                "action": e.action,
                "actor_user_id": e.actor_user_id,
                "actor_organisation_id": e.actor_organisation_id,
                "detail": e.detail,
            }
            for e in events
        ],
    }
    await audit.record(session, action="account.exported", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    await session.commit()
    return data


async def delete_account(session: AsyncSession, *, user: User, password: str, ip: str | None) -> None:
    """Erase personal fields and end every session; rows others rely on stay, without identity.

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
    if email:
        await session.exec(delete(Mail).where(col(Mail.to_address) == email))
    await audit.record(session, action="account.deleted", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    await session.commit()
