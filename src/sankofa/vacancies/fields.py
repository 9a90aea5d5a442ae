"""The fields of a vacancy, read and checked the same way from the form, the JSON API and CSV rows.

Every entry point hands `parse` a mapping of field name to text (or list of texts); it returns the typed values
or translated errors by field. Skills, occupations and places may be ESCO URIs / place ids, or free text that
the text engine links when it is confident enough; a name it cannot link is an error, never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from typing import Any, TypeVar

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, i18n, inputs
from sankofa.core.db.types import utcnow
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.reference import place_resolution, vocabulary
from sankofa.reference.place_resolution import PlaceMatch
from sankofa.vacancies.models import SalaryPeriod, Vacancy, VacancySkill, WorkMode

# The columns of the CSV template and the keys of the JSON API, in the template's order.
COLUMNS = (
    "external_ref",
    "title",
    "occupation",
    "description",
    "required_skills",
    "optional_skills",
    "languages",
    "location",
    "work_mode",
    "contract_type",
    "sector",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "positions",
    "start_date",
    "deadline",
    "open_to_abroad",
)
REQUIRED_COLUMNS = ("title",)
# The Vacancy columns `apply` writes from the checked values (besides `external_ref`, the row's key for imports).
VALUE_COLUMNS = (
    "title",
    "description",
    "occupation_uri",
    "languages",
    "country",
    "region",
    "city_id",
    "lat",
    "lon",
    "work_mode",
    "contract_type",
    "sector",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "positions",
    "start_date",
    "deadline",
    "open_to_abroad",
)
MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
MAX_REF = 100
MAX_SKILLS = 40
MAX_SALARY = 1_000_000_000
MAX_POSITIONS = 10_000
# Below these scores free text is not linked: the row says which name was not understood.
OCCUPATION_MIN_SCORE = 0.3
SKILL_MIN_SCORE = 0.85
# Places are linked by name, not by score (`place_resolution`); the job search's place filter still uses this.
PLACE_MIN_SCORE = 0.5
# Bump when `parse` reads the same cells differently: every imported row is then parsed again on its next upload.
PARSE_RULES = 1
# Linking results by (kind, text): a bulk import passes one to `parse` so repeated names are linked once.
LinkMemo = dict[tuple[str, str], Any]
T = TypeVar("T")


def work_modes() -> dict[str, str]:
    return {WorkMode.ON_SITE: _("On site"), WorkMode.HYBRID: _("Hybrid"), WorkMode.REMOTE: _("Remote")}


def salary_periods() -> dict[str, str]:
    return {SalaryPeriod.HOUR: _("per hour"), SalaryPeriod.MONTH: _("per month"), SalaryPeriod.YEAR: _("per year")}


@dataclass
class VacancyValues:
    """A vacancy's fields, checked and linked; `apply` copies them onto a Vacancy row."""

    title: str
    description: str = ""
    external_ref: str | None = None
    occupation_uri: str | None = None
    required_skills: list[str] = field(default_factory=list)
    optional_skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    place_id: str | None = None
    country: str | None = None
    region: str | None = None
    city_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    work_mode: str = WorkMode.ON_SITE
    contract_type: str | None = None
    sector: str | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = None
    salary_period: str = SalaryPeriod.MONTH
    positions: int = 1
    start_date: date | None = None
    deadline: date | None = None
    open_to_abroad: bool = False

    def content_hash(self) -> str:
        """Stable over re-uploads of the same row: an unchanged row is skipped."""
        # The JSON of `asdict(self)` (hashes stored earlier stay valid), without its deep copy: imports hash every row.
        fields = {name: getattr(self, name) for name in _VALUE_FIELDS}
        payload = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()


_VALUE_FIELDS = tuple(f.name for f in dataclass_fields(VacancyValues))


def source_hash(form: Form, *, locale: str) -> str:
    """What `parse` would make of `form`, as a hash: the same cells read in the same locale by the same text engine
    give the same values, so an imported row whose source hash is unchanged need not be parsed again."""
    payload = json.dumps([form, locale, vocabulary.engine().fingerprint, PARSE_RULES], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _memoized(memo: LinkMemo | None, key: tuple[str, str], link: Callable[[], T]) -> T:
    if memo is None:
        return link()
    if key not in memo:
        memo[key] = link()
    return memo[key]


def _occupation(
    form: Form, title: str, errors: dict[str, str], *, locale: str, memo: LinkMemo | None = None
) -> str | None:
    raw = inputs.text(form, "occupation")
    by_uri = vocabulary.engine().taxonomy.occupation_by_uri
    if raw.startswith("http"):
        if raw not in by_uri:
            errors["occupation"] = _("This occupation is not in the ESCO list.")
            return None
        return raw
    text = raw or title
    linked = _memoized(memo, ("occupation", text), partial(vocabulary.link_occupation, text, locale=locale, k=1))
    if linked and linked[0].score >= OCCUPATION_MIN_SCORE:
        return linked[0].id
    if raw:
        errors["occupation"] = _("“%(value)s” was not recognised as an occupation.") % {"value": raw[:80]}
    return None


def _skills(form: Form, name: str, errors: dict[str, str], *, locale: str, memo: LinkMemo | None = None) -> list[str]:
    by_uri = vocabulary.engine().taxonomy.skill_by_uri
    uris: list[str] = []
    unknown: list[str] = []
    for item in inputs.items(form, name):
        if item.startswith("http"):
            (uris if item in by_uri else unknown).append(item)
            continue
        hits = _memoized(memo, ("skill", item), partial(vocabulary.search_skills, item, locale=locale, k=1))
        if hits and hits[0].score >= SKILL_MIN_SCORE:
            uris.append(hits[0].id)
        else:
            unknown.append(item)
    if unknown:
        errors[name] = _("Skills not recognised: %(names)s.") % {"names": ", ".join(u[:60] for u in unknown[:5])}
    if len(uris) > MAX_SKILLS:
        errors[name] = _("At most %(count)s skills.") % {"count": MAX_SKILLS}
    return list(dict.fromkeys(uris))


def _languages(form: Form, errors: dict[str, str]) -> list[str]:
    known = choices.all_language_codes()
    codes = [item.lower() for item in inputs.items(form, "languages")]
    wrong = [code for code in codes if code not in known]
    if wrong:
        errors["languages"] = _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(wrong[:5])}
    return [code for code in codes if code in known]


def _place(
    form: Form, values: VacancyValues, errors: dict[str, str], *, locale: str, memo: LinkMemo | None = None
) -> None:
    raw = inputs.text(form, "location")
    if not raw:
        return
    match: PlaceMatch = _memoized(memo, ("place", raw), partial(place_resolution.resolve, raw, locale=locale))
    if match.place_id is None:
        errors["location"] = _place_error(raw, match)
        return
    place = vocabulary.place(match.place_id)
    values.place_id = match.place_id
    values.country, values.region, values.city_id = place.country, place.region, place.city_id
    values.lat, values.lon = place.lat, place.lon


def _isolated(text: str) -> str:
    """On a right-to-left page a Latin place label inside an Arabic sentence needs isolating, even as plain text
    (the message is also a CSV cell and a JSON string): Unicode's first-strong isolate, the text form of <bdi>."""
    return f"\u2068{text}\u2069" if i18n.is_rtl() else text


def _place_error(raw: str, match: PlaceMatch) -> str:
    """Name the value and offer the places it may mean: the person fixes the cell, nothing is guessed."""
    separator = "\u061b " if i18n.is_rtl() else "; "  # the Arabic semicolon
    places = separator.join(_isolated(label) for label in match.suggestions)
    shown = {"value": _isolated(raw[:80]), "places": places}
    if match.ambiguous:
        example = _isolated(f"{raw.split(',')[0].strip()[:60]}, {match.suggestions[0].rsplit(', ', 1)[-1]}")
        return _(
            "Several places are called “%(value)s”: %(places)s. Add the country after a comma, like “%(example)s”."
        ) % {**shown, "example": example}
    if match.suggestions:
        return _("“%(value)s” was not recognised as a place. Closest known places: %(places)s.") % shown
    return _("“%(value)s” was not recognised as a place.") % shown


@dataclass(frozen=True)
class _ChoiceLabels:
    work_modes: Mapping[str, str]
    contract_types: Mapping[str, str]
    sectors: Mapping[str, str]
    salary_periods: Mapping[str, str]


@lru_cache(maxsize=len(i18n.LOCALES))
def _choice_labels(locale: str) -> _ChoiceLabels:
    """The closed lists a cell may name by label, translated once per locale: an import reads them on every row."""
    with i18n.use_locale(locale):
        return _ChoiceLabels(work_modes(), choices.contract_types(), choices.sectors(), salary_periods())


def prelink(forms: Sequence[Form], *, locale: str, memo: LinkMemo) -> None:
    """Link many vacancies' occupations (one vectorised call) and places (once per distinct text) into `memo`."""
    for place_text in dict.fromkeys(inputs.text(form, "location") for form in forms):
        if place_text and ("place", place_text) not in memo:
            memo[("place", place_text)] = place_resolution.resolve(place_text, locale=locale)
    texts = []
    for form in forms:
        raw = inputs.text(form, "occupation")
        text = raw or inputs.text(form, "title")
        if text and not raw.startswith("http") and ("occupation", text) not in memo:
            texts.append(text)
    texts = list(dict.fromkeys(texts))
    for text, linked in zip(texts, vocabulary.link_occupations(texts, locale=locale, k=1), strict=True):
        memo[("occupation", text)] = linked


def parse(form: Form, *, locale: str, memo: LinkMemo | None = None) -> tuple[VacancyValues | None, dict[str, str]]:
    """Check and link every field of one vacancy.

    Args:
        form: field name → text, or list of texts for skills and languages (see `COLUMNS`).
        locale: the language free-text names are most likely written in.
        memo: linking results shared across calls (bulk imports); None links every name afresh.

    Returns:
        The values (None when any field is wrong) and the errors by field, translated.
    """
    errors: dict[str, str] = {}
    title = inputs.text(form, "title")
    if not title:
        errors["title"] = _("Give the job a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("At most %(count)s characters.") % {"count": MAX_TITLE}
    description = inputs.text(form, "description")
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("At most %(count)s characters.") % {"count": MAX_DESCRIPTION}
    external_ref = inputs.text(form, "external_ref") or None
    if external_ref and len(external_ref) > MAX_REF:
        errors["external_ref"] = _("At most %(count)s characters.") % {"count": MAX_REF}
    values = VacancyValues(title=title[:MAX_TITLE], description=description, external_ref=external_ref)
    values.occupation_uri = _occupation(form, title, errors, locale=locale, memo=memo) if title else None
    values.required_skills = _skills(form, "required_skills", errors, locale=locale, memo=memo)
    values.optional_skills = [
        uri
        for uri in _skills(form, "optional_skills", errors, locale=locale, memo=memo)
        if uri not in values.required_skills
    ]
    values.languages = _languages(form, errors)
    _place(form, values, errors, locale=locale, memo=memo)
    labels = _choice_labels(i18n.get_locale())
    values.work_mode = inputs.choice(form, "work_mode", labels.work_modes, errors, by_label=True) or WorkMode.ON_SITE
    values.contract_type = inputs.choice(form, "contract_type", labels.contract_types, errors, by_label=True)
    values.sector = inputs.choice(form, "sector", labels.sectors, errors, by_label=True)
    values.salary_min = inputs.amount(form, "salary_min", errors, low=0, high=MAX_SALARY)
    values.salary_max = inputs.amount(form, "salary_max", errors, low=0, high=MAX_SALARY)
    if values.salary_min is not None and values.salary_max is not None and values.salary_min > values.salary_max:
        errors["salary_max"] = _("The maximum salary is below the minimum.")
    currency = inputs.text(form, "salary_currency").upper()
    if currency and currency not in choices.CURRENCIES:
        errors["salary_currency"] = _("Unknown currency: use a code such as XOF, MAD or EUR.")
    elif not currency and (values.salary_min is not None or values.salary_max is not None):
        errors["salary_currency"] = _("Give the currency of the salary.")
    values.salary_currency = currency or None
    values.salary_period = (
        inputs.choice(form, "salary_period", labels.salary_periods, errors, by_label=True) or SalaryPeriod.MONTH
    )
    positions = inputs.amount(form, "positions", errors, low=1, high=MAX_POSITIONS)
    values.positions = positions or 1
    values.start_date = inputs.date_value(form, "start_date", errors, earliest=2000, day_first=True)
    values.deadline = inputs.date_value(form, "deadline", errors, earliest=2000, day_first=True)
    values.open_to_abroad = inputs.boolean(form, "open_to_abroad", errors)
    if values.work_mode != WorkMode.REMOTE and values.place_id is None and "location" not in errors:
        errors["location"] = _("Say where the job is, or mark it as remote.")
    return (None if errors else values), errors


def publish_errors(vacancy: Vacancy | VacancyValues, *, today: date | None = None) -> dict[str, str]:
    """What stops a saved vacancy (or checked values about to be saved) from going public, beyond the organisation's
    verification."""
    errors: dict[str, str] = {}
    if len(vacancy.description.strip()) < 30:
        errors["description"] = _("Describe the job in a few sentences before publishing.")
    if vacancy.deadline is not None and vacancy.deadline < (today or datetime.now(UTC).date()):
        errors["deadline"] = _("The deadline has passed.")
    return errors


def apply(vacancy: Vacancy, values: VacancyValues) -> None:
    """Copy the checked values onto the row (skills are written by `replace_skills`)."""
    for name in ("external_ref", *VALUE_COLUMNS):
        setattr(vacancy, name, getattr(values, name))
    vacancy.content_hash = values.content_hash()
    vacancy.source_hash = None  # no longer what a file row said
    vacancy.updated_at = utcnow()


async def replace_skills(session: AsyncSession, *, vacancy_id: int, values: VacancyValues) -> None:
    """The vacancy's skills become exactly the values' required and optional skills."""
    await session.exec(delete(VacancySkill).where(col(VacancySkill.vacancy_id) == vacancy_id))
    session.add_all(
        [VacancySkill(vacancy_id=vacancy_id, skill_uri=uri, required=True) for uri in values.required_skills]
        + [VacancySkill(vacancy_id=vacancy_id, skill_uri=uri, required=False) for uri in values.optional_skills]
    )


def form_values(vacancy: Vacancy, skills: list[VacancySkill]) -> dict[str, Any]:
    """The row as the form's fields, to fill the edit form."""
    return {
        "title": vacancy.title,
        "description": vacancy.description,
        "external_ref": vacancy.external_ref or "",
        "occupation": vacancy.occupation_uri or "",
        "required_skills": [s.skill_uri for s in skills if s.required],
        "optional_skills": [s.skill_uri for s in skills if not s.required],
        "languages": list(vacancy.languages),
        "location": place_id_of(vacancy) or "",
        "work_mode": vacancy.work_mode,
        "contract_type": vacancy.contract_type or "",
        "sector": vacancy.sector or "",
        "salary_min": "" if vacancy.salary_min is None else str(vacancy.salary_min),
        "salary_max": "" if vacancy.salary_max is None else str(vacancy.salary_max),
        "salary_currency": vacancy.salary_currency or "",
        "salary_period": vacancy.salary_period,
        "positions": str(vacancy.positions),
        "start_date": vacancy.start_date.isoformat() if vacancy.start_date else "",
        "deadline": vacancy.deadline.isoformat() if vacancy.deadline else "",
        "open_to_abroad": vacancy.open_to_abroad,
    }


def place_id_of(vacancy: Vacancy) -> str | None:
    if vacancy.city_id is not None:
        return f"city:{vacancy.city_id}"
    if vacancy.region:
        return f"region:{vacancy.region}"
    return f"country:{vacancy.country}" if vacancy.country else None
