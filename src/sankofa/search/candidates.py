"""Finding returnees: anonymous candidate cards for employers and investors, one candidate's page, the CV.

Every profile leaves through `profile_view.build` with the groups `visibility.allowed_groups` grants the viewer,
so a name appears on a card only once the returnee applied to the organisation or accepted its request.
A list of cards is built with one query per table (`cards_for`), however many cards it has. The search lists
candidates with more validated skills first (how recently someone edited their profile says nothing about them);
the ranking for a vacancy is in `ranked_candidates`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import NotFound
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import LOCALES
from sankofa.identity.models import Role
from sankofa.organisations.models import OrgKind, OrgStatus
from sankofa.profiles import contacts, visibility
from sankofa.profiles import editing as profiles
from sankofa.profiles import view as profile_view
from sankofa.profiles.models import ContactGrant, Experience, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import FieldGroup, Viewer
from sankofa.reference import vocabulary

MAX_PER_PAGE = 50
MAX_QUERY = 200
# What a CV shows: never needs, measures received or expected pay; return status only if the returnee discloses it.
CV_GROUPS = frozenset({FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.PROFESSIONAL})
# A card showing who the person is counts as a view of personal data; anonymous cards are not logged one by one.
NAMED = frozenset({FieldGroup.IDENTITY, FieldGroup.CONTACT})


@dataclass(frozen=True)
class Results:
    """One page of candidate cards."""

    cards: list[dict[str, Any]]
    page: int
    has_next: bool


@dataclass(frozen=True)
class CandidatePage:
    """One page of the candidate list, with the filters as understood (the skill linked to ESCO)."""

    cards: list[dict[str, Any]]
    page: int
    has_next: bool
    q: str
    region: str
    skill_uri: str
    skill_label: str
    regions: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class CandidateDetail:
    """A candidate as the viewer may see them, and where the viewer's organisation stands on contact."""

    view: dict[str, Any]
    contact_status: str | None  # None | pending | accepted | declined | granted
    can_request: bool


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """The SQL twin of the first test in `visibility.allowed_groups`: which profiles this viewer may list."""
    org = viewer.organisation
    visible = col(ReturneeProfile.visible_to_employers).is_(True)
    if viewer.user.role == Role.INVESTOR:
        if viewer.user.email_verified_at is None:
            return false()
        return and_(visible, col(ReturneeProfile.erased_at).is_(None))
    if (
        viewer.user.role == Role.EMPLOYER
        and org is not None
        and org.kind == OrgKind.EMPLOYER
        and org.status == OrgStatus.VERIFIED
    ):
        granted = exists().where(
            col(ContactGrant.profile_id) == col(ReturneeProfile.id),
            col(ContactGrant.organisation_id) == viewer.org_id,
        )
        return and_(or_(visible, granted), col(ReturneeProfile.erased_at).is_(None))
    return false()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def search(
    session: AsyncSession,
    *,
    viewer: Viewer,
    q: str | None = None,
    region: str | None = None,
    skill_uri: str | None = None,
    page: int = 1,
    per_page: int = 20,
    locale: str = "fr",
    ip: str | None = None,
) -> Results:
    """Candidate cards for an employer or investor, filtered by text, region and skill.

    Returns:
        Up to `per_page` profiles as `profile_view.build` shows them to the viewer (anonymous unless granted).
        A card that names the person (granted identity) is logged like a detail view.
    """
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    validated = (
        select(func.count(col(ProfileSkill.id)))
        .where(ProfileSkill.profile_id == ReturneeProfile.id, col(ProfileSkill.validated_at).is_not(None))
        .correlate(ReturneeProfile)
        .scalar_subquery()
    )
    stmt = select(ReturneeProfile).where(visible_to(viewer))
    if skill_uri:
        stmt = stmt.where(
            exists().where(
                col(ProfileSkill.profile_id) == col(ReturneeProfile.id), col(ProfileSkill.skill_uri) == skill_uri
            )
        )
    if region:
        stmt = stmt.where(
            or_(
                col(ReturneeProfile.origin_region) == region,
                col(ReturneeProfile.mobility_regions).contains([region]),
            )
        )
    if q and q.strip():
        pattern = _like(q.strip()[:MAX_QUERY])
        stmt = stmt.where(
            or_(
                col(ReturneeProfile.summary).ilike(pattern, escape="\\"),
                exists().where(
                    and_(
                        col(Experience.profile_id) == col(ReturneeProfile.id),
                        col(Experience.title).ilike(pattern, escape="\\"),
                    )
                ),
            )
        )
    stmt = (
        stmt.order_by(validated.desc(), col(ReturneeProfile.id))
        .offset((page - 1) * per_page)
        .limit(per_page + 1)  # one more tells whether there is a next page
    )
    rows = list((await session.exec(stmt)).all())
    shown = await cards_for(session, profiles=rows[:per_page], viewer=viewer, locale=locale, ip=ip, context="list")
    return Results(cards=[card for _, card in shown], page=page, has_next=len(rows) > per_page)


async def cards_for(
    session: AsyncSession,
    *,
    profiles: Sequence[ReturneeProfile],
    viewer: Viewer,
    locale: str,
    ip: str | None,
    context: str,
) -> list[tuple[ReturneeProfile, dict[str, Any]]]:
    """The cards of `profiles` the viewer may see, in order, with one query per table whatever their number.

    Profiles the viewer may not see are dropped (defence in depth: the SQL filters and the rules must agree).
    A card that names the person is logged like a detail view.
    """
    groups = await visibility.allowed_groups_many(session, profiles=profiles, viewer=viewer)
    visible = [(profile, allowed) for profile, allowed in zip(profiles, groups, strict=True) if allowed]
    views = await profile_view.build_many(session, items=visible, locale=locale)
    named = [(profile, allowed) for profile, allowed in visible if allowed & NAMED]
    for profile, allowed in named:
        await visibility.log_view(session, profile=profile, viewer=viewer, groups=allowed, ip=ip, context=context)
    if named:
        await session.flush()
    return [(profile, view) for (profile, _), view in zip(visible, views, strict=True)]


async def _region_options(session: AsyncSession, *, locale: str) -> list[tuple[str, str]]:
    """Regions where visible candidates come from or can work, labelled, for the filter list."""
    origin = select(ReturneeProfile.origin_region).where(
        col(ReturneeProfile.visible_to_employers).is_(True), col(ReturneeProfile.origin_region).is_not(None)
    )
    mobility = select(func.unnest(ReturneeProfile.mobility_regions)).where(
        col(ReturneeProfile.visible_to_employers).is_(True)
    )
    rows = (await session.exec(origin.union(mobility))).all()  # type: ignore[call-overload]
    codes = {row[0] for row in rows if row[0]}
    options = [(code, vocabulary.place_label(f"region:{code}", locale=locale) or code) for code in codes]
    return sorted(options, key=lambda item: item[1])


async def listing(
    session: AsyncSession,
    *,
    viewer: Viewer,
    q: str = "",
    region: str = "",
    skill_uri: str = "",
    skill_text: str = "",
    page: int = 1,
    per_page: int = 20,
    locale: str,
    ip: str | None = None,
) -> CandidatePage:
    """The candidate list page: without JavaScript the typed skill arrives as text and is linked to ESCO here."""
    skill_text = skill_text.strip()[:MAX_QUERY]
    if not skill_uri and skill_text:
        best = vocabulary.search_skills(skill_text, locale=locale, k=1)
        skill_uri = best[0].id if best else ""
    label = (vocabulary.skill_label(skill_uri, locale) or "") if skill_uri else ""
    if skill_uri and not label:
        skill_uri = ""  # not an ESCO skill: ignore rather than filter everything out
    results = await search(
        session,
        viewer=viewer,
        q=q,
        region=region or None,
        skill_uri=skill_uri or None,
        page=page,
        per_page=per_page,
        locale=locale,
        ip=ip,
    )
    return CandidatePage(
        cards=results.cards,
        page=results.page,
        has_next=results.has_next,
        q=q,
        region=region,
        skill_uri=skill_uri,
        skill_label=label or skill_text,
        regions=await _region_options(session, locale=locale),
    )


async def candidate_detail(
    session: AsyncSession,
    *,
    viewer: Viewer,
    public_id: uuid.UUID,
    ip: str | None,
    locale: str,
    context: str = "candidate",
) -> CandidateDetail:
    """One candidate as the viewer may see them; the view is written to the returnee's audit trail.

    Raises:
        NotFound: unknown profile, or nothing of it is visible to the viewer.
    """
    profile = await profiles.by_public_id(session, public_id)
    groups = await visibility.allowed_groups(session, profile=profile, viewer=viewer)
    if not groups:
        raise NotFound(_("This profile does not exist or is not visible to you."))
    view = await profile_view.build(session, profile=profile, groups=groups, locale=locale)
    await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context=context)
    status = None
    org = viewer.organisation
    is_employer = viewer.user.role == Role.EMPLOYER and org is not None and org.kind == OrgKind.EMPLOYER
    if is_employer and profile.id is not None and viewer.org_id is not None:
        status = await contacts.status_for(session, profile_id=profile.id, organisation_id=viewer.org_id)
    await session.flush()
    return CandidateDetail(
        view=view,
        contact_status=status,
        can_request=is_employer and status is None and FieldGroup.IDENTITY not in groups,
    )


async def curriculum(
    session: AsyncSession, *, viewer: Viewer, public_id: uuid.UUID, lang: str, ip: str | None
) -> dict[str, Any]:
    """The returnee's CV in `lang` (ESCO labels in that language; French ones for Arabic). Self and admins only.

    Raises:
        NotFound: unknown profile, or the viewer is neither the returnee nor an administrator.
    """
    profile = await profiles.by_public_id(session, public_id)
    if viewer.user.id != profile.user_id and viewer.user.role != Role.ADMIN:
        raise NotFound(_("This profile does not exist or is not visible to you."))
    groups = CV_GROUPS | ({FieldGroup.RETURN} if profile.disclose_return_status else set())
    view = await profile_view.build(
        session, profile=profile, groups=frozenset(groups), locale=lang if lang in LOCALES else "fr"
    )
    await visibility.log_view(session, profile=profile, viewer=viewer, groups=frozenset(groups), ip=ip, context="cv")
    await session.flush()
    return view
