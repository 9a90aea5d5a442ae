"""Messages between an employer and an applicant about one application; only the two parties read them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import access as application_access
from sankofa.applications import lifecycle as applications
from sankofa.applications.models import ApplicationMessage
from sankofa.core import audit, mail
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import User

MAX_BODY = 4000


async def thread(session: AsyncSession, *, application_id: int) -> list[ApplicationMessage]:
    """The messages of one application, oldest first (callers check access first)."""
    result = await session.exec(
        select(ApplicationMessage)
        .where(ApplicationMessage.application_id == application_id)
        .order_by(col(ApplicationMessage.created_at), col(ApplicationMessage.id))
    )
    return list(result.all())


async def mark_read(session: AsyncSession, *, application_id: int, reader_is_employer: bool) -> None:
    """The reader has seen the other side's messages. Added to the caller's transaction."""
    await session.exec(
        update(ApplicationMessage)
        .where(
            col(ApplicationMessage.application_id) == application_id,
            col(ApplicationMessage.from_employer).is_(not reader_is_employer),
            col(ApplicationMessage.read_at).is_(None),
        )
        .values(read_at=datetime.now(UTC))
    )


async def send(
    session: AsyncSession, *, user: User, application_id: int, body: str, settings: Settings, ip: str | None = None
) -> ApplicationMessage:
    """Post a message on an application; the other side is mailed a link (not the text).

    Raises:
        NotFound: the user is neither the applicant nor a member of the employer.
        ValidationFailed: empty or too long.
    """
    access = await application_access.load(session, user=user, application_id=application_id, for_update=True)
    if access.profile.erased_at is not None:
        raise ValidationFailed({"body": _("The candidate deleted their account: messages can no longer be sent.")})
    body = body.strip()
    if not body:
        raise ValidationFailed({"body": _("Write a message.")})
    if len(body) > MAX_BODY:
        raise ValidationFailed({"body": _("Write at most %(max)s characters.") % {"max": MAX_BODY}})
    application = access.application
    assert application.id is not None
    message = ApplicationMessage(
        application_id=application.id, sender_user_id=user.id, from_employer=access.is_employer, body=body
    )
    session.add(message)
    link = f"{settings.base_url}/applications/{application.id}"
    context = {"vacancy": access.vacancy.title, "organisation": access.organisation.name, "link": link}
    if access.is_employer:
        applications.touch(application, datetime.now(UTC))
        await audit.record(
            session,
            action="application.message",
            actor_user_id=user.id,
            actor_organisation_id=access.organisation.id,
            subject_user_id=access.profile.user_id,
            ip=ip,
            detail={"application_id": application.id},
        )
        returnee = await session.get(User, access.profile.user_id)
        to = (returnee.email if returnee else None) or access.profile.contact_email
        if to:
            locale = (returnee.locale if returnee else None) or settings.default_locale
            await mail.queue(session, to=to, template="application_message", locale=locale, context=context)
    else:
        assert access.organisation.id is not None
        members = await application_access.member_addresses(session, organisation_id=access.organisation.id)
        for address, member_locale in members:
            await mail.queue(
                session,
                to=address,
                template="application_reply",
                locale=member_locale or settings.default_locale,
                context=context,
            )
    await session.flush()
    await session.refresh(message)
    return message
