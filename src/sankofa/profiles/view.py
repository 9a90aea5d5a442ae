"""The one serialiser of returnee profiles: only the allowed field groups leave the server (JSON and HTML)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.organisations.models import Organisation
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles.models import Certification, Education, Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import FieldGroup
from sankofa.reference import vocabulary


def handle(profile: ReturneeProfile) -> str:
    """A stable pseudonym for anonymous views ('R-3F9A2C'): no name, nothing derived from identity."""
    return "R-" + hashlib.sha256(profile.public_id.bytes).hexdigest()[:6].upper()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# The list tables of a profile (read for the professional group; measures for needs) and the order shown.
ORDER: dict[Any, Any] = {
    Experience: col(Experience.id),
    Education: col(Education.id),
    ProfileLanguage: col(ProfileLanguage.id),
    Certification: col(Certification.id),
    ReintegrationMeasure: col(ReintegrationMeasure.started_on),
}
PROFESSIONAL_TABLES: tuple[Any, ...] = (Experience, Education, ProfileLanguage, Certification)
NEEDS_TABLES: tuple[Any, ...] = (ReintegrationMeasure,)
SKILL_ORDER = (col(ProfileSkill.validated_at).desc().nulls_last(), col(ProfileSkill.id))


@dataclass(frozen=True)
class Preloaded:
    """The list rows of several profiles, read with one query per table (`build_many`), by profile id."""

    rows: dict[Any, dict[int, list[Any]]] = field(default_factory=dict)
    skills: dict[int, list[tuple[ProfileSkill, Organisation | None]]] = field(default_factory=dict)


def _skill_query() -> Any:
    return select(ProfileSkill, Organisation).join(
        Organisation, col(Organisation.id) == ProfileSkill.validated_by_organisation_id, isouter=True
    )


async def preload(session: AsyncSession, *, items: Sequence[tuple[ReturneeProfile, frozenset[str]]]) -> Preloaded:
    """Read the rows `build` needs for all `items` at once: one query per table, whatever their number."""
    professional = [p.id for p, groups in items if FieldGroup.PROFESSIONAL in groups and p.id is not None]
    needs = [p.id for p, groups in items if FieldGroup.NEEDS in groups and p.id is not None]
    loaded = Preloaded()
    for ids, tables in ((professional, PROFESSIONAL_TABLES), (needs, NEEDS_TABLES)):
        for model in tables:
            grouped: dict[int, list[Any]] = defaultdict(list)
            if ids:
                query = select(model).where(col(model.profile_id).in_(ids)).order_by(ORDER[model])
                for row in (await session.exec(query)).all():
                    grouped[row.profile_id].append(row)
            loaded.rows[model] = grouped
    if professional:
        result = await session.exec(
            _skill_query().where(col(ProfileSkill.profile_id).in_(professional)).order_by(*SKILL_ORDER)
        )
        for skill, org in result.all():
            loaded.skills.setdefault(skill.profile_id, []).append((skill, org))
    return loaded


async def build_many(
    session: AsyncSession, *, items: Sequence[tuple[ReturneeProfile, frozenset[str]]], locale: str
) -> list[dict[str, Any]]:
    """`build` for a list of (profile, allowed groups), e.g. cards: the same views, one query per table."""
    loaded = await preload(session, items=items)
    return [await build(session, profile=p, groups=groups, locale=locale, preloaded=loaded) for p, groups in items]


async def _rows(session: AsyncSession, model: Any, profile_id: int, preloaded: Preloaded | None) -> list[Any]:
    if preloaded is not None:
        return list(preloaded.rows[model].get(profile_id, []))
    result = await session.exec(select(model).where(model.profile_id == profile_id).order_by(ORDER[model]))
    return list(result.all())


async def _skills(
    session: AsyncSession, profile_id: int, locale: str, preloaded: Preloaded | None = None
) -> list[dict[str, Any]]:
    if preloaded is not None:
        rows = preloaded.skills.get(profile_id, [])
    else:
        rows = list(
            (
                await session.exec(_skill_query().where(ProfileSkill.profile_id == profile_id).order_by(*SKILL_ORDER))
            ).all()
        )
    return [
        {
            "id": skill.id,
            "uri": skill.skill_uri,
            "label": vocabulary.skill_label(skill.skill_uri, locale) or skill.skill_uri,
            "level": skill.level,
            "acquired": skill.acquired,
            "validated": skill.validated_at is not None,
            "validated_at": _iso(skill.validated_at),
            "validated_by": org.name if org else None,
            "evidence": skill.evidence or None,
        }
        for skill, org in rows
    ]


async def build(
    session: AsyncSession,
    *,
    profile: ReturneeProfile,
    groups: frozenset[str],
    locale: str,
    preloaded: Preloaded | None = None,
) -> dict[str, Any]:
    """The profile as `groups` allow, labels in `locale`. Keys of hidden groups are absent, not empty.

    `preloaded` holds rows already read for a list of profiles (`build_many`); without it, they are read here.
    """
    assert profile.id is not None
    view: dict[str, Any] = {"id": str(profile.public_id), "handle": handle(profile), "visible_fields": sorted(groups)}
    if profile.erased_at is not None:
        return {**view, "visible_fields": [], "deleted": True}  # what an application keeps of a deleted account
    if FieldGroup.IDENTITY in groups:
        view.update(full_name=profile.full_name)
    if FieldGroup.DEMOGRAPHICS in groups:
        view.update(gender=profile.gender, birth_year=profile.birth_year, nationality=profile.nationality)
    if FieldGroup.CONTACT in groups:
        view.update(email=profile.contact_email, phone=profile.phone)
    if FieldGroup.RETURN in groups:
        view.update(
            return_status=profile.return_status,
            host_country=profile.host_country,
            expected_return_on=_iso(profile.expected_return_on),
            returned_on=_iso(profile.returned_on),
        )
    if FieldGroup.PROFESSIONAL in groups:
        experiences = await _rows(session, Experience, profile.id, preloaded)
        view.update(
            summary=profile.summary,
            origin_country=profile.origin_country,
            origin_region=profile.origin_region,
            origin_region_label=vocabulary.place_label(f"region:{profile.origin_region}", locale=locale)
            if profile.origin_region
            else None,
            mobility_regions=[
                {"code": code, "label": vocabulary.place_label(f"region:{code}", locale=locale) or code}
                for code in profile.mobility_regions
            ],
            desired_occupations=[
                {"uri": uri, "label": vocabulary.occupation_label(uri, locale) or uri}
                for uri in profile.desired_occupations
            ],
            sectors=list(profile.sectors),
            contract_types=list(profile.contract_types),
            available_from=_iso(profile.available_from),
            skills=await _skills(session, profile.id, locale, preloaded),
            experiences=[
                {
                    "id": e.id,
                    "title": e.title,
                    "occupation_uri": e.occupation_uri,
                    "occupation_label": vocabulary.occupation_label(e.occupation_uri, locale)
                    if e.occupation_uri
                    else None,
                    "description": e.description,
                    "country": e.country,
                    "acquired": e.acquired,
                    "years": e.years,
                }
                for e in experiences
            ],
            education=[
                {
                    "id": e.id,
                    "level": e.level,
                    "title": e.title,
                    "institution": e.institution,
                    "country": e.country,
                    "year": e.year,
                }
                for e in await _rows(session, Education, profile.id, preloaded)
            ],
            languages=[
                {"id": lang.id, "language": lang.language, "level": lang.level}
                for lang in await _rows(session, ProfileLanguage, profile.id, preloaded)
            ],
            certifications=[
                {"id": c.id, "name": c.name, "issuer": c.issuer, "year": c.year}
                for c in await _rows(session, Certification, profile.id, preloaded)
            ],
            experience_years=round(sum(e.years or 0 for e in experiences), 1),
        )
    if FieldGroup.PAY in groups:
        view.update(expected_pay=profile.expected_pay, pay_currency=profile.pay_currency)
    if FieldGroup.NEEDS in groups:
        view.update(
            needs=list(profile.needs),
            measures=[
                {
                    "id": m.id,
                    "kind": m.kind,
                    "description": m.description,
                    "started_on": _iso(m.started_on),
                    "ended_on": _iso(m.ended_on),
                    "amount": m.amount,
                    "currency": m.currency,
                }
                for m in await _rows(session, ReintegrationMeasure, profile.id, preloaded)
            ],
        )
    return view
