"""Organisations, their members and invitations; verification by admins (and partners for employers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, mail, validation
from sankofa.core.errors import InvalidToken, NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.security import new_token, token_hash
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Invitation, MemberRole, Membership, Organisation, OrgKind, OrgStatus

INVITATION_DAYS = 7
ROLE_FOR_KIND = {
    OrgKind.EMPLOYER: Role.EMPLOYER,
    OrgKind.AUTHORITY: Role.AUTHORITY,
    OrgKind.PARTNER: Role.PARTNER,
    OrgKind.FUND: Role.INVESTOR,
}


async def create_for_owner(session: AsyncSession, *, owner: User, kind: OrgKind, name: str) -> Organisation:
    """A new organisation, unverified, with `owner` as its owner."""
    org = Organisation(kind=kind, name=name, status=OrgStatus.UNVERIFIED)
    session.add(org)
    await session.flush()
    assert org.id is not None and owner.id is not None
    session.add(Membership(organisation_id=org.id, user_id=owner.id, role=MemberRole.OWNER))
    return org


async def memberships_of(session: AsyncSession, *, user_id: int) -> list[tuple[Membership, Organisation]]:
    result = await session.exec(
        select(Membership, Organisation)
        .join(Organisation, col(Organisation.id) == Membership.organisation_id)
        .where(Membership.user_id == user_id)
        .order_by(col(Membership.id))
    )
    return list(result.all())


async def primary_organisation(session: AsyncSession, *, user_id: int) -> Organisation | None:
    rows = await memberships_of(session, user_id=user_id)
    return rows[0][1] if rows else None


async def members(session: AsyncSession, *, organisation_id: int) -> list[tuple[Membership, User]]:
    result = await session.exec(
        select(Membership, User)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.organisation_id == organisation_id)
        .order_by(col(Membership.id))
    )
    return list(result.all())


async def get_membership(session: AsyncSession, *, organisation_id: int, user_id: int) -> Membership | None:
    result = await session.exec(
        select(Membership).where(Membership.organisation_id == organisation_id, Membership.user_id == user_id)
    )
    return result.one_or_none()


async def get(session: AsyncSession, organisation_id: int) -> Organisation:
    org = await session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(_("This organisation does not exist."))
    return org


async def invite(
    session: AsyncSession, *, organisation_id: int, email: str, inviter: User, settings: Settings
) -> Invitation:
    """Email an invitation to join; only the owner may invite.

    Raises:
        PermissionDenied: the inviter is not the organisation's owner.
        ValidationFailed: the address is not valid or already a member.
    """
    org = await get(session, organisation_id)
    assert inviter.id is not None
    membership = await get_membership(session, organisation_id=organisation_id, user_id=inviter.id)
    if membership is None or membership.role != MemberRole.OWNER:
        raise PermissionDenied(_("Only the owner of the organisation can invite members."))
    email = validation.normalise_email(email)
    if message := validation.email_error(email):
        raise ValidationFailed({"email": message})
    existing = await session.exec(
        select(User)
        .join(Membership, col(Membership.user_id) == User.id)
        .where(Membership.organisation_id == organisation_id, User.email == email)
    )
    if existing.first() is not None:
        raise ValidationFailed({"email": _("This person is already a member.")})
    token = new_token()
    invitation = Invitation(
        organisation_id=organisation_id,
        email=email,
        token_hash=token_hash(token),
        invited_by_id=inviter.id,
        expires_at=datetime.now(UTC) + timedelta(days=INVITATION_DAYS),
    )
    session.add(invitation)
    await mail.queue(
        session,
        to=email,
        template="invitation",
        locale=inviter.locale or settings.default_locale,
        context={
            "inviter": inviter.display_name,
            "organisation": org.name,
            "link": f"{settings.base_url}/invitations/{token}",
            "days": INVITATION_DAYS,
        },
    )
    await audit.record(
        session,
        action="organisation.invited",
        actor_user_id=inviter.id,
        actor_organisation_id=organisation_id,
        detail={"email": email},
    )
    await session.flush()
    return invitation


async def pending_invitation(session: AsyncSession, *, token: str) -> tuple[Invitation, Organisation]:
    result = await session.exec(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    invitation = result.one_or_none()
    if invitation is None or invitation.accepted_at or invitation.expires_at <= datetime.now(UTC):
        raise InvalidToken(_("This invitation is invalid, already used or expired. Ask for a new one."))
    return invitation, await get(session, invitation.organisation_id)


async def accept_invitation(session: AsyncSession, *, token: str, user: User) -> Organisation:
    """Join the organisation of an invitation. The account must have the organisation's role."""
    invitation, org = await pending_invitation(session, token=token)
    if user.role != ROLE_FOR_KIND[OrgKind(org.kind)]:
        raise PermissionDenied(_("Your account type cannot join this kind of organisation."))
    assert user.id is not None and org.id is not None
    if await get_membership(session, organisation_id=org.id, user_id=user.id) is None:
        session.add(Membership(organisation_id=org.id, user_id=user.id, role=MemberRole.MEMBER))
    invitation.accepted_at = datetime.now(UTC)
    await audit.record(session, action="organisation.joined", actor_user_id=user.id, actor_organisation_id=org.id)
    await session.flush()
    return org


async def can_verify(session: AsyncSession, *, actor: User, org: Organisation) -> bool:
    """Admins verify any organisation; caseworkers of a verified partner verify employers still pending.

    A caseworker never touches a suspended (or already verified) organisation: undoing an administrator's
    suspension would make the employer's vacancies public again.
    """
    if actor.role == Role.ADMIN:
        return True
    if org.kind != OrgKind.EMPLOYER or org.status != OrgStatus.UNVERIFIED:
        return False
    return await is_verifying_caseworker(session, actor=actor)


async def is_verifying_caseworker(session: AsyncSession, *, actor: User) -> bool:
    """A member of a verified partner organisation: the caseworkers who may verify employers."""
    if actor.role != Role.PARTNER or actor.id is None:
        return False
    own = await primary_organisation(session, user_id=actor.id)
    return own is not None and own.kind == OrgKind.PARTNER and own.status == OrgStatus.VERIFIED


async def set_status(session: AsyncSession, *, organisation_id: int, status: OrgStatus, actor: User) -> Organisation:
    """Verify, suspend or reinstate an organisation: administrators only, but for partners verifying employers.

    Raises:
        PermissionDenied: the actor may not change this organisation's status (a caseworker: anything but
            verifying a pending employer).
    """
    org = await get(session, organisation_id)
    if actor.role != Role.ADMIN and org.status == OrgStatus.SUSPENDED:
        raise PermissionDenied(_("Only Sankofa administrators can reinstate a suspended organisation."))
    allowed = actor.role == Role.ADMIN or (
        status == OrgStatus.VERIFIED and await can_verify(session, actor=actor, org=org)
    )
    if not allowed:
        raise PermissionDenied(_("You cannot change the status of this organisation."))
    org.status = status
    if status == OrgStatus.VERIFIED:
        org.verified_at = datetime.now(UTC)
        org.verified_by_id = actor.id
    await audit.record(
        session, action=f"organisation.{status}", actor_user_id=actor.id, detail={"organisation_id": org.id}
    )
    await session.flush()
    return org


async def listing(
    session: AsyncSession, *, status: str | None = None, kind: str | None = None, limit: int = 200
) -> list[Organisation]:
    query = select(Organisation).order_by(col(Organisation.created_at).desc()).limit(limit)
    if status:
        query = query.where(Organisation.status == status)
    if kind:
        query = query.where(Organisation.kind == kind)
    result = await session.exec(query)
    return list(result.all())
