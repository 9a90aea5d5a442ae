"""Editing a returnee profile, section by section, by the returnee or a consenting partner's caseworker."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa import choices
from sankofa.db.models import Role, User
from sankofa.db.profiles import (
    Certification,
    Education,
    Experience,
    PartnerConsent,
    ProfileLanguage,
    ProfileRevision,
    ProfileSkill,
    ReturneeProfile,
)
from sankofa.db.reference import Region
from sankofa.errors import NotFound, PermissionDenied, ValidationFailed
from sankofa.i18n import gettext as _
from sankofa.services import validation, vocabulary
from sankofa.services.visibility import Viewer, has_partner_consent

MAX_TEXT = 50_000
PHONE_RE = re.compile(r"^\+?[0-9 ().-]{6,30}$")
Form = dict[str, Any]


def _text(form: Form, name: str) -> str:
    value = form.get(name, "")
    return (value[0] if isinstance(value, list) and value else value if isinstance(value, str) else "").strip()


def _list(form: Form, name: str) -> list[str]:
    value = form.get(name, [])
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _date(form: Form, name: str, errors: dict[str, str]) -> date | None:
    raw = _text(form, name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Enter a date like 2026-03-31.")
        return None


def _int(form: Form, name: str, errors: dict[str, str], *, low: int, high: int) -> int | None:
    raw = _text(form, name).replace(" ", "")
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors[name] = _("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high}
        return None
    return int(raw)


def _choice(
    form: Form, name: str, allowed: dict[str, str], errors: dict[str, str], *, required: bool = False
) -> str | None:
    value = _text(form, name)
    if not value:
        if required:
            errors[name] = _("Choose an option from the list.")
        return None
    if value not in allowed:
        errors[name] = _("Choose an option from the list.")
        return None
    return value


def _choices(form: Form, name: str, allowed: dict[str, str], errors: dict[str, str]) -> list[str]:
    values = _list(form, name)
    if any(value not in allowed for value in values):
        errors[name] = _("Choose options from the list.")
    return [value for value in dict.fromkeys(values) if value in allowed]


async def for_user(session: AsyncSession, user: User) -> ReturneeProfile:
    """The returnee's profile, created on first use with their account name and email."""
    assert user.id is not None
    result = await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))
    profile = result.one_or_none()
    if profile is None:
        profile = ReturneeProfile(user_id=user.id, full_name=user.display_name, contact_email=user.email)
        session.add(profile)
        await session.commit()
        await session.refresh(profile)
    return profile


async def by_public_id(session: AsyncSession, public_id: str) -> ReturneeProfile:
    import uuid

    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise NotFound(_("This profile does not exist or is not visible to you.")) from None
    result = await session.exec(select(ReturneeProfile).where(ReturneeProfile.public_id == key))
    profile = result.one_or_none()
    if profile is None:
        raise NotFound(_("This profile does not exist or is not visible to you."))
    return profile


async def check_can_edit(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer) -> None:
    """The returnee, or a caseworker of a partner the returnee consented to (assisted editing)."""
    if viewer.user.id == profile.user_id:
        return
    if (
        viewer.user.role == Role.PARTNER
        and viewer.org_id is not None
        and profile.id is not None
        and (await has_partner_consent(session, profile_id=profile.id, organisation_id=viewer.org_id))
    ):
        return
    raise PermissionDenied(_("You cannot change this profile."))


async def _revision(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, section: str, changes: dict[str, Any]
) -> None:
    assert profile.id is not None
    profile.updated_at = datetime.now(UTC)
    session.add(profile)
    session.add(
        ProfileRevision(
            profile_id=profile.id,
            editor_user_id=viewer.user.id,
            editor_organisation_id=viewer.org_id if viewer.user.id != profile.user_id else None,
            section=section,
            changes=changes,
        )
    )


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
    errors: dict[str, str] = {}
    full_name = _text(form, "full_name")
    if message := validation.text_error(full_name, required=True, max_length=160):
        errors["full_name"] = message
    email = validation.normalise_email(_text(form, "contact_email"))
    if email and (message := validation.email_error(email)):
        errors["contact_email"] = message
    phone = _text(form, "phone")
    if phone and not PHONE_RE.match(phone):
        errors["phone"] = _("Enter a phone number with digits only, like +221 77 123 45 67.")
    if not email and not phone and "contact_email" not in errors:
        errors["phone"] = _("Give an email address or a phone number so that people can reach you.")
    this_year = datetime.now(UTC).year
    values = {
        "full_name": full_name,
        "contact_email": email or None,
        "phone": phone or None,
        "gender": _choice(form, "gender", choices.genders(), errors),
        "birth_year": _int(form, "birth_year", errors, low=this_year - 90, high=this_year - 14),
        "nationality": _choice(form, "nationality", choices.countries(), errors),
        "origin_country": _choice(form, "origin_country", choices.countries(), errors),
    }
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="about", values=values)


async def save_return(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """Return status and dates, host country, region of origin and where the returnee can work."""
    errors: dict[str, str] = {}
    status = _choice(form, "return_status", choices.return_statuses(), errors, required=True)
    expected = _date(form, "expected_return_on", errors)
    returned = _date(form, "returned_on", errors)
    today = datetime.now(UTC).date()
    if status == "returned" and returned and returned > today:
        errors["returned_on"] = _("This date is in the future.")
    region = _text(form, "origin_region")
    mobility = list(dict.fromkeys(_list(form, "mobility_regions")))
    known = await _valid_regions(session, [region, *mobility] if region else mobility)
    if region and region not in known:
        errors["origin_region"] = _("Choose a region from the list.")
    if any(code not in known for code in mobility):
        errors["mobility_regions"] = _("Choose regions from the list.")
    values = {
        "return_status": status,
        "host_country": _choice(form, "host_country", choices.countries(), errors),
        "expected_return_on": expected if status == "planning" else None,
        "returned_on": returned if status == "returned" else None,
        "origin_region": region or None,
        "mobility_regions": mobility,
    }
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="return", values=values)


async def save_wishes(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """Desired occupations and sectors, availability, contract types, expected pay, needs, summary."""
    errors: dict[str, str] = {}
    occupations = list(dict.fromkeys(_list(form, "desired_occupations")))
    unknown = [uri for uri in occupations if vocabulary.occupation_label(uri, "en") is None]
    if unknown:
        errors["desired_occupations"] = _("Unknown occupation: choose one from the suggestions.")
    summary = _text(form, "summary")
    if message := validation.text_error(summary, required=False, max_length=4000):
        errors["summary"] = message
    currency = _text(form, "pay_currency").upper() or None
    if currency and currency not in choices.CURRENCIES:
        errors["pay_currency"] = _("Choose an option from the list.")
    values = {
        "desired_occupations": occupations[:10],
        "sectors": _choices(form, "sectors", choices.sectors(), errors),
        "contract_types": _choices(form, "contract_types", choices.contract_types(), errors),
        "available_from": _date(form, "available_from", errors),
        "expected_pay": _int(form, "expected_pay", errors, low=0, high=100_000_000),
        "pay_currency": currency,
        "needs": _choices(form, "needs", choices.needs(), errors),
        "summary": summary,
    }
    if errors:
        raise ValidationFailed(errors)
    await _save(session, profile=profile, viewer=viewer, section="wishes", values=values)


async def save_visibility(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    """The returnee's own choices; caseworkers cannot change them."""
    if viewer.user.id != profile.user_id:
        raise PermissionDenied(_("Only the returnee decides who sees their profile."))
    values = {
        "visible_to_employers": _text(form, "visible_to_employers") == "on",
        "disclose_return_status": _text(form, "disclose_return_status") == "on",
        "show_pay_to_employers": _text(form, "show_pay_to_employers") == "on",
    }
    await _save(session, profile=profile, viewer=viewer, section="visibility", values=values)


async def _save(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, section: str, values: dict[str, Any]
) -> None:
    changed = _apply(profile, values)
    if changed:
        await _revision(session, profile=profile, viewer=viewer, section=section, changes={"fields": changed})
    await session.commit()


async def set_partner_consent(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, organisation_id: int, consent: bool
) -> None:
    """Give or withdraw consent for a partner organisation to see the profile."""
    from sankofa.db.models import Organisation, OrgKind

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
    await _revision(
        session,
        profile=profile,
        viewer=viewer,
        section="consent",
        changes={"organisation_id": organisation_id, "consent": consent},
    )
    await session.commit()


async def add_experience(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> Experience:
    errors: dict[str, str] = {}
    title = _text(form, "title")
    if message := validation.text_error(title, required=True, max_length=200):
        errors["title"] = message
    occupation = _text(form, "occupation_uri") or None
    if occupation and vocabulary.occupation_label(occupation, "en") is None:
        errors["occupation_uri"] = _("Unknown occupation: choose one from the suggestions.")
    description = _text(form, "description")
    if len(description) > MAX_TEXT:
        errors["description"] = _("This text is too long: at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}
    years = _text(form, "years").replace(",", ".")
    years_value: float | None = None
    if years:
        try:
            years_value = float(years)
            if not 0 <= years_value <= 60:
                raise ValueError
        except ValueError:
            errors["years"] = _("Enter a number of years between 0 and 60.")
    acquired = _choice(form, "acquired", choices.acquired_places(), errors) or "host"
    country = _choice(form, "country", choices.countries(), errors)
    if errors:
        raise ValidationFailed(errors)
    if occupation is None and title:
        linked = vocabulary.link_occupation(title, locale="fr", k=1)
        occupation = linked[0].id if linked and linked[0].score >= 0.5 else None
    assert profile.id is not None
    experience = Experience(
        profile_id=profile.id,
        title=title,
        occupation_uri=occupation,
        description=description,
        country=country,
        acquired=acquired,
        years=years_value,
    )
    session.add(experience)
    await _revision(session, profile=profile, viewer=viewer, section="experience", changes={"added": title})
    await session.commit()
    return experience


def _skill_fields(form: Form, errors: dict[str, str]) -> tuple[str, str]:
    level = _choice(form, "level", choices.skill_levels(), errors) or "intermediate"
    acquired = _choice(form, "acquired", choices.acquired_places(), errors) or "host"
    return level, acquired


async def add_skills(
    session: AsyncSession,
    *,
    profile: ReturneeProfile,
    viewer: Viewer,
    uris: list[str],
    form: Form,
    source: str = "declared",
) -> int:
    """Add ESCO skills (already present ones are kept as they are). Returns how many were added.

    Raises:
        ValidationFailed: `skill` names the field when an id is not an ESCO skill.
    """
    errors: dict[str, str] = {}
    uris = list(dict.fromkeys(uri for uri in uris if uri))
    if not uris:
        errors["skill"] = _("Choose a skill from the suggestions.")
    elif any(vocabulary.skill_label(uri, "en") is None for uri in uris):
        errors["skill"] = _("Unknown skill: choose one from the suggestions.")
    level, acquired = _skill_fields(form, errors)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None
    existing = set(
        (await session.exec(select(ProfileSkill.skill_uri).where(ProfileSkill.profile_id == profile.id))).all()
    )
    new = [uri for uri in uris if uri not in existing]
    for uri in new:
        session.add(ProfileSkill(profile_id=profile.id, skill_uri=uri, level=level, acquired=acquired, source=source))
    if new:
        await _revision(session, profile=profile, viewer=viewer, section="skills", changes={"added": new})
    await session.commit()
    return len(new)


async def update_skill(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, skill_id: int, form: Form
) -> None:
    skill = await session.get(ProfileSkill, skill_id)
    if skill is None or skill.profile_id != profile.id:
        raise NotFound(_("This skill is not on the profile."))
    errors: dict[str, str] = {}
    level, acquired = _skill_fields(form, errors)
    if errors:
        raise ValidationFailed(errors)
    if (skill.level, skill.acquired) != (level, acquired):
        skill.level, skill.acquired = level, acquired
        session.add(skill)
        await _revision(session, profile=profile, viewer=viewer, section="skills", changes={"updated": skill.skill_uri})
    await session.commit()


ITEM_MODELS: dict[str, Any] = {
    "skills": ProfileSkill,
    "experiences": Experience,
    "languages": ProfileLanguage,
    "education": Education,
    "certifications": Certification,
}


async def remove_item(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, kind: str, item_id: int
) -> None:
    """Remove one skill, experience, language, education or certification from the profile."""
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise NotFound(_("The page you asked for does not exist or was moved."))
    await session.exec(delete(model).where(model.id == item_id, model.profile_id == profile.id))
    await _revision(session, profile=profile, viewer=viewer, section=kind, changes={"removed": item_id})
    await session.commit()


async def add_language(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    errors: dict[str, str] = {}
    language = _text(form, "language").lower()
    if not re.fullmatch(r"[a-z]{2,3}", language) or language not in choices._languages("en"):
        errors["language"] = _("Choose a language from the list.")
    level = _choice(form, "level", choices.language_levels(), errors, required=True)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None and level is not None
    result = await session.exec(
        select(ProfileLanguage).where(ProfileLanguage.profile_id == profile.id, ProfileLanguage.language == language)
    )
    row = result.one_or_none() or ProfileLanguage(profile_id=profile.id, language=language, level=level)
    row.level = level
    session.add(row)
    await _revision(session, profile=profile, viewer=viewer, section="languages", changes={"set": language})
    await session.commit()


async def add_education(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    errors: dict[str, str] = {}
    level = _choice(form, "level", choices.education_levels(), errors, required=True)
    title = _text(form, "title")
    if message := validation.text_error(title, required=True, max_length=200):
        errors["title"] = message
    institution = _text(form, "institution")
    if message := validation.text_error(institution, required=False, max_length=200):
        errors["institution"] = message
    year = _int(form, "year", errors, low=1950, high=datetime.now(UTC).year + 6)
    country = _choice(form, "country", choices.countries(), errors)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None and level is not None
    session.add(
        Education(profile_id=profile.id, level=level, title=title, institution=institution, year=year, country=country)
    )
    await _revision(session, profile=profile, viewer=viewer, section="education", changes={"added": title})
    await session.commit()


async def add_certification(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    errors: dict[str, str] = {}
    name = _text(form, "name")
    if message := validation.text_error(name, required=True, max_length=200):
        errors["name"] = message
    issuer = _text(form, "issuer")
    if message := validation.text_error(issuer, required=False, max_length=200):
        errors["issuer"] = message
    year = _int(form, "year", errors, low=1950, high=datetime.now(UTC).year + 1)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None
    session.add(Certification(profile_id=profile.id, name=name, issuer=issuer, year=year))
    await _revision(session, profile=profile, viewer=viewer, section="certifications", changes={"added": name})
    await session.commit()


def analyse_text(text: str, *, locale: str) -> dict[str, Any]:
    """Occupation and ESCO skills proposed from a work description or a pasted CV (FR/EN).

    Raises:
        ValidationFailed: the text is empty or longer than 50,000 characters.
    """
    text = text.strip()
    if not text:
        raise ValidationFailed({"text": _("Describe your work or paste your CV first.")})
    if len(text) > MAX_TEXT:
        raise ValidationFailed({"text": _("This text is too long: at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}})
    first_line = next((line for line in text.splitlines() if line.strip()), text)[:200]
    return {
        "occupations": vocabulary.link_occupation(first_line, locale=locale, k=3),
        "skills": vocabulary.suggest_skills(text, locale=locale, k=15),
    }
