"""Region and city names in the reader's language.

GeoNames names regions and large cities in English ("Sfax Governorate", "Algiers", "Red Sea"). French pages show
the French name: the ISO 3166-2 French spelling shipped with the places when it only restores accents
("Medea" → "Médéa"), a short table of French exonyms for the names French readers know under another form
("Algiers" → "Alger"), and otherwise the English administrative word turned French ("Sfax Governorate" →
"Gouvernorat de Sfax"). Arabic pages drop the English administrative word (the shipped data has no Arabic names
for regions and cities; their Latin name is shown, isolated from the Arabic text by the templates).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache

from matching import geo
from matching.taxonomy import open_text

# English administrative words GeoNames appends, and how French names the same kind of division.
FRENCH_KINDS = {"Governorate": "Gouvernorat", "Province": "Province", "Region": "Région", "State": "État"}
SUFFIX = re.compile(r"^(?P<name>.+?)\s+(?P<kind>Governorate|Province|Region|State)$")
VOWELS = frozenset("aeiouyhâàéèêîïôûAEIOUYHÂÀÉÈÊÎÏÔÛ")
# Letters a French spelling uses; ISO spellings with others ("Maţrūḩ") are transliterations, not French.
FRENCH_LETTERS = frozenset("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")

# French exonyms of region and city names GeoNames gives in English. Only names whose French form differs.
FRENCH_EXONYMS = {
    # Regions
    "Red Sea": "Mer Rouge",
    "New Valley": "Nouvelle-Vallée",
    "South Sinai": "Sinaï du Sud",
    "North Sinai": "Sinaï du Nord",
    "Faiyum": "Fayoum",
    "Asyut": "Assiout",
    "Beni Suweif": "Beni Suef",
    "Kafr el-Sheikh": "Kafr el-Cheikh",
    "Greater Accra": "Grand Accra",
    "Marrakesh-Safi": "Marrakech-Safi",
    "Tanger-Tetouan-Al Hoceima": "Tanger-Tétouan-Al Hoceïma",
    "Eastern Province": "Province de l'Est",
    "Northern Province": "Province du Nord",
    "Southern Province": "Province du Sud",
    "Western Area": "Zone Ouest",
    "North West": "Nord-Ouest",
    "Banghāzī": "Benghazi",
    "Mişrātah": "Misrata",
    "Kef Governorate": "Gouvernorat du Kef",
    # Regions and cities
    "Algiers": "Alger",
    "Cairo": "Le Caire",
    "Alexandria": "Alexandrie",
    "Giza": "Gizeh",
    "Port Said": "Port-Saïd",
    "Damietta": "Damiette",
    "Luxor": "Louxor",
    "Aswan": "Assouan",
    "Aswān": "Assouan",
    "Ismailia": "Ismaïlia",
    "Assiut": "Assiout",
    # Cities
    "Fes": "Fès",
    "Tangier": "Tanger",
    "Marrakesh": "Marrakech",
    "Meknes": "Meknès",
    "Kenitra": "Kénitra",
    "Misratah": "Misrata",
    "Tobruk": "Tobrouk",
    "Sirte": "Syrte",
    "Timbuktu": "Tombouctou",
    "Aryanah": "Ariana",
    "Sidi Bel Abbes": "Sidi Bel Abbès",
    "Bordj Bou Arreridj": "Bordj Bou Arréridj",
}


def _fold(text: str) -> str:
    """Lower case without accents, spaces or punctuation: "M'Sila" and "M'sila" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum()).lower()


@lru_cache(maxsize=1)
def _iso_accented() -> dict[tuple[str, str], str]:
    """(country, folded name) → the ISO 3166-2 French spelling, where it differs from GeoNames' by accents only."""
    spellings: dict[tuple[str, str], str] = {}
    with open_text(geo.SHIPPED_GEO_DIR, "iso3166_2_subdivisions.csv") as handle:
        for row in csv.DictReader(handle):
            name, name_fr = row["name"], row["name_fr"]
            french = all(ch.isascii() or ch in FRENCH_LETTERS for ch in name_fr)
            if french and _fold(name) == _fold(name_fr):
                spellings[(row["country_code"], _fold(name))] = name_fr
    return spellings


def _french_core(name: str, country: str) -> str:
    exonym = FRENCH_EXONYMS.get(name)
    if exonym:
        return exonym
    accented = _iso_accented().get((country, _fold(name)))
    # Keep GeoNames' spelling when it already carries accents the ISO one lacks.
    if accented and sum(not ch.isascii() for ch in accented) > sum(not ch.isascii() for ch in name):
        return accented
    return name


def region_name(name: str, *, country: str, locale: str) -> str:
    """A GeoNames region name as a reader of `locale` expects it.

    Args:
        name: the GeoNames first-level division name ("Sfax Governorate", "Thiès", "Eastern Province").
        country: its ISO 3166-1 alpha-2 code.
        locale: "fr", "en" or "ar".

    Returns:
        "Gouvernorat de Sfax" in French, "Sfax Governorate" in English, "Sfax" in Arabic.
    """
    if not name or locale == "en":
        return name
    if locale == "fr" and name in FRENCH_EXONYMS:
        return FRENCH_EXONYMS[name]
    match = SUFFIX.match(name)
    if match is None:
        return _french_core(name, country) if locale == "fr" else name
    core = match.group("name")
    if locale != "fr":
        return core
    core = _french_core(core, country)
    kind = FRENCH_KINDS[match.group("kind")]
    return f"{kind} d'{core}" if core[0] in VOWELS else f"{kind} de {core}"


def city_name(name: str, *, country: str, locale: str) -> str:
    """A GeoNames city name as a reader of `locale` expects it ("Algiers" → "Alger" in French)."""
    if locale == "fr":
        return _french_core(name, country)
    return name


def named_alike(city: str, region: str) -> bool:
    """Whether a city shares its region's name ("Sfax" in "Sfax Governorate"): a label then names it once."""
    match = SUFFIX.match(region)
    return _fold(city) == _fold(match.group("name") if match else region)
