"""Renaming an organisation: free until it is verified, then held as a pending name until a verifier approves it.

The verified badge vouches for a name: without this, a verified "Dakar Logistics" could call itself "Ministry of
Labour" and keep the badge. So the public `name` of a verified (or suspended) organisation stays on every page
while the new one waits in `pending_name` for an administrator or, for an employer, a partner caseworker.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, mail
from sankofa.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus


async def request(session: AsyncSession, *, org: Organisation, user: User, name: str) -> None:
    """Give `org` the name `name`: at once while it is unverified, else as a pending name (the caller commits).

    Asking for the current public name again withdraws a pending request.
    """
    if org.status == OrgStatus.UNVERIFIED:
        org.name, org.pending_name, org.pending_name_at = name, None, None
        return
    if name == org.name:
        if org.pending_name is not None:
            await _record(
                session, action="organisation.rename_withdrawn", user=user, org=org, new=org.pending_name, own=True
            )
        org.pending_name, org.pending_name_at = None, None
        return
    if name != org.pending_name:
        org.pending_name, org.pending_name_at = name, datetime.now(UTC)
        await _record(session, action="organisation.rename_requested", user=user, org=org, new=name, own=True)


async def can_review(session: AsyncSession, *, actor: User, org: Organisation) -> bool:
    """Who may approve or refuse a new name: as `organisations.can_verify`, for verified organisations.

    Admins review any organisation; caseworkers of a verified partner review verified employers, never a
    suspended organisation (only administrators touch those).
    """
    if actor.role == Role.ADMIN:
        return True
    if org.kind != OrgKind.EMPLOYER or org.status != OrgStatus.VERIFIED:
        return False
    return await organisations.is_verifying_caseworker(session, actor=actor)


async def waiting(session: AsyncSession, *, actor: User, limit: int = 200) -> list[Organisation]:
    """Organisations whose new name the actor may review, the oldest request first."""
    result = await session.exec(
        select(Organisation)
        .where(col(Organisation.pending_name).is_not(None))
        .order_by(col(Organisation.pending_name_at), col(Organisation.id))
        .limit(limit)
    )
    return [org for org in result.all() if await can_review(session, actor=actor, org=org)]


async def decide(
    session: AsyncSession, *, organisation_id: int, name: str, decision: str, actor: User, settings: Settings
) -> Organisation:
    """Approve (the pending name becomes public) or refuse (the public name stays); the members are mailed.

    `name` is the new name the verifier saw: the decision ("approve" or "refuse") is about that one only.

    Raises:
        NotFound: unknown organisation, or no name waiting (already decided).
        PermissionDenied: the actor may not review this organisation (see `can_review`).
        ValidationFailed: `decision` is not "approve" or "refuse".
        Conflict: the organisation asked for another name since the verifier's page was shown.
    """
    # Locked: two verifiers deciding at once, or a member renaming again meanwhile, wait for this decision.
    org = await session.get(Organisation, organisation_id, with_for_update=True)
    if org is None:
        raise NotFound(_("This organisation does not exist."))
    if not await can_review(session, actor=actor, org=org):
        raise PermissionDenied(_("You cannot review the name of this organisation."))
    new = org.pending_name
    if new is None:
        raise NotFound(_("This organisation has no new name waiting for verification."))
    # Who may decide is checked before what was sent: a refusal tells nothing about the form.
    if decision not in {"approve", "refuse"}:
        raise ValidationFailed({"decision": _("Choose an option from the list.")})
    approve = decision == "approve"
    if name != new:
        raise Conflict(_("The organisation asked for another name since this page was shown: look at it again."))
    old = org.name
    if approve:
        org.name = new
    org.pending_name, org.pending_name_at = None, None
    session.add(org)
    action = "organisation.rename_approved" if approve else "organisation.rename_refused"
    await _record(session, action=action, user=actor, org=org, new=new, old=old, own=False)
    await _tell_members(session, org=org, old=old, new=new, approved=approve, settings=settings)
    await session.flush()
    return org


async def _record(
    session: AsyncSession, *, action: str, user: User, org: Organisation, new: str, own: bool, old: str | None = None
) -> None:
    """A member's request is the organisation's own act (`own`); a verifier's decision is not."""
    await audit.record(
        session,
        action=action,
        actor_user_id=user.id,
        actor_organisation_id=org.id if own else None,
        detail={"organisation_id": org.id, "old_name": old or org.name, "new_name": new},
    )


async def _tell_members(
    session: AsyncSession, *, org: Organisation, old: str, new: str, approved: bool, settings: Settings
) -> None:
    assert org.id is not None
    for _membership, member in await organisations.members(session, organisation_id=org.id):
        if member.email and member.deleted_at is None:
            await mail.queue(
                session,
                to=member.email,
                template="organisation_renamed" if approved else "organisation_rename_refused",
                locale=member.locale or settings.default_locale,
                context={
                    "name": member.display_name,
                    "old": old,
                    "new": new,
                    "link": f"{settings.base_url}/employer/profile"
                    if org.kind == OrgKind.EMPLOYER
                    else f"{settings.base_url}/organisations/{org.id}",
                },
            )
