"""Who sees which part of a returnee's profile. Enforced here, where data is read, not in templates.

Field groups: identity (name), demographics (gender, birth year, nationality), contact (email, phone), return
(status, dates, host country), professional (skills, experience, education, languages, wishes, region), pay, needs
(and the reintegration measures received).
- The returnee sees everything; administrators too (logged).
- Employers (members of a verified employer organisation) see the anonymous professional profile of returnees who
  are visible to employers; identity and contact once the returnee applied to them or accepted their request;
  return status and pay only if the returnee chose to disclose them; never demographics (the editor promises it,
  and a CV or a card must not invite discrimination by age, gender or nationality).
- Investors see the anonymous professional profile of visible returnees.
- Partner caseworkers see consenting returnees, limited to their organisation's data-sharing agreement.
- Local-authority staff see no profile here (events share what registrants choose).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core import audit
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.profiles.models import ContactGrant, ReturneeProfile


class FieldGroup(StrEnum):
    IDENTITY = "identity"
    DEMOGRAPHICS = "demographics"
    CONTACT = "contact"
    RETURN = "return"
    PROFESSIONAL = "professional"
    PAY = "pay"
    NEEDS = "needs"


ALL_GROUPS = frozenset(FieldGroup)
PERSONAL = frozenset(
    {FieldGroup.IDENTITY, FieldGroup.DEMOGRAPHICS, FieldGroup.CONTACT, FieldGroup.RETURN, FieldGroup.NEEDS}
)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the user and the organisation they act for (None for returnees, investors, admins)."""

    user: User
    organisation: Organisation | None = None

    @property
    def org_id(self) -> int | None:
        return self.organisation.id if self.organisation else None


async def viewer_for(session: AsyncSession, user: User) -> Viewer:
    org = await organisations.primary_organisation(session, user_id=user.id) if user.id is not None else None
    return Viewer(user=user, organisation=org)


def _active_org(viewer: Viewer, kind: OrgKind) -> bool:
    org = viewer.organisation
    return org is not None and org.kind == kind and org.status == OrgStatus.VERIFIED


async def has_contact_grant(session: AsyncSession, *, profile_id: int, organisation_id: int) -> bool:
    result = await session.exec(
        select(ContactGrant.id).where(
            ContactGrant.profile_id == profile_id, ContactGrant.organisation_id == organisation_id
        )
    )
    return result.first() is not None


async def has_partner_consent(session: AsyncSession, *, profile_id: int, organisation_id: int) -> bool:
    result = await session.exec(
        select(PartnerConsent.id).where(
            PartnerConsent.profile_id == profile_id,
            PartnerConsent.organisation_id == organisation_id,
            col(PartnerConsent.revoked_at).is_(None),
        )
    )
    return result.first() is not None


async def agreement_groups(session: AsyncSession, *, organisation_id: int, today: date | None = None) -> frozenset[str]:
    """Field groups the organisation's agreements in force allow (professional only without an agreement)."""
    today = today or datetime.now(UTC).date()
    result = await session.exec(
        select(DataSharingAgreement).where(
            DataSharingAgreement.organisation_id == organisation_id,
            col(DataSharingAgreement.valid_from) <= today,
        )
    )
    groups: set[str] = {FieldGroup.PROFESSIONAL}
    for agreement in result.all():
        if agreement.valid_until is None or agreement.valid_until >= today:
            groups.update(agreement.field_groups)
    return frozenset(groups & set(ALL_GROUPS))


@dataclass(frozen=True)
class Known:
    """What `allowed_groups` looks up, read once for a whole list of profiles (one query per table)."""

    grants: frozenset[int] = frozenset()  # profiles that granted the viewer's employer organisation contact
    consents: frozenset[int] = frozenset()  # profiles consenting to the viewer's partner organisation
    agreement: frozenset[str] = frozenset()  # what the partner organisation's agreements allow


async def known_for(session: AsyncSession, *, profile_ids: Sequence[int], viewer: Viewer) -> Known:
    """The grants or consents between `viewer`'s organisation and these profiles, in one query."""
    ids = list(profile_ids)
    if not ids or viewer.org_id is None:
        return Known()
    if viewer.user.role == Role.EMPLOYER and _active_org(viewer, OrgKind.EMPLOYER):
        rows = await session.exec(
            select(ContactGrant.profile_id).where(
                col(ContactGrant.profile_id).in_(ids), ContactGrant.organisation_id == viewer.org_id
            )
        )
        return Known(grants=frozenset(rows.all()))
    if viewer.user.role == Role.PARTNER and _active_org(viewer, OrgKind.PARTNER):
        rows = await session.exec(
            select(PartnerConsent.profile_id).where(
                col(PartnerConsent.profile_id).in_(ids),
                PartnerConsent.organisation_id == viewer.org_id,
                col(PartnerConsent.revoked_at).is_(None),
            )
        )
        consents = frozenset(rows.all())
        agreement = await agreement_groups(session, organisation_id=viewer.org_id) if consents else frozenset()
        return Known(consents=consents, agreement=agreement)
    return Known()


async def allowed_groups_many(
    session: AsyncSession, *, profiles: Sequence[ReturneeProfile], viewer: Viewer
) -> list[frozenset[str]]:
    """`allowed_groups` of each profile of a list (cards), with the same rules and one query per table."""
    known = await known_for(session, profile_ids=[p.id for p in profiles if p.id is not None], viewer=viewer)
    return [await allowed_groups(session, profile=p, viewer=viewer, known=known) for p in profiles]


async def allowed_groups(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, known: Known | None = None
) -> frozenset[str]:
    """The field groups `viewer` may see of `profile`; empty means the profile is not visible at all.

    `known` carries the grants and consents already read for a list of profiles (`allowed_groups_many`).
    """
    user = viewer.user
    if profile.erased_at is not None:  # the account was deleted: nothing of it for anyone
        return frozenset()
    if user.id == profile.user_id or user.role == Role.ADMIN:
        return ALL_GROUPS
    assert profile.id is not None
    if user.role == Role.EMPLOYER and _active_org(viewer, OrgKind.EMPLOYER):
        assert viewer.org_id is not None
        granted = (
            profile.id in known.grants
            if known is not None
            else await has_contact_grant(session, profile_id=profile.id, organisation_id=viewer.org_id)
        )
        if not (profile.visible_to_employers or granted):
            return frozenset()
        groups = {FieldGroup.PROFESSIONAL}
        if granted:
            groups |= {FieldGroup.IDENTITY, FieldGroup.CONTACT}
        if profile.disclose_return_status:
            groups.add(FieldGroup.RETURN)
        if profile.show_pay_to_employers:
            groups.add(FieldGroup.PAY)
        return frozenset(groups)
    if user.role == Role.INVESTOR:
        # Investors have no organisation an administrator checks: a confirmed address is the least they show.
        confirmed = user.email_verified_at is not None
        return frozenset({FieldGroup.PROFESSIONAL}) if profile.visible_to_employers and confirmed else frozenset()
    if user.role == Role.PARTNER and _active_org(viewer, OrgKind.PARTNER):
        assert viewer.org_id is not None
        if known is not None:
            return known.agreement if profile.id in known.consents else frozenset()
        if await has_partner_consent(session, profile_id=profile.id, organisation_id=viewer.org_id):
            return await agreement_groups(session, organisation_id=viewer.org_id)
    return frozenset()


async def log_view(
    session: AsyncSession,
    *,
    profile: ReturneeProfile,
    viewer: Viewer,
    groups: frozenset[str],
    ip: str | None,
    context: str,
) -> None:
    """Write the audit row for a view of someone else's profile (the returnee reads these)."""
    await log_access(
        session,
        profile=profile,
        viewer=viewer,
        action="profile.viewed",
        ip=ip,
        detail={"fields": sorted(groups), "context": context},
    )


async def log_access(
    session: AsyncSession,
    *,
    profile: ReturneeProfile,
    viewer: Viewer,
    action: str,
    detail: dict[str, Any],
    ip: str | None = None,
) -> None:
    """Audit what someone other than the returnee did with the profile (the returnee's own acts are not logged)."""
    if viewer.user.id == profile.user_id:
        return
    await audit.record(
        session,
        action=action,
        actor_user_id=viewer.user.id,
        actor_organisation_id=viewer.org_id,
        subject_user_id=profile.user_id,
        ip=ip,
        detail=detail,
    )
