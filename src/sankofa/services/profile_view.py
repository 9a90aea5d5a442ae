"""The one serialiser of returnee profiles: only the allowed field groups leave the server (JSON and HTML)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import Organisation
from sankofa.db.profiles import (
    Certification,
    Education,
    Experience,
    ProfileLanguage,
    ProfileSkill,
    ReintegrationMeasure,
    ReturneeProfile,
)
from sankofa.services import vocabulary
from sankofa.services.visibility import FieldGroup


def handle(profile: ReturneeProfile) -> str:
    """A stable pseudonym for anonymous views ('R-3F9A2C'): no name, nothing derived from identity."""
    return "R-" + hashlib.sha256(profile.public_id.bytes).hexdigest()[:6].upper()


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def _rows(session: AsyncSession, model: Any, profile_id: int, order: Any) -> list[Any]:
    result = await session.exec(select(model).where(model.profile_id == profile_id).order_by(order))
    return list(result.all())


async def _skills(session: AsyncSession, profile_id: int, locale: str) -> list[dict[str, Any]]:
    result = await session.exec(
        select(ProfileSkill, Organisation)
        .join(Organisation, col(Organisation.id) == ProfileSkill.validated_by_organisation_id, isouter=True)
        .where(ProfileSkill.profile_id == profile_id)
        .order_by(col(ProfileSkill.validated_at).desc().nulls_last(), col(ProfileSkill.id))
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
        for skill, org in result.all()
    ]


async def build(
    session: AsyncSession, *, profile: ReturneeProfile, groups: frozenset[str], locale: str
) -> dict[str, Any]:
    """The profile as `groups` allow, labels in `locale`. Keys of hidden groups are absent, not empty."""
    assert profile.id is not None
    view: dict[str, Any] = {"id": str(profile.public_id), "handle": handle(profile), "visible_fields": sorted(groups)}
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
        experiences = await _rows(session, Experience, profile.id, col(Experience.id))
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
            skills=await _skills(session, profile.id, locale),
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
                for e in await _rows(session, Education, profile.id, col(Education.id))
            ],
            languages=[
                {"id": lang.id, "language": lang.language, "level": lang.level}
                for lang in await _rows(session, ProfileLanguage, profile.id, col(ProfileLanguage.id))
            ],
            certifications=[
                {"id": c.id, "name": c.name, "issuer": c.issuer, "year": c.year}
                for c in await _rows(session, Certification, profile.id, col(Certification.id))
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
                for m in await _rows(session, ReintegrationMeasure, profile.id, col(ReintegrationMeasure.started_on))
            ],
        )
    return view
