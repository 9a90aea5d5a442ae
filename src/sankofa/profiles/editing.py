"""Editing a returnee profile, section by section, by the returnee or a consenting partner's caseworker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import PartnerConsent
from sankofa.core import choices, inputs, validation
from sankofa.core.errors import NotFound, PermissionDenied, ValidationFailed
from sankofa.core.i18n import get_locale
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.identity.models import User
from sankofa.profiles import editor_access
from sankofa.profiles.models import ProfileRevision, ReturneeProfile
from sankofa.profiles.visibility import Viewer
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind
from sankofa.reference import place_names as local_place_names
from sankofa.reference import vocabulary
from sankofa.reference.models import Region


async def for_user(session: AsyncSession, user: User) -> ReturneeProfile:
    """The returnee's profile, created on first use with their account name and email."""
    assert user.id is not None
    result = await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))
    profile = result.one_or_none()
    if profile is None:
        profile = ReturneeProfile(user_id=user.id, full_name=user.display_name, contact_email=user.email)
        session.add(profile)
        await session.flush()
        await session.refresh(profile)
    return profile


async def by_public_id(session: AsyncSession, public_id: uuid.UUID) -> ReturneeProfile:
    result = await session.exec(
        select(ReturneeProfile).where(ReturneeProfile.public_id == public_id, col(ReturneeProfile.erased_at).is_(None))
    )
    profile = result.one_or_none()
    if profile is None:
        raise NotFound(_("This profile does not exist or is not visible to you."))
    return profile


async def check_can_edit(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer) -> frozenset[str]:
    """The returnee, or a caseworker of a partner the returnee consented to (assisted editing).

    Returns:
        The field groups the editor may see and change (a caseworker: their organisation's agreement).

    Raises:
        PermissionDenied: anyone else.
    """
    return await editor_access.editable_groups(session, profile=profile, viewer=viewer)


async def record_revision(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, section: str, changes: dict[str, Any]
) -> None:
    assert profile.id is not None
    profile.updated_at = datetime.now(UTC)
    session.add(profile)
    # Every edit re-ranks the profile within seconds (worker job, then each process's index follows).
    await ranking_index.queue_refresh(session, kind=ItemKind.PROFILE, item_id=profile.id)
    session.add(
        ProfileRevision(
            profile_id=profile.id,
            editor_user_id=viewer.user.id,
            editor_organisation_id=viewer.org_id if viewer.user.id != profile.user_id else None,
            section=section,
            changes=changes,
        )
    )
    await editor_access.log_edit(session, profile=profile, viewer=viewer, section=section, changes=changes)


def _apply(profile: ReturneeProfile, values: dict[str, Any]) -> list[str]:
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, values[name])
    return changed


async def _valid_regions(session: AsyncSession, codes: list[str]) -> set[str]:
    if not codes:
        return set()
    result = await session.exec(select(Region.code).where(col(Region.code).in_(codes)))
    return set(result.all())


async def save_about(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """Name, contact, optional gender and birth year, nationality and country of origin.

    Raises:
        ValidationFailed: with every wrong field named; nothing is saved then.
    """
    groups = await editor_access.groups_for(session, profile=profile, viewer=viewer, step="about")
    errors: dict[str, str] = {}
    full_name = inputs.text(form, "full_name")
    if message := validation.text_error(full_name, required=True, max_length=160):
        errors["full_name"] = message
    email = validation.normalise_email(inputs.text(form, "contact_email"))
    if email and (message := validation.email_error(email)):
        errors["contact_email"] = message
    origin_country = inputs.choice(form, "origin_country", choices.countries(), errors)
    # A number without country code is read as dialled in the country of return (else of nationality).
    region = origin_country or profile.origin_country or profile.nationality
    raw_phone = inputs.text(form, "phone")
    if message := validation.phone_error(raw_phone, region=region):
        errors["phone"] = message
    phone = validation.normalise_phone(raw_phone, region=region)
    if not email and not phone and "contact_email" not in errors:
        errors["phone"] = _("Give an email address or a phone number so that people can reach you.")
    this_year = datetime.now(UTC).year
    values = {
        "full_name": full_name,
        "contact_email": email or None,
        "phone": phone or None,
        "gender": inputs.choice(form, "gender", choices.genders(), errors),
        "birth_year": inputs.int_value(form, "birth_year", errors, low=this_year - 90, high=this_year - 14),
        "nationality": inputs.choice(form, "nationality", choices.countries(), errors),
        "origin_country": origin_country,
    }
    values, errors = editor_access.within(groups, values), editor_access.within(groups, errors)
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="about", values=values)


async def save_return(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """Return status and dates, host country, region of origin and where the returnee can work."""
    groups = await editor_access.groups_for(session, profile=profile, viewer=viewer, step="return")
    errors: dict[str, str] = {}
    status = inputs.choice(form, "return_status", choices.return_statuses(), errors, required=True)
    expected = inputs.date_value(form, "expected_return_on", errors)
    returned = inputs.date_value(form, "returned_on", errors)
    today = datetime.now(UTC).date()
    if status == "returned" and returned and returned > today:
        errors["returned_on"] = _("This date is in the future.")
    region = inputs.text(form, "origin_region")
    mobility = list(dict.fromkeys(inputs.items(form, "mobility_regions")))
    known = await _valid_regions(session, [region, *mobility] if region else mobility)
    if region and region not in known:
        errors["origin_region"] = _("Choose a region from the list.")
    if any(code not in known for code in mobility):
        errors["mobility_regions"] = _("Choose regions from the list.")
    values = {
        "return_status": status,
        "host_country": inputs.choice(form, "host_country", choices.countries(), errors),
        "expected_return_on": expected if status == "planning" else None,
        "returned_on": returned if status == "returned" else None,
        "origin_region": region or None,
        "mobility_regions": mobility,
    }
    values, errors = editor_access.within(groups, values), editor_access.within(groups, errors)
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="return", values=values)


async def save_wishes(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """Desired occupations and sectors, availability, contract types, expected pay, needs, summary."""
    groups = await editor_access.groups_for(session, profile=profile, viewer=viewer, step="wishes")
    errors: dict[str, str] = {}
    occupations = list(dict.fromkeys(inputs.items(form, "desired_occupations")))
    unknown = [uri for uri in occupations if vocabulary.occupation_label(uri, "en") is None]
    if unknown:
        errors["desired_occupations"] = _("Unknown occupation: choose one from the suggestions.")
    summary = inputs.text(form, "summary")
    if message := validation.text_error(summary, required=False, max_length=4000):
        errors["summary"] = message
    currency = inputs.text(form, "pay_currency").upper() or None
    if currency and currency not in choices.CURRENCIES:
        errors["pay_currency"] = _("Choose an option from the list.")
    values = {
        "desired_occupations": occupations[:10],
        "sectors": inputs.choice_list(form, "sectors", choices.sectors(), errors),
        "contract_types": inputs.choice_list(form, "contract_types", choices.contract_types(), errors),
        "available_from": inputs.date_value(form, "available_from", errors),
        "expected_pay": inputs.int_value(form, "expected_pay", errors, low=0, high=100_000_000),
        "pay_currency": currency,
        "needs": inputs.choice_list(form, "needs", choices.needs(), errors),
        "summary": summary,
    }
    values, errors = editor_access.within(groups, values), editor_access.within(groups, errors)
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="wishes", values=values)


async def save_visibility(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """The returnee's own choices; caseworkers cannot change them."""
    if viewer.user.id != profile.user_id:
        raise PermissionDenied(_("Only the returnee decides who sees their profile."))
    values = {
        "visible_to_employers": inputs.text(form, "visible_to_employers") == "on",
        "disclose_return_status": inputs.text(form, "disclose_return_status") == "on",
        "show_pay_to_employers": inputs.text(form, "show_pay_to_employers") == "on",
    }
    await _save(session, profile=profile, viewer=viewer, section="visibility", values=values)


async def _save(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, section: str, values: dict[str, Any]
) -> None:
    changed = _apply(profile, values)
    if changed:
        await record_revision(session, profile=profile, viewer=viewer, section=section, changes={"fields": changed})
    else:
        await editor_access.log_edit(session, profile=profile, viewer=viewer, section=section, changes={"fields": []})
    await session.flush()


async def set_partner_consent(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, organisation_id: int, consent: bool
) -> None:
    """Give or withdraw consent for a partner organisation to see the profile."""
    from sankofa.organisations.models import Organisation, OrgKind

    if viewer.user.id != profile.user_id:
        raise PermissionDenied(_("Only the returnee decides who sees their profile."))
    org = await session.get(Organisation, organisation_id)
    if org is None or org.kind != OrgKind.PARTNER:
        raise ValidationFailed({"organisation_id": _("Choose an organisation from the list.")})
    assert profile.id is not None
    result = await session.exec(
        select(PartnerConsent).where(
            PartnerConsent.profile_id == profile.id,
            PartnerConsent.organisation_id == organisation_id,
            col(PartnerConsent.revoked_at).is_(None),
        )
    )
    active = result.one_or_none()
    if consent and active is None:
        session.add(PartnerConsent(profile_id=profile.id, organisation_id=organisation_id))
    elif not consent and active is not None:
        active.revoked_at = datetime.now(UTC)
        session.add(active)
    await record_revision(
        session,
        profile=profile,
        viewer=viewer,
        section="consent",
        changes={"organisation_id": organisation_id, "consent": consent},
    )
    await session.flush()


async def regions_by_country(session: AsyncSession) -> dict[str, list[tuple[str, str]]]:
    """Regions of the shipped countries, grouped by country code, for the region pickers."""
    result = await session.exec(select(Region).order_by(col(Region.country_code), col(Region.name)))
    grouped: dict[str, list[tuple[str, str]]] = {}
    locale = get_locale()
    for region in result.all():
        name = local_place_names.region_name(region.name, country=region.country_code, locale=locale)
        grouped.setdefault(region.country_code, []).append((region.code, name))
    return grouped


async def partner_choices(session: AsyncSession, *, profile: ReturneeProfile) -> list[tuple[Any, bool]]:
    """Verified reintegration partners, each with whether the returnee currently consents to it."""
    from sankofa.organisations.models import Organisation, OrgKind, OrgStatus

    orgs = await session.exec(
        select(Organisation)
        .where(Organisation.kind == OrgKind.PARTNER, Organisation.status == OrgStatus.VERIFIED)
        .order_by(col(Organisation.name))
    )
    active = set(
        (
            await session.exec(
                select(PartnerConsent.organisation_id).where(
                    PartnerConsent.profile_id == profile.id, col(PartnerConsent.revoked_at).is_(None)
                )
            )
        ).all()
    )
    return [(org, org.id in active) for org in orgs.all()]
