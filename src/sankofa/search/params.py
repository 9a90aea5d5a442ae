"""The parameters of a job search, read from a query string (the /jobs page, the JSON API, a saved search).

Every value arrives as text; `parse` returns the typed parameters and translated errors by field, so a bad
value is shown next to its field (422), never a 500. `SearchParams.to_query` is the canonical query string:
what shareable URLs, pager links and saved searches carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sankofa.core import choices, inputs
from sankofa.core.i18n import gettext as _
from sankofa.reference import vocabulary
from sankofa.vacancies import fields as vacancy_fields

PER_PAGE = 20
# The exact count stops here ("More than 1,000 jobs"), and so do the pages (50 of 20), as on the large job boards:
# the matches are read once, ordered and cut here, so a page and the count cost one bounded scan; nobody reads
# further, and a narrower search serves better than page 51.
COUNT_CAP = 1_000
MAX_PAGE = COUNT_CAP // PER_PAGE
MAX_QUERY = 200
MAX_RADIUS_KM = 500
# A city without a radius means "around this city".
DEFAULT_CITY_RADIUS_KM = 25
RADII_KM = (10, 25, 50, 100, 200)
SINCE_DAYS = (1, 7, 30)
SORTS = ("relevance", "date", "fit")
PLACE_MIN_SCORE = vacancy_fields.PLACE_MIN_SCORE
OCCUPATION_MIN_SCORE = vacancy_fields.OCCUPATION_MIN_SCORE
# Parameters a search understands, in the order of canonical URLs.
NAMES = (
    "q",
    "place",
    "radius_km",
    "sector",
    "occupation",
    "contract",
    "work_mode",
    "salary_min",
    "currency",
    "since",
    "abroad",
    "sort",
    "page",
)


@dataclass(frozen=True)
class SearchParams:
    """A checked search. Empty strings and None mean "no filter"."""

    q: str = ""
    place: str = ""  # "city:<geonameid>", "region:<code>" or "country:<iso2>"
    radius_km: int | None = None
    sector: str = ""
    occupation: str = ""  # ESCO occupation URI
    contract: str = ""
    work_mode: str = ""
    salary_min: int | None = None
    currency: str = ""
    since: int | None = None  # days
    abroad: bool = False
    sort: str = ""  # "" = relevance with words, else date
    page: int = 1

    def effective_sort(self, *, can_fit: bool) -> str:
        """The order actually used: fit only for a returnee with a profile, relevance only with words."""
        if self.sort == "fit" and can_fit:
            return "fit"
        if self.sort in ("", "relevance") and self.q:
            return "relevance"
        return "date"

    def to_query(self, **changes: Any) -> dict[str, str]:
        """The canonical query string (defaults left out), optionally with some values changed."""
        values = {**asdict(self), **changes}
        query: dict[str, str] = {}
        for name in NAMES:
            value = values[name]
            if value in (None, "", False) or (name == "page" and value == 1):
                continue
            query[name] = "1" if value is True else str(value)
        return query

    @property
    def filter_count(self) -> int:
        """How many filters beyond the words narrow the search (the empty state suggests dropping them)."""
        query = self.to_query(q="", sort="", page=1, currency="", radius_km=None)
        return len(query)


def _place(raw: Mapping[str, Any], errors: dict[str, str], *, locale: str) -> str:
    """A place id; without JavaScript the autocomplete posts the typed text as `place_text`, linked here."""
    place_id, typed = inputs.text(raw, "place"), inputs.text(raw, "place_text")
    if place_id:
        if vocabulary.place_label(place_id, locale=locale) is None:
            errors["place"] = _("Choose a place from the list.")
            return ""
        return place_id
    if typed:
        hits = vocabulary.search_places(typed, locale=locale, k=1)
        if hits and hits[0].score >= PLACE_MIN_SCORE:
            return hits[0].id
        errors["place"] = _("“%(value)s” was not recognised as a place.") % {"value": typed[:80]}
    return ""


def _occupation(raw: Mapping[str, Any], errors: dict[str, str], *, locale: str) -> str:
    uri, typed = inputs.text(raw, "occupation"), inputs.text(raw, "occupation_text")
    if uri:
        if uri not in vocabulary.engine().taxonomy.occupation_by_uri:
            errors["occupation"] = _("This occupation is not in the ESCO list.")
            return ""
        return uri
    if typed:
        linked = vocabulary.link_occupation(typed, locale=locale, k=1)
        if linked and linked[0].score >= OCCUPATION_MIN_SCORE:
            return linked[0].id
        errors["occupation"] = _("“%(value)s” was not recognised as an occupation.") % {"value": typed[:80]}
    return ""


def parse(raw: Mapping[str, Any], *, locale: str) -> tuple[SearchParams, dict[str, str]]:
    """Check every search parameter.

    Args:
        raw: query parameters as text (unknown names are ignored).
        locale: the language typed place and occupation names are most likely written in.

    Returns:
        The parameters (invalid ones left at their default) and the errors by field, translated.
    """
    errors: dict[str, str] = {}
    q = " ".join(inputs.text(raw, "q").split())
    if len(q) > MAX_QUERY:
        errors["q"] = _("At most %(count)s characters.") % {"count": MAX_QUERY}
        q = ""
    place = _place(raw, errors, locale=locale)
    radius = inputs.int_value(raw, "radius_km", errors, low=1, high=MAX_RADIUS_KM)
    if radius is not None and "place" not in errors:
        if not place:
            errors["radius_km"] = _("Choose a city or a region to search around.")
        elif place.startswith("country:"):
            errors["radius_km"] = _("A distance needs a city or a region, not a whole country.")
    salary = inputs.int_value(raw, "salary_min", errors, low=0, high=vacancy_fields.MAX_SALARY)
    currency = inputs.text(raw, "currency").upper()
    if currency and currency not in choices.CURRENCIES:
        errors["currency"] = _("Unknown currency: use a code such as XOF, MAD or EUR.")
        currency = ""
    if salary is not None and not currency and "currency" not in errors:
        errors["currency"] = _("Choose the currency of the salary.")
    since = inputs.int_value(raw, "since", errors, low=1, high=max(SINCE_DAYS))
    if since is not None and since not in SINCE_DAYS:
        errors["since"] = _("Choose 1, 7 or 30 days.")
        since = None
    sort = inputs.text(raw, "sort")
    if sort and sort not in SORTS:
        errors["sort"] = _("Sort by relevance, date or fit.")
        sort = ""
    page = inputs.int_value(raw, "page", errors, low=1, high=MAX_PAGE)
    params = SearchParams(
        q=q,
        place=place,
        radius_km=radius if "radius_km" not in errors else None,
        sector=inputs.choice(raw, "sector", choices.sectors(), errors) or "",
        occupation=_occupation(raw, errors, locale=locale),
        contract=inputs.choice(raw, "contract", choices.contract_types(), errors) or "",
        work_mode=inputs.choice(raw, "work_mode", vacancy_fields.work_modes(), errors) or "",
        salary_min=salary,
        currency=currency,
        since=since,
        abroad=inputs.boolean(raw, "abroad", errors),
        sort=sort,
        page=page or 1,
    )
    return params, errors
