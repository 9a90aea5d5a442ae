"""Contact between employers and returnees: the employer asks, the returnee decides; a grant reveals identity.

A grant (ContactGrant) is what `visibility.allowed_groups` reads to show an employer the returnee's name and
contact details. It comes from an accepted request or from the returnee applying to the employer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import case, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, mail
from sankofa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.profiles import editing as profiles
from sankofa.profiles import visibility
from sankofa.profiles.models import ContactGrant, ContactRequest, ReturneeProfile
from sankofa.profiles.visibility import Viewer

MAX_MESSAGE = 2000
Own = TypeVar("Own", ContactRequest, ContactGrant)


class Status:
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class GrantRow:
    """An organisation that sees the returnee's name and contact details, and why."""

    organisation_id: int
    organisation_name: str
    reason: str  # applied | accepted_request
    granted_at: datetime


@dataclass(frozen=True)
class RequestRow:
    """One contact request as the returnee sees it."""

    id: int
    organisation_name: str
    organisation_verified: bool
    message: str
    status: str
    created_at: datetime
    decided_at: datetime | None


def _check_employer(viewer: Viewer) -> int:
    org = viewer.organisation
    if (
        viewer.user.role != Role.EMPLOYER
        or org is None
        or org.id is None
        or org.kind != OrgKind.EMPLOYER
        or org.status != OrgStatus.VERIFIED
    ):
        raise PermissionDenied(_("Only members of a verified employer can ask to contact a candidate."))
    return org.id


async def _existing_request(session: AsyncSession, *, profile_id: int, organisation_id: int) -> ContactRequest | None:
    result = await session.exec(
        select(ContactRequest).where(
            ContactRequest.profile_id == profile_id, ContactRequest.organisation_id == organisation_id
        )
    )
    return result.one_or_none()


async def status_for(session: AsyncSession, *, profile_id: int, organisation_id: int) -> str | None:
    """'granted' when the organisation sees identity, else the request status, else None."""
    if await visibility.has_contact_grant(session, profile_id=profile_id, organisation_id=organisation_id):
        return "granted"
    existing = await _existing_request(session, profile_id=profile_id, organisation_id=organisation_id)
    return existing.status if existing else None


async def request_contact(
    session: AsyncSession,
    *,
    viewer: Viewer,
    public_id: uuid.UUID,
    message: str,
    settings: Settings,
    ip: str | None = None,
) -> ContactRequest:
    """An employer asks to see who is behind an anonymous profile; the returnee is told by mail.

    Raises:
        PermissionDenied: the viewer is not a member of a verified employer.
        NotFound: the profile is not visible to the viewer.
        ValidationFailed: the message is too long.
        Conflict: the organisation already asked, or already sees the contact details.
    """
    org_id = _check_employer(viewer)
    profile = await profiles.by_public_id(session, public_id)
    if not await visibility.allowed_groups(session, profile=profile, viewer=viewer):
        raise NotFound(_("This profile does not exist or is not visible to you."))
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationFailed(
            {"message": _("Write at most %(max)s characters.") % {"max": MAX_MESSAGE}},
        )
    assert profile.id is not None
    status = await status_for(session, profile_id=profile.id, organisation_id=org_id)
    if status == "granted":
        raise Conflict(_("You can already see this person's contact details."))
    if status is not None:
        raise Conflict(_("Your organisation has already asked to contact this person."))
    request = ContactRequest(
        profile_id=profile.id, organisation_id=org_id, requested_by_id=viewer.user.id, message=message
    )
    try:
        # Written now (in a savepoint, which the conflict alone undoes), so that the unique (profile, organisation)
        # index decides here when a colleague's request crosses this one (a later flush would answer 500).
        async with session.begin_nested():
            session.add(request)
    except IntegrityError:
        raise Conflict(_("Your organisation has already asked to contact this person.")) from None
    await audit.record(
        session,
        action="contact.requested",
        actor_user_id=viewer.user.id,
        actor_organisation_id=org_id,
        subject_user_id=profile.user_id,
        ip=ip,
        detail={"organisation_id": org_id},
    )
    assert viewer.organisation is not None
    await _tell_returnee(
        session, profile=profile, organisation_name=viewer.organisation.name, message=message, settings=settings
    )
    await session.flush()
    await session.refresh(request)
    return request


async def _tell_returnee(
    session: AsyncSession, *, profile: ReturneeProfile, organisation_name: str, message: str, settings: Settings
) -> None:
    returnee = await session.get(User, profile.user_id)
    to = (returnee.email if returnee else None) or profile.contact_email
    if not to:
        return
    await mail.queue(
        session,
        to=to,
        template="contact_request",
        locale=(returnee.locale if returnee else None) or settings.default_locale,
        context={
            "name": profile.full_name or (returnee.display_name if returnee else ""),
            "organisation": organisation_name,
            "message": message,
            "link": f"{settings.base_url}/profile/requests",
        },
    )


async def requests_for(session: AsyncSession, *, user: User) -> list[RequestRow]:
    """The returnee's contact requests, pending first, newest first within each."""
    assert user.id is not None
    result = await session.exec(
        select(ContactRequest, Organisation)
        .join(ReturneeProfile, col(ReturneeProfile.id) == ContactRequest.profile_id)
        .join(Organisation, col(Organisation.id) == ContactRequest.organisation_id)
        .where(ReturneeProfile.user_id == user.id)
        .order_by(
            case((col(ContactRequest.status) == Status.PENDING, 0), else_=1), col(ContactRequest.created_at).desc()
        )
    )
    return [
        RequestRow(
            id=request.id or 0,
            organisation_name=org.name,
            organisation_verified=org.status == OrgStatus.VERIFIED,
            message=request.message,
            status=request.status,
            created_at=request.created_at,
            decided_at=request.decided_at,
        )
        for request, org in result.all()
    ]


async def grant_for_application(
    session: AsyncSession, *, profile_id: int, organisation_id: int, reason: str = "applied"
) -> None:
    """Let the organisation see identity and contact (idempotent). Added to the caller's transaction."""
    await session.exec(
        insert(ContactGrant)
        .values(profile_id=profile_id, organisation_id=organisation_id, reason=reason, granted_at=datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=["profile_id", "organisation_id"])
    )


async def _own_locked(session: AsyncSession, model: type[Own], *, user: User, where: Any, missing: str) -> Own:
    """The returnee's own request or grant matching `where`, locked for the change (NotFound otherwise)."""
    result = await session.exec(
        select(model)
        .join(ReturneeProfile, col(ReturneeProfile.id) == model.profile_id)
        .where(where, ReturneeProfile.user_id == user.id)
        .with_for_update(of=model)
    )
    row = result.one_or_none()
    if row is None:
        raise NotFound(missing)
    return row


async def respond(
    session: AsyncSession, *, user: User, request_id: int, accept: bool, ip: str | None = None
) -> ContactRequest:
    """The returnee accepts (the organisation then sees name and contact) or declines a pending request.

    Raises:
        NotFound: no such request for this returnee.
        Conflict: the request was already answered.
    """
    request = await _own_locked(
        session,
        ContactRequest,
        user=user,
        where=ContactRequest.id == request_id,
        missing=_("This request does not exist."),
    )
    if request.status != Status.PENDING:
        raise Conflict(_("You have already answered this request."))
    request.status = Status.ACCEPTED if accept else Status.DECLINED
    request.decided_at = datetime.now(UTC)
    session.add(request)
    if accept:
        await grant_for_application(
            session, profile_id=request.profile_id, organisation_id=request.organisation_id, reason="accepted_request"
        )
    await audit.record(
        session,
        action="contact.accepted" if accept else "contact.declined",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        detail={"organisation_id": request.organisation_id, "request_id": request.id},
    )
    await session.flush()
    await session.refresh(request)
    return request


async def grants_for(session: AsyncSession, *, user: User) -> list[GrantRow]:
    """Who sees the returnee's name and contact details, oldest grant first (the account page)."""
    result = await session.exec(
        select(ContactGrant, Organisation)
        .join(ReturneeProfile, col(ReturneeProfile.id) == ContactGrant.profile_id)
        .join(Organisation, col(Organisation.id) == ContactGrant.organisation_id)
        .where(ReturneeProfile.user_id == user.id)
        .order_by(col(ContactGrant.granted_at), col(ContactGrant.id))
    )
    return [
        GrantRow(
            organisation_id=org.id or 0, organisation_name=org.name, reason=grant.reason, granted_at=grant.granted_at
        )
        for grant, org in result.all()
    ]


async def withdraw_grant(session: AsyncSession, *, user: User, organisation_id: int, ip: str | None = None) -> None:
    """The returnee stops an organisation seeing their name and contact details, at once, on every read path.

    An accepted request becomes declined, so the employer cannot ask again; applying again grants again.

    Raises:
        NotFound: the organisation has no grant from this returnee.
    """
    grant = await _own_locked(
        session,
        ContactGrant,
        user=user,
        where=ContactGrant.organisation_id == organisation_id,
        missing=_("This organisation does not see your contact details."),
    )
    request = await _existing_request(session, profile_id=grant.profile_id, organisation_id=organisation_id)
    if request is not None and request.status == Status.ACCEPTED:
        request.status = Status.DECLINED
        request.decided_at = datetime.now(UTC)
        session.add(request)
    await session.delete(grant)
    await audit.record(
        session,
        action="contact.withdrawn",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        detail={"organisation_id": organisation_id},
    )
    await session.flush()
