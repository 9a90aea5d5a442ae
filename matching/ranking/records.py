"""The records the ranker works on, read from plain dicts (the CLI's JSON lines, or the app's rows).

Skills and occupations are ESCO URIs; free text in their place is linked by a :class:`Resolver` when one is given.
Unknown or missing optional fields are fine: every field has a neutral default.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ESCO_PREFIX = "http://data.europa.eu/esco/"


@dataclass(frozen=True, slots=True)
class Location:
    country: str | None = None
    region: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Job:
    """A vacancy. ``required_skills``/``optional_skills`` are ESCO skill URIs."""

    id: str
    title: str = ""
    description: str = ""
    occupation: str | None = None
    required_skills: list[str] = field(default_factory=list)
    optional_skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    remote: bool = False
    sector: str | None = None
    salary_max: float | None = None
    age_days: float | None = None  # days since publication
    response_rate: float | None = None  # the employer's share of applications answered within 14 days


@dataclass(slots=True)
class Profile:
    """A returnee. ``validated_skills`` ⊆ ``skills``; ``mobility_km`` None means no distance limit."""

    id: str
    title: str = ""
    summary: str = ""
    occupations: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    validated_skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    mobility_km: float | None = None
    regions: list[str] = field(default_factory=list)  # regions the person would move to
    sectors: list[str] = field(default_factory=list)
    experience_years: float = 0.0
    expected_pay: float | None = None


@dataclass(slots=True)
class Project:
    """A returnee's business project looking for funding or mentoring."""

    id: str
    title: str = ""
    summary: str = ""
    sector: str | None = None
    skills: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    amount: float | None = None


@dataclass(slots=True)
class Investor:
    """A diaspora investor or mentor: sectors, regions and ticket size they fund."""

    id: str
    summary: str = ""
    sectors: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # region codes or country codes
    ticket_min: float | None = None
    ticket_max: float | None = None


Record = Job | Profile | Project | Investor


@dataclass
class Resolver:
    """Links free text to ESCO URIs (the text engine's functions); identity on URIs.

    Attributes:
        skill: text → skill URI or None.
        occupation: title → occupation URI or None.
        extract: text → skill URIs found in it (used when a record lists no skills).
    """

    skill: Callable[[str], str | None] = lambda text: None
    occupation: Callable[[str], str | None] = lambda text: None
    extract: Callable[[str], list[str]] = lambda text: []


class RecordError(ValueError):
    """A record that cannot be read (e.g. without an id)."""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return []
    items = []
    for item in value:
        if isinstance(item, Mapping):  # {"uri": ...} or {"language": "fr", "level": "B2"}
            item = item.get("uri") or item.get("code") or item.get("language") or item.get("label")
        if isinstance(item, str) and item.strip():
            items.append(item.strip())
    return list(dict.fromkeys(items))


def _skills(value: Any, resolver: Resolver) -> list[str]:
    uris = []
    for item in _strings(value):
        uri = item if item.startswith(ESCO_PREFIX) else resolver.skill(item)
        if uri:
            uris.append(uri)
    return list(dict.fromkeys(uris))


def _occupation(value: Any, resolver: Resolver) -> str | None:
    text = _text(value)
    if not text:
        return None
    return text if text.startswith(ESCO_PREFIX) else resolver.occupation(text)


def _location(value: Any) -> Location:
    if not isinstance(value, Mapping):
        return Location()
    lat, lon = _number(value.get("lat")), _number(value.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lat = lon = None
    return Location(
        country=_text(value.get("country")).upper() or None,
        region=_text(value.get("region")) or None,
        lat=lat,
        lon=lon,
    )


def _languages(value: Any) -> list[str]:
    return [code.lower()[:3] for code in _strings(value)]


def _id(raw: Mapping[str, Any]) -> str:
    value = raw.get("id")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError("record without an id")
    return str(value)


def job_from(raw: Mapping[str, Any], resolver: Resolver | None = None) -> Job:
    """A :class:`Job` from a vacancy dict (fields of the CLI contract, more documented in the README)."""
    resolver = resolver or Resolver()
    job = Job(
        id=_id(raw),
        title=_text(raw.get("title")),
        description=_text(raw.get("description")),
        required_skills=_skills(raw.get("required_skills"), resolver),
        optional_skills=_skills(raw.get("optional_skills"), resolver),
        languages=_languages(raw.get("languages")),
        location=_location(raw.get("location")),
        remote=bool(raw.get("remote")) or _text(raw.get("work_mode")) == "remote",
        sector=_text(raw.get("sector")) or None,
        salary_max=_number(raw.get("salary_max")) or _number(raw.get("salary_min")),
        age_days=_number(raw.get("age_days")),
        response_rate=_number(raw.get("response_rate")),
    )
    job.occupation = _occupation(raw.get("occupation"), resolver) or (
        resolver.occupation(job.title) if job.title else None
    )
    job.optional_skills = [uri for uri in job.optional_skills if uri not in set(job.required_skills)]
    if not job.required_skills and not job.optional_skills and job.description:
        job.required_skills = resolver.extract(job.description)
    return job


def profile_from(raw: Mapping[str, Any], resolver: Resolver | None = None) -> Profile:
    """A :class:`Profile` from a profile dict."""
    resolver = resolver or Resolver()
    occupations = [uri for uri in (_occupation(o, resolver) for o in _strings(raw.get("occupations"))) if uri]
    profile = Profile(
        id=_id(raw),
        title=_text(raw.get("title")),
        summary=_text(raw.get("summary")),
        occupations=occupations,
        skills=_skills(raw.get("skills"), resolver),
        validated_skills=_skills(raw.get("validated_skills"), resolver),
        languages=_languages(raw.get("languages")),
        location=_location(raw.get("location")),
        mobility_km=_number(raw.get("mobility_km")),
        regions=_strings(raw.get("regions")),
        sectors=_strings(raw.get("sectors")),
        experience_years=max(0.0, _number(raw.get("experience_years")) or 0.0),
        expected_pay=_number(raw.get("expected_pay")),
    )
    if profile.title and not profile.occupations:
        linked = resolver.occupation(profile.title)
        profile.occupations = [linked] if linked else []
    if not profile.skills and profile.summary:
        profile.skills = resolver.extract(profile.summary)
    profile.skills = list(dict.fromkeys([*profile.skills, *profile.validated_skills]))
    return profile


def project_from(raw: Mapping[str, Any], resolver: Resolver | None = None) -> Project:
    resolver = resolver or Resolver()
    project = Project(
        id=_id(raw),
        title=_text(raw.get("title")),
        summary=_text(raw.get("summary")),
        sector=_text(raw.get("sector")) or None,
        skills=_skills(raw.get("skills"), resolver),
        location=_location(raw.get("location")),
        amount=_number(raw.get("amount")),
    )
    if not project.skills and (project.summary or project.title):
        project.skills = resolver.extract(f"{project.title}. {project.summary}")
    return project


def investor_from(raw: Mapping[str, Any], resolver: Resolver | None = None) -> Investor:
    return Investor(
        id=_id(raw),
        summary=_text(raw.get("summary")),
        sectors=_strings(raw.get("sectors")),
        regions=_strings(raw.get("regions")),
        ticket_min=_number(raw.get("ticket_min")),
        ticket_max=_number(raw.get("ticket_max")),
    )
