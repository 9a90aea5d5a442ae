"""Distances in SQL: the PostgreSQL twin of `matching.geo.haversine_km`, for filters that must run in the database."""

from __future__ import annotations

import math

from matching.geo import EARTH_RADIUS_KM


def haversine_sql(lat1: str, lon1: str, lat2: str, lon2: str) -> str:
    """A SQL expression for the great-circle distance in km, the same formula and radius as `haversine_km`.

    Args:
        lat1, lon1, lat2, lon2: SQL expressions in decimal degrees (columns or bind parameters, e.g. ``v.lat``,
            ``:lat``); they are pasted as given, so never pass text that came from a request.

    Returns:
        The expression; NULL where a coordinate is NULL. `least(1, …)` keeps rounding out of asin's domain.
    """
    h = (
        f"power(sin(radians({lat2} - {lat1}) / 2), 2) "
        f"+ cos(radians({lat1})) * cos(radians({lat2})) * power(sin(radians({lon2} - {lon1}) / 2), 2)"
    )
    return f"(2 * {EARTH_RADIUS_KM!r} * asin(least(1.0, sqrt({h}))))"


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(lat0, lat1, lon0, lon1) in degrees holding every point within `radius_km` of (lat, lon), for index-friendly
    comparisons before `haversine_sql`; never narrower than the circle (the spherical cap's exact extent)."""
    angle = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    ratio = math.sin(min(angle, math.pi / 2)) / max(math.cos(math.radians(lat)), 1e-12)
    dlon = math.degrees(math.asin(ratio)) if ratio < 1 else 180.0
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
