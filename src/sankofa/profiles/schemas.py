"""The profile as read by others and by its owner (the JSON API's response bodies, typed).

`profiles.view.build` decides what leaves the server (only the field groups the viewer may see); these Structs say
what it looks like. A field of a hidden group is UNSET, so it is absent from the JSON, not null: absent means "not
yours to see", null means "not filled in". `forbid_unknown_fields`: a key `build` adds without a field here is an
error in the tests, not a silent loss.
"""

from __future__ import annotations

from msgspec import UNSET, Struct, UnsetType


class Read(Struct, forbid_unknown_fields=True, omit_defaults=True):
    """Base of response bodies: unknown keys refused, unset fields omitted."""


class CodeLabel(Read):
    code: str
    label: str


class UriLabel(Read):
    uri: str
    label: str


class SkillRead(Read):
    id: int
    uri: str
    label: str
    level: str | None
    acquired: str | None
    validated: bool
    validated_at: str | None
    validated_by: str | None
    evidence: str | None


class ExperienceRead(Read):
    id: int
    title: str
    occupation_uri: str | None
    occupation_label: str | None
    description: str
    country: str | None
    acquired: str | None
    years: float | None


class EducationRead(Read):
    id: int
    level: str | None
    title: str
    institution: str | None
    country: str | None
    year: int | None


class LanguageRead(Read):
    id: int
    language: str
    level: str | None


class CertificationRead(Read):
    id: int
    name: str
    issuer: str | None
    year: int | None


class MeasureRead(Read):
    id: int
    kind: str
    description: str
    started_on: str | None
    ended_on: str | None
    amount: int | None
    currency: str | None


class ProfileRead(Read):
    """A returnee profile as the viewer may see it: `visible_fields` names the groups present."""

    id: str
    handle: str
    visible_fields: list[str]
    deleted: bool | UnsetType = UNSET
    # identity
    full_name: str | UnsetType | None = UNSET
    # demographics
    gender: str | UnsetType | None = UNSET
    birth_year: int | UnsetType | None = UNSET
    nationality: str | UnsetType | None = UNSET
    # contact
    email: str | UnsetType | None = UNSET
    phone: str | UnsetType | None = UNSET
    # return
    return_status: str | UnsetType | None = UNSET
    host_country: str | UnsetType | None = UNSET
    expected_return_on: str | UnsetType | None = UNSET
    returned_on: str | UnsetType | None = UNSET
    # professional
    summary: str | UnsetType | None = UNSET
    origin_country: str | UnsetType | None = UNSET
    origin_region: str | UnsetType | None = UNSET
    origin_region_label: str | UnsetType | None = UNSET
    mobility_regions: list[CodeLabel] | UnsetType = UNSET
    desired_occupations: list[UriLabel] | UnsetType = UNSET
    sectors: list[str] | UnsetType = UNSET
    contract_types: list[str] | UnsetType = UNSET
    available_from: str | UnsetType | None = UNSET
    skills: list[SkillRead] | UnsetType = UNSET
    experiences: list[ExperienceRead] | UnsetType = UNSET
    education: list[EducationRead] | UnsetType = UNSET
    languages: list[LanguageRead] | UnsetType = UNSET
    certifications: list[CertificationRead] | UnsetType = UNSET
    experience_years: float | UnsetType = UNSET
    # pay
    expected_pay: int | UnsetType | None = UNSET
    pay_currency: str | UnsetType | None = UNSET
    # needs
    needs: list[str] | UnsetType = UNSET
    measures: list[MeasureRead] | UnsetType = UNSET


class NextStepRead(Read):
    message: str
    step: str


class OwnProfileRead(ProfileRead):
    """The owner's whole profile, with how complete it is and what to do next."""

    completeness: int | UnsetType = UNSET
    next_steps: list[NextStepRead] | UnsetType = UNSET


class OccupationGuess(Read):
    uri: str
    label: str
    score: float


class SkillGuess(Read):
    uri: str
    label: str
    score: float
    span: str | None


class TextAnalysis(Read):
    """What a text (a CV, a work description) suggests: occupations and ESCO skills, strongest first."""

    occupations: list[OccupationGuess]
    skills: list[SkillGuess]
