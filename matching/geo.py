"""Countries, regions and cities of West and North Africa (GeoNames, CC BY 4.0) and distances between places.

The shipped copy lives in ``matching/data/geo``; the app imports it into PostgreSQL and builds place pickers on
:func:`place_index`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import numpy as np

from matching.search import LabelIndex
from matching.taxonomy import open_text

SHIPPED_GEO_DIR = Path(__file__).resolve().parent / "data" / "geo"
# The IUGG mean Earth radius, the one radius of the project (the app's SQL distance reads it from here too).
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Country:
    """A country (ISO 3166-1)."""

    iso2: str
    iso3: str
    name_en: str
    name_fr: str
    name_ar: str
    capital: str
    population: int
    geonameid: int


@dataclass(frozen=True, slots=True)
class Region:
    """A GeoNames first-level division; ``lat``/``lon`` are those of its largest city (not a centroid)."""

    code: str
    country_code: str
    name: str
    name_ascii: str
    geonameid: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class City:
    """A populated place with at least 1,000 inhabitants."""

    geonameid: int
    name: str
    country_code: str
    region_code: str
    region_name: str
    lat: float
    lon: float
    population: int
    timezone: str
    alternate_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Places:
    """Everything :func:`load_places` returns."""

    countries: list[Country]
    regions: list[Region]
    cities: list[City]


def load_places(path: str | Path | None = None) -> Places:
    """Load countries, regions and cities from ``path`` (plain or compressed CSVs) or the shipped copy.

    Args:
        path: folder with ``countries.csv``, ``regions.csv``, ``cities.csv``; None for the shipped copy.

    Returns:
        The places, cities sorted by decreasing population.
    """
    folder = Path(path) if path is not None else SHIPPED_GEO_DIR
    countries = [
        Country(
            iso2=row["iso2"],
            iso3=row["iso3"],
            name_en=row["name_en"],
            name_fr=row["name_fr"],
            name_ar=row["name_ar"],
            capital=row["capital"],
            population=int(row["population"] or 0),
            geonameid=int(row["geonameid"] or 0),
        )
        for row in _rows(folder, "countries.csv")
    ]
    regions = [
        Region(
            code=row["admin1_code"],
            country_code=row["country_code"],
            name=row["admin1_name"],
            name_ascii=row["admin1_name_ascii"],
            geonameid=int(row["admin1_geonameid"] or 0),
            lat=float(row["largest_city_lat"]) if row["largest_city_lat"] else None,
            lon=float(row["largest_city_lon"]) if row["largest_city_lon"] else None,
        )
        for row in _rows(folder, "regions.csv")
    ]
    cities = [
        City(
            geonameid=int(row["geonameid"]),
            name=row["name"],
            country_code=row["country_code"],
            region_code=row["admin1_code"],
            region_name=row["admin1_name"],
            lat=float(row["latitude"]),
            lon=float(row["longitude"]),
            population=int(row["population"] or 0),
            timezone=row["timezone"],
            alternate_names=tuple(name for name in row["alternatenames"].split("|") if name),
        )
        for row in _rows(folder, "cities.csv")
    ]
    cities.sort(key=lambda city: (-city.population, city.geonameid))
    return Places(countries=countries, regions=regions, cities=cities)


@overload
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float: ...
@overload
def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray: ...
def haversine_km(
    lat1: float | np.ndarray, lon1: float | np.ndarray, lat2: float | np.ndarray, lon2: float | np.ndarray
) -> float | np.ndarray:
    """Great-circle distance in kilometres between points given in decimal degrees.

    Args:
        lat1, lon1, lat2, lon2: numbers, or arrays that broadcast together (shape (m,) or a single row).

    Returns:
        A float for four numbers, else an array of the broadcast shape; NaN where a coordinate is NaN.
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi, dlambda = phi2 - phi1, np.radians(np.subtract(lon2, lon1))
    h = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return float(km) if np.ndim(km) == 0 else km


def place_index(places: Places) -> LabelIndex:
    """Fit a :class:`LabelIndex` over cities (id ``city:<geonameid>``), regions and countries for place pickers.

    Larger cities rank first among equally good matches.
    """
    items: list[tuple[str, dict[str, list[str]]]] = []
    priors: list[float] = []
    for country in places.countries:
        items.append((f"country:{country.iso2}", {"en": [country.name_en], "fr": [country.name_fr]}))
        priors.append(1.0)
    for region in places.regions:
        items.append((f"region:{region.code}", {"und": [region.name, region.name_ascii]}))
        priors.append(0.6)
    for city in places.cities:
        latin = [name for name in city.alternate_names if name.isascii()][:20]
        items.append((f"city:{city.geonameid}", {"und": [city.name, *latin]}))
        priors.append(min(1.0, math.log10(max(city.population, 1000)) / 7))
    return LabelIndex().fit(items, priors=priors)


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open_text(folder, name) as handle:
        return list(csv.DictReader(handle))
