"""Places typed as text (a CSV cell, an API field, the vacancy form) linked only when the name leaves no doubt.

A text is accepted when it is a place id, or the name of a known place in any spelling GeoNames lists (case and
accents ignored), optionally followed by its region and/or country after commas: "Touba, Sénégal" ("Région de
Dakar", "Gouvernorat de Sfax": a generic word asks for the region, not its namesake city). When the name
belongs to places in different countries or regions, the one far more populous than the others is taken; when
none stands out, the text is refused with the places it may mean. A name that is not known is refused with the
nearest known places: the search engine's closest spelling is suggested, never taken silently (it made
"Atlantide-sur-Mer" a vacancy in Beni Mered, Algeria).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from matching.text import normalize
from sankofa.core.settings import LOCALES
from sankofa.reference import vocabulary
from sankofa.reference.vocabulary import PlaceNames, Suggestion

SEARCHED = 10  # hits looked at for namesakes (Touba has four)
SUGGESTED = 3
SUGGEST_MIN_SCORE = 0.5
# A namesake this many times as populous as every other one is the place meant ("Touba": Senegal's 1.1 million,
# not a village of 29,000 in Côte d'Ivoire); below, the row must say which one.
CLEAR_WINNER = 5.0
# A place reached only through another spelling counts for less than one called so ("Kindia" is Guinea's city,
# not Kindi in Burkina Faso, which GeoNames also spells Kindia).
ALIAS_WEIGHT = 0.2
SPECIFIC = {"city": 0, "region": 1, "country": 2}
# Generic words around a region's name ("Région de Dakar", "Gouvernorat de Sfax", "Kayes Region"), normalised.
REGION_WORDS = re.compile(
    r"^(?:region|province|gouvernorat|governorate|wilaya|prefecture|departement|department)"
    r"(?: (?:de|du|des|d|of|la|l))*\b"
    r"|\b(?:region|governorate|province)$"
)


@dataclass(frozen=True)
class PlaceMatch:
    """The outcome for one text: a place id, or why not with the places to suggest (labels in the locale)."""

    place_id: str | None
    suggestions: tuple[str, ...] = ()
    ambiguous: bool = False  # several places bear the name; `suggestions` lists them


@dataclass(frozen=True)
class _Namesake:
    hit: Suggestion
    names: PlaceNames
    weight: float
    country: str | None
    region: str | None

    @property
    def kind(self) -> str:
        return self.hit.id.partition(":")[0]


def _without_region_words(folded: str) -> str:
    """'region de dakar' → 'dakar', 'sfax governorate' → 'sfax' (on normalised text)."""
    return REGION_WORDS.sub("", folded).strip()


def _namesake(hit: Suggestion, key: str, *, region_only: bool = False) -> _Namesake | None:
    names = vocabulary.place_names(hit.id)
    if names is None:
        return None
    if region_only:
        # "Région de Dakar": the region, whatever generic word its own name carries ("Dakar", "Sfax Governorate").
        if not hit.id.startswith("region:"):
            return None
        own = any(_without_region_words(normalize(name)) == key for name in names.own)
        return _Namesake(hit, names, float(max(names.population, 1)), *_where(hit.id)) if own else None
    own = any(normalize(name) == key for name in names.own)
    if not own and not any(normalize(name) == key for name in names.aliases):
        return None
    weight = max(names.population, 1) * (1.0 if own else ALIAS_WEIGHT)
    return _Namesake(hit, names, weight, *_where(hit.id))


def _where(place_id: str) -> tuple[str | None, str | None]:
    place = vocabulary.place(place_id)
    return place.country, place.region


def _shown_within(candidate: _Namesake) -> list[str]:
    """Region and country as the app's labels name them in each language ("Gouvernorat de Sfax"): typed back too."""
    parts: list[str] = []
    for locale in LOCALES:
        parts += (vocabulary.place_label(candidate.hit.id, locale=locale) or "").split(", ")[1:]
        if candidate.kind == "city" and candidate.region:
            parts += (vocabulary.place_label(f"region:{candidate.region}", locale=locale) or "").split(", ")
    return parts


def _lies_in(candidate: _Namesake, qualifier: str) -> bool:
    """'Sénégal', 'SN', 'Thiès' or 'Tunis' (for "Tunis Governorate") name where the candidate lies."""
    for name in (*candidate.names.within, *_shown_within(candidate)):
        folded = normalize(name)
        if folded and (folded == qualifier or folded.startswith(qualifier + " ")):
            return True
    return False


def _same_place(a: _Namesake, b: _Namesake) -> bool:
    """Dakar the city, Dakar the region and Senegal do not contradict each other; Touba (SN) and Touba (CI) do."""
    return a.country == b.country and (a.region is None or b.region is None or a.region == b.region)


def _labels(hits: Iterable[Suggestion]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(hit.label for hit in hits))[:SUGGESTED]


def resolve(text: str, *, locale: str) -> PlaceMatch:
    """Link `text` to a place only when its name is certain (see the module docstring).

    Args:
        text: what was typed: "Thiès", "thies", "Touba, Sénégal", "city:2244802".
        locale: the language of the suggested labels.

    Returns:
        The place id, or None with up to SUGGESTED labels of the places nearest to the text.
    """
    raw = text.strip()
    if not raw:
        return PlaceMatch(None)
    if vocabulary.place_label(raw, locale=locale):
        return PlaceMatch(raw)
    name, *rest = (part.strip() for part in raw.split(","))
    key = normalize(name)
    qualifiers = [folded for folded in (normalize(part) for part in rest) if folded]
    bare = _without_region_words(key)
    region_only = bool(bare) and bare != key
    if region_only:
        key, name = bare, bare
    hits = vocabulary.search_places(name, locale=locale, k=SEARCHED) if key else []
    namesakes = [found for hit in hits if (found := _namesake(hit, key, region_only=region_only))]
    fitting = [n for n in namesakes if all(_lies_in(n, q) for q in qualifiers)]
    if not fitting:
        # "Thiès, Mali": the name is known but not there; offer where it is. Otherwise the closest spellings.
        nearest = [n.hit for n in namesakes] or [hit for hit in hits if hit.score >= SUGGEST_MIN_SCORE]
        return PlaceMatch(None, suggestions=_labels(nearest))
    ranked = sorted(fitting, key=lambda n: (-n.weight, SPECIFIC[n.kind]))
    top = ranked[0]
    rivals = [n for n in ranked[1:] if not _same_place(n, top)]
    if rivals and top.weight < CLEAR_WINNER * rivals[0].weight:
        return PlaceMatch(None, suggestions=_labels(n.hit for n in [top, *rivals]), ambiguous=True)
    if top.kind == "country":
        return PlaceMatch(top.hit.id)
    # The most precise reading: "Thiès" is the city, not the region around it.
    chosen = min((n for n in ranked if _same_place(n, top)), key=lambda n: (SPECIFIC[n.kind], -n.weight))
    return PlaceMatch(chosen.hit.id)
