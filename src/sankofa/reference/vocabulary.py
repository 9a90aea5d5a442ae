"""Skills, occupations and places understood from text: autocomplete, occupation linking, skill suggestions.

The engine (matching/) is loaded once per process; labels are shown in the interface language (ESCO has no
Arabic labels: Arabic pages show French ones, the language most returnees to North and West Africa read).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from matching import geo
from matching.engine import TextEngine, load_text_engine
from matching.occupation_guess import guess_occupations
from matching.search import LabelIndex
from sankofa.core.settings import get_settings
from sankofa.reference import place_names as local_place_names

MAX_QUERY = 200


@dataclass(frozen=True)
class Suggestion:
    """One autocomplete or extraction result, ready to show."""

    id: str
    label: str
    score: float
    detail: str = ""
    span: str | None = None


def esco_lang(locale: str) -> str:
    return "en" if locale == "en" else "fr"


@lru_cache(maxsize=1)
def engine() -> TextEngine:
    """The shipped text engine (about two seconds to load; fitted first, once, when its cache is missing or stale)."""
    return load_text_engine(cache_dir=get_settings().engine_cache)


@dataclass(frozen=True)
class _PlaceData:
    """The shipped places, indexed once per process for search and labels."""

    index: LabelIndex
    countries: dict[str, geo.Country]
    regions: dict[str, geo.Region]
    cities: dict[int, geo.City]


@lru_cache(maxsize=1)
def _places() -> _PlaceData:
    places = geo.load_places()
    return _PlaceData(
        index=geo.place_index(places),
        countries={c.iso2: c for c in places.countries},
        regions={r.code: r for r in places.regions},
        cities={c.geonameid: c for c in places.cities},
    )


def warm_up() -> None:
    """Load the engine and the place index now rather than on the first request."""
    engine()
    _places()


def skill_label(uri: str, locale: str) -> str | None:
    skill = engine().taxonomy.skill_by_uri.get(uri)
    return skill.label(esco_lang(locale)) if skill else None


def occupation_label(uri: str, locale: str) -> str | None:
    occupation = engine().taxonomy.occupation_by_uri.get(uri)
    return occupation.label(esco_lang(locale)) if occupation else None


def _concepts(index: LabelIndex, concepts: Mapping[str, Any], q: str, *, locale: str, k: int) -> list[Suggestion]:
    """Search `index` and show each concept's preferred label (the matched label too, when it differs)."""
    lang = esco_lang(locale)
    results = []
    for hit in index.search(q[:MAX_QUERY], k=k, lang=lang):
        concept = concepts.get(str(hit.id))
        if concept is not None:
            label = concept.label(lang)
            results.append(
                Suggestion(
                    id=str(hit.id),
                    label=label,
                    score=round(hit.score, 3),
                    detail=hit.label if hit.label != label else "",
                )
            )
    return results


def search_skills(q: str, *, locale: str, k: int = 10) -> list[Suggestion]:
    return _concepts(engine().skill_index, engine().taxonomy.skill_by_uri, q, locale=locale, k=k)


def search_occupations(q: str, *, locale: str, k: int = 10) -> list[Suggestion]:
    return _concepts(engine().occupation_index, engine().taxonomy.occupation_by_uri, q, locale=locale, k=k)


def _country_name(country: geo.Country, locale: str) -> str:
    return {"fr": country.name_fr, "ar": country.name_ar}.get(locale) or country.name_en


@lru_cache(maxsize=32768)
def place_label(place_id: str, *, locale: str) -> str | None:
    """'Mbour, Thiès, Sénégal' for a city id, 'Dakar, Sénégal' for a region, 'Sénégal' for a country.

    Names are those a reader of `locale` expects ('Gouvernorat de Sfax' in French); a city named like its
    region is not named twice ('Thiès, Sénégal'). Kept per (place, locale): the shipped places never change in a
    process, and a search page names 20 of them (folding each name cost ~1 ms a page).
    """
    data = _places()
    kind, _, key = place_id.partition(":")
    if kind == "country" and key in data.countries:
        return _country_name(data.countries[key], locale)
    if kind == "region" and key in data.regions:
        region = data.regions[key]
        name = local_place_names.region_name(region.name, country=region.country_code, locale=locale)
        return f"{name}, {_country_name(data.countries[region.country_code], locale)}"
    if kind == "city" and key.isascii() and key.isdigit() and int(key) in data.cities:
        city = data.cities[int(key)]
        name = local_place_names.city_name(city.name, country=city.country_code, locale=locale)
        region_name = local_place_names.region_name(city.region_name, country=city.country_code, locale=locale)
        alike = not city.region_name or local_place_names.named_alike(city.name, city.region_name)
        parts = [name] if alike else [name, region_name]
        return ", ".join([*parts, _country_name(data.countries[city.country_code], locale)])
    return None


@dataclass(frozen=True)
class Place:
    """Where a place id points: its country, region and city, and coordinates (a region's are its largest city's)."""

    country: str | None
    region: str | None
    city_id: int | None
    lat: float | None
    lon: float | None


def place(place_id: str) -> Place:
    """The place behind "city:…", "region:…" or "country:…" (all fields None when unknown)."""
    data = _places()
    kind, _, key = place_id.partition(":")
    if kind == "city" and key.isascii() and key.isdigit() and int(key) in data.cities:
        city = data.cities[int(key)]
        region_code = city.region_code if city.region_code in data.regions else None
        return Place(city.country_code, region_code, city.geonameid, city.lat, city.lon)
    if kind == "region" and key in data.regions:
        region = data.regions[key]
        return Place(region.country_code, region.code, None, region.lat, region.lon)
    if kind == "country" and key in data.countries:
        return Place(key, None, None, None, None)
    return Place(None, None, None, None, None)


@dataclass(frozen=True)
class PlaceNames:
    """What a place is called and how big it is: enough to tell a typed name from a guess, and namesakes apart."""

    own: tuple[str, ...]  # its names (a country: in en, fr, ar)
    aliases: tuple[str, ...]  # other spellings GeoNames lists
    within: tuple[str, ...]  # names of its region and country, and the country's ISO codes
    population: int  # a region: its largest city's


@lru_cache(maxsize=1)
def _region_populations() -> dict[str, int]:
    populations: dict[str, int] = {}
    for city in _places().cities.values():
        populations[city.region_code] = max(populations.get(city.region_code, 0), city.population)
    return populations


def place_names(place_id: str) -> PlaceNames | None:
    """The names of the place behind a place id (None when unknown); see `services.place_resolution`."""
    data = _places()
    kind, _, key = place_id.partition(":")

    def country_names(code: str) -> tuple[str, ...]:
        country = data.countries.get(code)
        return (country.name_en, country.name_fr, country.name_ar, country.iso2, country.iso3) if country else ()

    if kind == "city" and key.isascii() and key.isdigit() and int(key) in data.cities:
        city = data.cities[int(key)]
        region = data.regions.get(city.region_code)
        regions = (city.region_name, region.name, region.name_ascii) if region else (city.region_name,)
        within = (*regions, *country_names(city.country_code))
        return PlaceNames((city.name,), city.alternate_names, within, city.population)
    if kind == "region" and key in data.regions:
        region = data.regions[key]
        population = _region_populations().get(key, 0)
        return PlaceNames((region.name, region.name_ascii), (), country_names(region.country_code), population)
    if kind == "country" and key in data.countries:
        country = data.countries[key]
        return PlaceNames((country.name_en, country.name_fr, country.name_ar), (), (), country.population)
    return None


def search_places(q: str, *, locale: str, k: int = 10) -> list[Suggestion]:
    results = []
    for hit in _places().index.search(q[:MAX_QUERY], k=k):
        label = place_label(str(hit.id), locale=locale)
        if label:
            results.append(Suggestion(id=str(hit.id), label=label, score=round(hit.score, 3)))
    return results


def link_occupation(title: str, *, locale: str, k: int = 5) -> list[Suggestion]:
    lang = esco_lang(locale)
    by_uri = engine().taxonomy.occupation_by_uri
    return [
        Suggestion(id=m.uri, label=by_uri[m.uri].label(lang), score=round(m.score, 3))
        for m in engine().linker.link(title[:MAX_QUERY], k=k)
        if m.uri in by_uri
    ]


def link_occupations(titles: list[str], *, locale: str, k: int = 1) -> list[list[Suggestion]]:
    """`link_occupation` for many titles at once (vectorised: several times faster per title)."""
    lang = esco_lang(locale)
    by_uri = engine().taxonomy.occupation_by_uri
    return [
        [
            Suggestion(id=m.uri, label=by_uri[m.uri].label(lang), score=round(m.score, 3))
            for m in matches
            if m.uri in by_uri
        ]
        for matches in engine().linker.link_many([title[:MAX_QUERY] for title in titles], k=k)
    ]


def guess_occupation(text: str, *, locale: str, k: int = 3) -> list[Suggestion]:
    """Occupations a work description or CV names (« Je suis mécanicienne auto… »), best first; [] when none."""
    lang = esco_lang(locale)
    by_uri = engine().taxonomy.occupation_by_uri
    return [
        Suggestion(id=m.uri, label=by_uri[m.uri].label(lang), score=round(m.score, 3))
        for m in guess_occupations(engine().linker, [text], k=k)[0]
        if m.uri in by_uri
    ]


def suggest_skills(text: str, *, locale: str, k: int = 20) -> list[Suggestion]:
    lang = esco_lang(locale)
    by_uri = engine().taxonomy.skill_by_uri
    return [
        Suggestion(id=m.uri, label=by_uri[m.uri].label(lang), score=round(m.score, 3), span=m.span)
        for m in engine().extractor.extract(text, k=k)
        if m.uri in by_uri
    ]
