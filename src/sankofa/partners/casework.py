"""Partner caseworkers: consenting returnees, skill validation, needs and reintegration measures; agreements.

Every read goes through `visibility.allowed_groups` (consent + the organisation's data-sharing agreement), so a
partner never receives a field its agreement does not cover. Each view of a case file is audited for the returnee.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import PartnerConsent
from sankofa.core import audit, choices, inputs, validation
from sankofa.core.errors import NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles import editing as profiles
from sankofa.profiles import editor_access, visibility
from sankofa.profiles import view as profile_view
from sankofa.profiles.models import ProfileRevision, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import FieldGroup, Viewer
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind

PAGE_SIZE = 25
Form = dict[str, Any]


@dataclass(frozen=True)
class ReturneeRow:
    """One line of the caseworker's list; `full_name` is None unless the agreement covers identity."""

    public_id: str
    handle: str
    full_name: str | None
    consented_at: datetime


@dataclass(frozen=True)
class ReturneePage:
    rows: list[ReturneeRow]
    page: int
    pages: int
    total: int
    shows_names: bool


def _is_partner(viewer: Viewer) -> bool:
    org = viewer.organisation
    return (
        viewer.user.role == Role.PARTNER
        and org is not None
        and org.kind == OrgKind.PARTNER
        and org.status == OrgStatus.VERIFIED
    )


def _handle_sql() -> Any:
    """`profile_view.handle` computed by PostgreSQL, so that lists can be filtered and paginated there."""
    digest = func.encode(func.sha256(func.uuid_send(col(ReturneeProfile.public_id))), "hex")
    return func.upper(func.substr(digest, 1, 6))


async def consenting_returnees(
    session: AsyncSession, *, viewer: Viewer, q: str | None = None, page: int = 1
) -> ReturneePage:
    """Returnees with an active consent for the viewer's (verified partner) organisation, newest consent first.

    `q` filters on the name when the agreement covers identity, else on the pseudonymous handle.
    """
    if not _is_partner(viewer):
        return ReturneePage(rows=[], page=1, pages=1, total=0, shows_names=False)
    assert viewer.org_id is not None
    shows_names = FieldGroup.IDENTITY in await visibility.agreement_groups(session, organisation_id=viewer.org_id)
    query = (
        select(ReturneeProfile, PartnerConsent.granted_at)
        .join(PartnerConsent, col(PartnerConsent.profile_id) == ReturneeProfile.id)
        .join(User, col(User.id) == ReturneeProfile.user_id)
        .where(
            PartnerConsent.organisation_id == viewer.org_id,
            col(PartnerConsent.revoked_at).is_(None),
            col(User.deleted_at).is_(None),
        )
    )
    term = (q or "").strip()[:100]
    if term and shows_names:
        query = query.where(col(ReturneeProfile.full_name).icontains(term, autoescape=True))
    elif term:
        code = term.upper().removeprefix("R-")
        query = query.where(_handle_sql().contains(code, autoescape=True))
    total = (await session.exec(select(func.count()).select_from(query.subquery()))).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    result = await session.exec(
        query.order_by(col(PartnerConsent.granted_at).desc(), col(ReturneeProfile.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = [
        ReturneeRow(
            public_id=str(profile.public_id),
            handle=profile_view.handle(profile),
            full_name=profile.full_name if shows_names else None,
            consented_at=granted_at,
        )
        for profile, granted_at in result.all()
    ]
    return ReturneePage(rows=rows, page=page, pages=pages, total=total, shows_names=shows_names)


async def _case(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, requires: FieldGroup = FieldGroup.PROFESSIONAL
) -> tuple[ReturneeProfile, frozenset[str]]:
    """The profile and the groups the partner may see; NotFound without consent, PermissionDenied beyond it."""
    profile = await profiles.by_public_id(session, public_id)
    groups = await visibility.allowed_groups(session, profile=profile, viewer=viewer) if _is_partner(viewer) else None
    if not groups:
        raise NotFound(_("This profile does not exist or is not visible to you."))
    if requires not in groups:
        raise PermissionDenied(_("Your organisation's data-sharing agreement does not cover this."))
    return profile, groups


async def _measure_rows(session: AsyncSession, profile_id: int) -> list[dict[str, Any]]:
    result = await session.exec(
        select(ReintegrationMeasure, Organisation.name)
        .join(Organisation, col(Organisation.id) == ReintegrationMeasure.organisation_id, isouter=True)
        .where(ReintegrationMeasure.profile_id == profile_id)
        .order_by(col(ReintegrationMeasure.started_on).desc(), col(ReintegrationMeasure.id).desc())
    )
    return [
        {
            "id": m.id,
            "kind": m.kind,
            "description": m.description,
            "started_on": m.started_on,
            "ended_on": m.ended_on,
            "amount": m.amount,
            "currency": m.currency,
            "organisation": org_name,
        }
        for m, org_name in result.all()
    ]


async def measures_of(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, ip: str | None
) -> list[dict[str, Any]]:
    """The reintegration measures received, newest first, when the agreement covers needs (an audited view)."""
    profile, _groups = await _case(session, viewer=viewer, public_id=public_id, requires=FieldGroup.NEEDS)
    assert profile.id is not None
    rows = await _measure_rows(session, profile.id)
    groups = frozenset({FieldGroup.NEEDS})
    await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context="partner")
    await session.flush()
    return rows


async def returnee_for_partner(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, ip: str | None, locale: str
) -> tuple[ReturneeProfile, dict[str, Any]]:
    """The case file as consent and agreement allow; the view is written to the returnee's audit log.

    Raises:
        NotFound: no such profile, or no active consent for the viewer's verified partner organisation.
    """
    profile, groups = await _case(session, viewer=viewer, public_id=public_id)
    assert profile.id is not None
    view = await profile_view.build(session, profile=profile, groups=groups, locale=locale)
    validators = await session.exec(
        select(ProfileSkill.id, ProfileSkill.validated_at, ProfileSkill.validated_by_organisation_id, User.display_name)
        .join(User, col(User.id) == ProfileSkill.validated_by_user_id, isouter=True)
        .where(ProfileSkill.profile_id == profile.id)
    )
    by_skill = {row[0]: row[1:] for row in validators.all()}
    for skill in view.get("skills", []):
        validated_at, org_id, caseworker = by_skill.get(skill["id"], (None, None, None))
        skill.update(validated_on=validated_at, validated_by_user=caseworker, own_validation=org_id == viewer.org_id)
    if "measures" in view:
        view["measures"] = await _measure_rows(session, profile.id)
    await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context="partner")
    await session.flush()
    return profile, view


async def _skill(session: AsyncSession, *, profile: ReturneeProfile, skill_id: int) -> ProfileSkill:
    result = await session.exec(
        select(ProfileSkill).where(ProfileSkill.id == skill_id, ProfileSkill.profile_id == profile.id)
    )
    skill = result.one_or_none()
    if skill is None:
        raise NotFound(_("This skill is not on this profile."))
    return skill


async def validate_skill(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, skill_id: int, evidence: str
) -> ProfileSkill:
    """Mark a skill validated by the caseworker and their organisation, with an evidence note (again: updates it).

    Raises:
        NotFound: no consent, or the skill is not on this profile.
        ValidationFailed: the evidence note is missing, too short or too long.
    """
    profile, _groups = await _case(session, viewer=viewer, public_id=public_id)
    skill = await _skill(session, profile=profile, skill_id=skill_id)
    evidence = evidence.strip()
    if message := validation.text_error(evidence, required=True, max_length=2000, min_length=3):
        raise ValidationFailed({"evidence": message})
    again = skill.validated_at is not None
    skill.validated_at = datetime.now(UTC)
    skill.validated_by_user_id = viewer.user.id
    skill.validated_by_organisation_id = viewer.org_id
    skill.evidence = evidence
    session.add(skill)
    assert profile.id is not None
    await ranking_index.queue_refresh(session, kind=ItemKind.PROFILE, item_id=profile.id)
    await audit.record(
        session,
        action="skill.validated",
        actor_user_id=viewer.user.id,
        actor_organisation_id=viewer.org_id,
        subject_user_id=profile.user_id,
        detail={"skill_uri": skill.skill_uri, "again": again},
    )
    await session.flush()
    return skill


async def unvalidate_skill(session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, skill_id: int) -> None:
    """Withdraw a validation; only the organisation that gave it may.

    Raises:
        PermissionDenied: another organisation validated this skill.
    """
    profile, _groups = await _case(session, viewer=viewer, public_id=public_id)
    skill = await _skill(session, profile=profile, skill_id=skill_id)
    if skill.validated_at is None:
        return
    if skill.validated_by_organisation_id != viewer.org_id:
        raise PermissionDenied(_("Only the organisation that validated this skill can withdraw the validation."))
    skill.validated_at = None
    skill.validated_by_user_id = None
    skill.validated_by_organisation_id = None
    skill.evidence = ""
    session.add(skill)
    assert profile.id is not None
    await ranking_index.queue_refresh(session, kind=ItemKind.PROFILE, item_id=profile.id)
    await audit.record(
        session,
        action="skill.unvalidated",
        actor_user_id=viewer.user.id,
        actor_organisation_id=viewer.org_id,
        subject_user_id=profile.user_id,
        detail={"skill_uri": skill.skill_uri},
    )
    await session.flush()


def _measure_fields(form: Form) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = inputs.choice(form, "kind", choices.measure_kinds(), errors, required=True) or ""
    started_on = inputs.date_value(form, "started_on", errors, required=True)
    ended_on = inputs.date_value(form, "ended_on", errors)
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = _("The end date cannot be before the start date.")
    amount = inputs.amount(form, "amount", errors, high=10**12 - 1)
    currency = inputs.text(form, "currency").upper() or None
    if currency and currency not in choices.CURRENCIES:
        errors["currency"] = _("Choose an option from the list.")
    elif amount is not None and currency is None:
        errors["currency"] = _("Choose the currency of the amount.")
    description = inputs.text(form, "description")
    if message := validation.text_error(description, required=False, max_length=2000):
        errors["description"] = message
    if errors:
        raise ValidationFailed(errors)
    return {
        "kind": kind,
        "started_on": started_on,
        "ended_on": ended_on,
        "amount": amount,
        "currency": currency if amount is not None else None,
        "description": description,
    }


async def record_measure(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, form: Form
) -> ReintegrationMeasure:
    """Add a measure the returnee received (training, grant, job placement…) to their monitoring history.

    Raises:
        NotFound: no consent. PermissionDenied: the agreement does not cover needs.
        ValidationFailed: with every wrong field named.
    """
    profile, _groups = await _case(session, viewer=viewer, public_id=public_id, requires=FieldGroup.NEEDS)
    assert profile.id is not None
    measure = ReintegrationMeasure(
        profile_id=profile.id, organisation_id=viewer.org_id, recorded_by_id=viewer.user.id, **_measure_fields(form)
    )
    session.add(measure)
    await session.flush()
    await audit.record(
        session,
        action="measure.recorded",
        actor_user_id=viewer.user.id,
        actor_organisation_id=viewer.org_id,
        subject_user_id=profile.user_id,
        detail={"measure_id": measure.id, "kind": measure.kind},
    )
    await session.flush()
    return measure


async def set_needs(session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, needs: list[str]) -> None:
    """Record the returnee's needs on their behalf (a profile revision naming the caseworker's organisation).

    Each save is in the returnee's audit log as `profile.edited`, as a save in the assisted editor is.
    """
    profile, _groups = await _case(session, viewer=viewer, public_id=public_id, requires=FieldGroup.NEEDS)
    assert profile.id is not None
    allowed = choices.needs()
    chosen = list(dict.fromkeys(need for need in needs if need))
    if any(need not in allowed for need in chosen):
        raise ValidationFailed({"needs": _("Choose options from the list.")})
    changed = ["needs"] if chosen != list(profile.needs) else []
    await editor_access.log_edit(session, profile=profile, viewer=viewer, section="needs", changes={"fields": changed})
    if not changed:
        await session.flush()
        return
    profile.needs = chosen
    profile.updated_at = datetime.now(UTC)
    session.add(profile)
    session.add(
        ProfileRevision(
            profile_id=profile.id,
            editor_user_id=viewer.user.id,
            editor_organisation_id=viewer.org_id,
            section="needs",
            changes={"fields": ["needs"], "needs": chosen},
        )
    )
    await session.flush()
