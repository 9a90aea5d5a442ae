"""What a returnee's registration shares with the organisers: the event's chosen set, shown before consent.

The organiser picks the set when creating the event, from `FIELDS` only: name, contact details, where the
returnee comes from, their return, their professional profile. Never demographics (gender, age, nationality),
pay or needs (profiles/visibility.py: they must not invite discrimination, and needs are for caseworkers under an
agreement). The returnee sees each field with their own value and ticks a consent box; the registration keeps
that exact list, and the organisers' pages and CSV read the profile through it and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices
from sankofa.core.i18n import gettext as _
from sankofa.profiles.models import Experience, ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary

DEFAULT_FIELDS = ("name", "contact", "professional")
SHOWN_SKILLS = 12


def fields() -> dict[str, str]:
    """The fields an organiser may ask for, in the order pages show them."""
    return {
        "name": _("Full name"),
        "contact": _("Email address and phone number"),
        "origin": _("Region of origin"),
        "return": _("Return status and host country"),
        "professional": _("Professional profile: summary, skills, experience"),
    }


@dataclass(frozen=True)
class SharedValue:
    """One shared field: its label and the returnee's value (possibly empty)."""

    key: str
    label: str
    value: str


def checked(requested: Sequence[str]) -> list[str]:
    """`requested` limited to the allowed fields, in their order."""
    return [key for key in fields() if key in set(requested)]


async def values_of(
    session: AsyncSession, *, profile: ReturneeProfile | None, keys: Sequence[str], locale: str
) -> list[SharedValue]:
    """The profile's values for `keys` (only those): what the registrant is shown, and what organisers see."""
    labels = fields()
    if profile is None or profile.erased_at is not None:
        return []
    shown: list[SharedValue] = []
    for key in checked(keys):
        shown.append(SharedValue(key=key, label=labels[key], value=await _value(session, profile, key, locale)))
    return shown


async def _value(session: AsyncSession, profile: ReturneeProfile, key: str, locale: str) -> str:
    if key == "name":
        return profile.full_name
    if key == "contact":
        return " · ".join(part for part in (profile.contact_email, profile.phone) if part)
    if key == "origin":
        if profile.origin_region:
            return vocabulary.place_label(f"region:{profile.origin_region}", locale=locale) or profile.origin_region
        return choices.country_name(profile.origin_country) if profile.origin_country else ""
    if key == "return":
        status = choices.return_statuses(helper_view=True).get(profile.return_status or "", "")
        host = choices.country_name(profile.host_country) if profile.host_country else ""
        return " · ".join(part for part in (status, host) if part)
    return await _professional(session, profile, locale)


async def _professional(session: AsyncSession, profile: ReturneeProfile, locale: str) -> str:
    skills = await session.exec(
        select(ProfileSkill.skill_uri).where(ProfileSkill.profile_id == profile.id).order_by(col(ProfileSkill.id))
    )
    names = [vocabulary.skill_label(uri, locale) or uri for uri in skills.all()][:SHOWN_SKILLS]
    jobs = await session.exec(
        select(Experience.title).where(Experience.profile_id == profile.id).order_by(col(Experience.id))
    )
    parts = [profile.summary.strip(), ", ".join(jobs.all()), ", ".join(names)]
    return " — ".join(part for part in parts if part)
