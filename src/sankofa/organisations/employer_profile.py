"""The employer's public profile: edited by its members, shown to everyone once the organisation is verified."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, choices, inputs, validation
from sankofa.core.errors import NotFound, ValidationFailed
from sankofa.core.i18n import get_locale
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.identity.models import User
from sankofa.organisations import names as organisation_names
from sankofa.organisations.models import Organisation, OrgKind, OrgStatus
from sankofa.reference import place_names as local_place_names
from sankofa.reference.models import Region

MAX_NAME = 200
MAX_DESCRIPTION = 4000
MAX_WEBSITE = 300


def sizes() -> dict[str, str]:
    """Headcount bands."""
    return {
        "1-9": _("1 to 9 people"),
        "10-49": _("10 to 49 people"),
        "50-249": _("50 to 249 people"),
        "250+": _("250 people or more"),
    }


def form_values(org: Organisation) -> dict[str, Any]:
    """The form's values; the name is the one asked for (a pending one waits for verification)."""
    return {
        "name": org.pending_name or org.name,
        "country": org.country or "",
        "description": org.description,
        "sectors": list(org.sectors),
        "regions": list(org.regions),
        "size": org.size or "",
        "website": org.website or "",
        "contact_email": org.contact_email or "",
        "contact_phone": org.contact_phone or "",
    }


def _website(raw: str, errors: dict[str, str]) -> str | None:
    if not raw:
        return None
    candidate = raw if "://" in raw else f"https://{raw}"
    parts = urlsplit(candidate)
    if parts.scheme not in {"http", "https"} or "." not in parts.netloc or len(candidate) > MAX_WEBSITE:
        errors["website"] = _("Enter a web address starting with http:// or https://.")
        return None
    return candidate


async def save_profile(session: AsyncSession, *, org: Organisation, user: User, form: Form) -> Organisation:
    """Check and store the profile of `org` (the caller checked that `user` is one of its members).

    A verified organisation's new name only waits for verification (`organisation_names.request`).

    Raises:
        ValidationFailed: a field is wrong; nothing is saved.
    """
    errors: dict[str, str] = {}
    name = inputs.text(form, "name")
    if message := validation.text_error(name, required=True, max_length=MAX_NAME, min_length=2):
        errors["name"] = message
    country = inputs.text(form, "country").upper()
    if country and country not in choices.countries():
        errors["country"] = _("Choose a country from the list.")
    description = inputs.text(form, "description")
    if message := validation.text_error(description, required=False, max_length=MAX_DESCRIPTION):
        errors["description"] = message
    sectors = inputs.items(form, "sectors")
    if any(code not in choices.sectors() for code in sectors):
        errors["sectors"] = _("Choose sectors from the list.")
    regions = inputs.items(form, "regions")
    known = {code for code in regions if await session.get(Region, code) is not None}
    if set(regions) - known:
        errors["regions"] = _("Choose regions from the list.")
    size = inputs.text(form, "size")
    if size and size not in sizes():
        errors["size"] = _("Choose a size from the list.")
    website = _website(inputs.text(form, "website"), errors)
    email = validation.normalise_email(inputs.text(form, "contact_email"))
    if email and (message := validation.email_error(email)):
        errors["contact_email"] = message
    # A number without country code is read as dialled in the organisation's country.
    region = (country if country in choices.countries() else None) or org.country
    raw_phone = inputs.text(form, "contact_phone")
    if message := validation.phone_error(raw_phone, region=region):
        errors["contact_phone"] = message
    phone = validation.normalise_phone(raw_phone, region=region)
    if errors:
        raise ValidationFailed(errors)
    await organisation_names.request(session, org=org, user=user, name=name)
    org.country, org.description = country or None, description
    org.sectors, org.regions, org.size = sectors, regions, size or None
    org.website, org.contact_email, org.contact_phone = website, email or None, phone or None
    session.add(org)
    await audit.record(
        session, action="organisation.profile_updated", actor_user_id=user.id, actor_organisation_id=org.id
    )
    await session.flush()
    return org


async def public(session: AsyncSession, organisation_id: int) -> Organisation:
    """A verified employer, for its public page.

    Raises:
        NotFound: unknown, not an employer, or not verified (unverified and suspended firms have no public page).
    """
    org = await session.get(Organisation, organisation_id)
    if org is None or org.kind != OrgKind.EMPLOYER or org.status != OrgStatus.VERIFIED:
        raise NotFound(_("This employer does not exist or is not visible on Sankofa."))
    return org


async def region_names(session: AsyncSession, codes: list[str]) -> list[str]:
    names = []
    for code in codes:
        region = await session.get(Region, code)
        if region is not None:
            name = local_place_names.region_name(region.name, country=region.country_code, locale=get_locale())
            names.append(f"{name} ({choices.country_name(region.country_code)})")
    return names
