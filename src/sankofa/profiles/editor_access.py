"""Which parts of a returnee's profile an editor sees and changes: all for the returnee, the agreement for a partner.

A caseworker helping a consenting returnee (assisted editing) works within their organisation's data-sharing
agreement, as on the case file: each editor step and each profile field or item belongs to a field group
(`visibility.FieldGroup`, the groups of `profile_view.build`). A step with none of its groups allowed is not
offered; a step with some shows and accepts only their fields, so a save never touches a field the caseworker
cannot see. Every view and every save by another organisation's member is written to the returnee's audit log.
"""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import Role
from sankofa.profiles import view as profile_view
from sankofa.profiles import visibility
from sankofa.profiles.models import ReturneeProfile
from sankofa.profiles.visibility import ALL_GROUPS, FieldGroup, Viewer

G = FieldGroup
# The editor's form fields of the returnee profile, by the group that shows them (as in `profile_view.build`).
FIELD_GROUPS: dict[str, FieldGroup] = {
    "full_name": G.IDENTITY,
    "gender": G.DEMOGRAPHICS,
    "birth_year": G.DEMOGRAPHICS,
    "nationality": G.DEMOGRAPHICS,
    "contact_email": G.CONTACT,
    "phone": G.CONTACT,
    "return_status": G.RETURN,
    "host_country": G.RETURN,
    "expected_return_on": G.RETURN,
    "returned_on": G.RETURN,
    "origin_country": G.PROFESSIONAL,
    "origin_region": G.PROFESSIONAL,
    "mobility_regions": G.PROFESSIONAL,
    "desired_occupations": G.PROFESSIONAL,
    "sectors": G.PROFESSIONAL,
    "contract_types": G.PROFESSIONAL,
    "available_from": G.PROFESSIONAL,
    "summary": G.PROFESSIONAL,
    "expected_pay": G.PAY,
    "pay_currency": G.PAY,
    "needs": G.NEEDS,
}
# The list items of a profile (the editor's item routes) and the analysis of a work description or CV.
ITEM_GROUPS: dict[str, FieldGroup] = {
    "experiences": G.PROFESSIONAL,
    "skills": G.PROFESSIONAL,
    "languages": G.PROFESSIONAL,
    "education": G.PROFESSIONAL,
    "certifications": G.PROFESSIONAL,
}
# What each editor step shows. "visibility" holds the returnee's own choices: a caseworker sees there only that the
# returnee decides, and the way back to the case file, so it shows no profile data and is always offered.
STEP_GROUPS: dict[str, frozenset[FieldGroup]] = {
    "about": frozenset({G.IDENTITY, G.CONTACT, G.DEMOGRAPHICS, G.PROFESSIONAL}),
    "return": frozenset({G.RETURN, G.PROFESSIONAL}),
    "experience": frozenset({G.PROFESSIONAL}),
    "skills": frozenset({G.PROFESSIONAL}),
    "languages": frozenset({G.PROFESSIONAL}),
    "wishes": frozenset({G.PROFESSIONAL, G.PAY, G.NEEDS}),
    "visibility": frozenset(),
}
STEPS = tuple(STEP_GROUPS)


async def editable_groups(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer) -> frozenset[str]:
    """The field groups `viewer` may see and change in the editor.

    Returns:
        Every group for the returnee; for a caseworker of a verified partner the returnee consented to, what the
        organisation's agreements in force allow (as `visibility.allowed_groups` gives the case file).

    Raises:
        PermissionDenied: anyone else.
    """
    if viewer.user.id == profile.user_id:
        return ALL_GROUPS
    if viewer.user.role == Role.PARTNER:  # allowed_groups checks the organisation is a verified partner
        groups = await visibility.allowed_groups(session, profile=profile, viewer=viewer)
        if groups:
            return groups
    raise PermissionDenied(_("You cannot change this profile."))


async def groups_for(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, step: str | None = None, item: str | None = None
) -> frozenset[str]:
    """`editable_groups`, checked to cover the editor `step` or the kind of `item` about to be changed.

    Raises:
        PermissionDenied: the viewer may not edit the profile, or not that part of it.
    """
    groups = await editable_groups(session, profile=profile, viewer=viewer)
    if step is not None:
        require_step(groups, step)
    if item is not None:
        require_item(groups, item)
    return groups


def offers_step(groups: frozenset[str], step: str) -> bool:
    """Whether the step is in the editor of someone allowed `groups` (a step without data always is)."""
    needed = STEP_GROUPS[step]
    return not needed or bool(needed & groups)


def offered_steps(groups: frozenset[str]) -> tuple[str, ...]:
    return tuple(step for step in STEPS if offers_step(groups, step))


def require_step(groups: frozenset[str], step: str) -> None:
    """Raises PermissionDenied when the step shows nothing the agreement covers."""
    if not offers_step(groups, step):
        raise PermissionDenied(_("Your organisation's data-sharing agreement does not cover this part of the profile."))


def require_item(groups: frozenset[str], kind: str) -> None:
    """Raises PermissionDenied when the agreement does not cover this kind of item (unknown kinds: professional)."""
    if ITEM_GROUPS.get(kind, G.PROFESSIONAL) not in groups:
        raise PermissionDenied(_("Your organisation's data-sharing agreement does not cover this part of the profile."))


def within(groups: frozenset[str], fields: dict[str, Any]) -> dict[str, Any]:
    """The entries of `fields` (values or errors, by field name) that `groups` show; unknown names are kept."""
    return {name: value for name, value in fields.items() if FIELD_GROUPS.get(name, G.PROFESSIONAL) in groups}


async def step_view(
    session: AsyncSession,
    *,
    profile: ReturneeProfile,
    viewer: Viewer,
    groups: frozenset[str],
    step: str,
    locale: str,
    ip: str | None,
) -> dict[str, Any]:
    """The profile as an editor step shows it to `viewer`; a view by someone else is audited ("editor").

    Raises:
        PermissionDenied: the step shows nothing `groups` cover.
    """
    require_step(groups, step)
    view = await profile_view.build(session, profile=profile, groups=groups, locale=locale)
    if viewer.user.id != profile.user_id:
        await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context="editor")
        await session.flush()
    return view


async def log_edit(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, section: str, changes: dict[str, Any]
) -> None:
    """Add the audit row of a save by someone other than the returnee (to the caller's transaction)."""
    await visibility.log_access(
        session,
        profile=profile,
        viewer=viewer,
        action="profile.edited",
        detail={"section": section, "context": "edit", **changes},
    )
