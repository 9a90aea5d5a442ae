"""The distance PostgreSQL filters job searches by is the one the engine ranks by (`matching.geo.haversine_km`)."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text

from matching import geo
from sankofa.core.db.engine import run_sql
from sankofa.reference import geo_sql

# (name, lat, lon), GeoNames coordinates of the city centres.
PAIRS = [
    (("Dakar", 14.6937, -17.4441), ("Thiès", 14.7910, -16.9359)),
    (("Rabat", 34.0133, -6.8326), ("Casablanca", 33.5883, -7.6114)),
    (("Bamako", 12.6500, -8.0000), ("Abidjan", 5.3600, -4.0083)),
    (("Lagos", 6.4541, 3.3947), ("Tunis", 36.8190, 10.1658)),
]


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a[0]}-{b[0]}" for a, b in PAIRS])
async def test_postgresql_and_python_agree_on_the_distance_between_two_cities(db, a, b):
    expression = geo_sql.haversine_sql(
        *(f"CAST(:{name} AS double precision)" for name in ("lat1", "lon1", "lat2", "lon2"))
    )
    result = await run_sql(db, text(f"SELECT {expression}"), {"lat1": a[1], "lon1": a[2], "lat2": b[1], "lon2": b[2]})
    in_sql = result.scalar_one()
    assert in_sql == pytest.approx(geo.haversine_km(a[1], a[2], b[1], b[2]), abs=0.1)


def test_dakar_to_thies_is_about_55_km_both_ways():
    (_, lat1, lon1), (_, lat2, lon2) = PAIRS[0]
    assert geo.haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(55.6, abs=1.0)
    assert geo.haversine_km(lat2, lon2, lat1, lon1) == pytest.approx(geo.haversine_km(lat1, lon1, lat2, lon2))


def test_one_call_serves_numbers_and_arrays():
    lat1, lon1, lat2, lon2 = (np.array([pair[i][j] for pair in PAIRS]) for i in (0, 1) for j in (1, 2))
    many = geo.haversine_km(lat1, lon1, lat2, lon2)
    assert many.shape == (len(PAIRS),)
    for k, (a, b) in enumerate(PAIRS):
        assert many[k] == pytest.approx(geo.haversine_km(a[1], a[2], b[1], b[2]))
    assert np.isnan(geo.haversine_km(np.array([np.nan]), lon1[:1], lat2[:1], lon2[:1])[0])


@pytest.mark.parametrize("lat", [0.0, 14.7, 33.6, 36.8])
def test_the_bounding_box_holds_every_point_of_the_circle(lat):
    lon, radius = -7.6, 120.0
    lat0, lat1, lon0, lon1 = geo_sql.bounding_box(lat, lon, radius)
    # Points on a ring just inside the radius, every 5 degrees of bearing.
    bearings = np.radians(np.arange(0, 360, 5))
    angle = (radius - 0.01) / geo.EARTH_RADIUS_KM
    p1 = np.radians(lat)
    p2 = np.arcsin(np.sin(p1) * np.cos(angle) + np.cos(p1) * np.sin(angle) * np.cos(bearings))
    l2 = np.radians(lon) + np.arctan2(
        np.sin(bearings) * np.sin(angle) * np.cos(p1), np.cos(angle) - np.sin(p1) * np.sin(p2)
    )
    ring_lat, ring_lon = np.degrees(p2), np.degrees(l2)
    assert np.all(
        geo.haversine_km(np.full_like(ring_lat, lat), np.full_like(ring_lon, lon), ring_lat, ring_lon) < radius
    )
    assert np.all((lat0 <= ring_lat) & (ring_lat <= lat1) & (lon0 <= ring_lon) & (ring_lon <= lon1))
