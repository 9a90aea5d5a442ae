"""Items of a profile (experience, skills, languages, education, certifications) and skills proposed from text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlmodel import delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, cpu, inputs, validation
from sankofa.core.errors import NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.profiles import editor_access
from sankofa.profiles.editing import record_revision
from sankofa.profiles.models import Certification, Education, Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import Viewer
from sankofa.reference import vocabulary

MAX_TEXT = 50_000
# A suggestion is ticked in advance when its score is at least a quarter of the best one's (and not negligible): the
# extractor's scores are probabilities, and in a rich description several right skills share the mass.
PRESELECT_RATIO = 0.25
PRESELECT_MIN = 0.02
# "This looks like the work of …" only from this link score up: below it half the guesses on hand-labelled job titles
# were wrong and vague texts ("Curriculum vitae", « Je suis disponible ») scored up to 0.23; above, four in five right.
OCCUPATION_GUESS_FLOOR = 0.3


async def add_experience(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> Experience:
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="experiences")
    errors: dict[str, str] = {}
    title = inputs.text(form, "title")
    if message := validation.text_error(title, required=True, max_length=200):
        errors["title"] = message
    occupation = inputs.text(form, "occupation_uri") or None
    if occupation and vocabulary.occupation_label(occupation, "en") is None:
        errors["occupation_uri"] = _("Unknown occupation: choose one from the suggestions.")
    description = inputs.text(form, "description")
    if len(description) > MAX_TEXT:
        errors["description"] = _("This text is too long: at most %(n)s characters.") % {"n": f"{MAX_TEXT:,}"}
    years = inputs.text(form, "years")
    years_value = validation.decimal_number(years) if years else None
    if years and (years_value is None or not 0 <= years_value <= 60):
        years_value = None
        errors["years"] = _("Enter a number of years between 0 and 60.")
    acquired = inputs.choice(form, "acquired", choices.acquired_places(), errors) or "host"
    country = inputs.choice(form, "country", choices.countries(), errors)
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
    await record_revision(session, profile=profile, viewer=viewer, section="experience", changes={"added": title})
    await session.flush()
    return experience


def _skill_fields(form: Form, errors: dict[str, str]) -> tuple[str, str]:
    level = inputs.choice(form, "level", choices.skill_levels(), errors) or "intermediate"
    acquired = inputs.choice(form, "acquired", choices.acquired_places(), errors) or "host"
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
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="skills")
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
        await record_revision(session, profile=profile, viewer=viewer, section="skills", changes={"added": new})
    else:
        await editor_access.log_edit(session, profile=profile, viewer=viewer, section="skills", changes={"added": []})
    await session.flush()
    return len(new)


async def update_skill(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, skill_id: int, form: Form
) -> None:
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="skills")
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
        await record_revision(
            session, profile=profile, viewer=viewer, section="skills", changes={"updated": skill.skill_uri}
        )
    else:
        await editor_access.log_edit(
            session, profile=profile, viewer=viewer, section="skills", changes={"updated": None}
        )
    await session.flush()


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
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item=kind)
    model = ITEM_MODELS.get(kind)
    if model is None:
        raise NotFound(_("The page you asked for does not exist or was moved."))
    await session.exec(delete(model).where(model.id == item_id, model.profile_id == profile.id))
    await record_revision(session, profile=profile, viewer=viewer, section=kind, changes={"removed": item_id})
    await session.flush()


async def add_language(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="languages")
    errors: dict[str, str] = {}
    language = inputs.text(form, "language").lower()
    if not re.fullmatch(r"[a-z]{2,3}", language) or language not in choices._languages("en"):
        errors["language"] = _("Choose a language from the list.")
    level = inputs.choice(form, "level", choices.language_levels(), errors, required=True)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None and level is not None
    result = await session.exec(
        select(ProfileLanguage).where(ProfileLanguage.profile_id == profile.id, ProfileLanguage.language == language)
    )
    row = result.one_or_none() or ProfileLanguage(profile_id=profile.id, language=language, level=level)
    row.level = level
    session.add(row)
    await record_revision(session, profile=profile, viewer=viewer, section="languages", changes={"set": language})
    await session.flush()


async def add_education(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="education")
    errors: dict[str, str] = {}
    level = inputs.choice(form, "level", choices.education_levels(), errors, required=True)
    title = inputs.text(form, "title")
    if message := validation.text_error(title, required=True, max_length=200):
        errors["title"] = message
    institution = inputs.text(form, "institution")
    if message := validation.text_error(institution, required=False, max_length=200):
        errors["institution"] = message
    year = inputs.int_value(form, "year", errors, low=1950, high=datetime.now(UTC).year + 6)
    country = inputs.choice(form, "country", choices.countries(), errors)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None and level is not None
    session.add(
        Education(profile_id=profile.id, level=level, title=title, institution=institution, year=year, country=country)
    )
    await record_revision(session, profile=profile, viewer=viewer, section="education", changes={"added": title})
    await session.flush()


async def add_certification(session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, form: Form) -> None:
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="certifications")
    errors: dict[str, str] = {}
    name = inputs.text(form, "name")
    if message := validation.text_error(name, required=True, max_length=200):
        errors["name"] = message
    issuer = inputs.text(form, "issuer")
    if message := validation.text_error(issuer, required=False, max_length=200):
        errors["issuer"] = message
    year = inputs.int_value(form, "year", errors, low=1950, high=datetime.now(UTC).year + 1)
    if errors:
        raise ValidationFailed(errors)
    assert profile.id is not None
    session.add(Certification(profile_id=profile.id, name=name, issuer=issuer, year=year))
    await record_revision(session, profile=profile, viewer=viewer, section="certifications", changes={"added": name})
    await session.flush()


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
    skills = vocabulary.suggest_skills(text, locale=locale, k=15)
    guesses = vocabulary.guess_occupation(text, locale=locale, k=3)
    return {
        "occupations": [guess for guess in guesses if guess.score >= OCCUPATION_GUESS_FLOOR],
        "skills": skills,
        "preselected": preselect(skills),
    }


def preselect(skills: list[vocabulary.Suggestion], *, most: int = 8) -> set[str]:
    """Suggestions ticked in advance: the strongest, relative to the best one (scores are probabilities)."""
    if not skills:
        return set()
    floor = max(PRESELECT_MIN, PRESELECT_RATIO * skills[0].score)
    return {s.id for s in skills[:most] if s.score >= floor}


async def suggestions_for_experience(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, experience_id: int, locale: str
) -> tuple[dict[str, Any] | None, str]:
    """Skills proposed from one stored experience (its title and description), and where it was acquired."""
    await editor_access.groups_for(session, profile=profile, viewer=viewer, item="experiences")
    experience = await session.get(Experience, experience_id)
    if experience is None or experience.profile_id != profile.id:
        return None, "host"
    text = "\n".join(part for part in (experience.title, experience.description) if part)
    suggestions = await cpu.run(analyse_text, text, locale=locale)
    existing = set(
        (await session.exec(select(ProfileSkill.skill_uri).where(ProfileSkill.profile_id == profile.id))).all()
    )
    suggestions["skills"] = [s for s in suggestions["skills"] if s.id not in existing]
    suggestions["preselected"] = preselect(suggestions["skills"])
    return suggestions, experience.acquired
