"""Import ESCO and the places of West and North Africa into PostgreSQL, idempotently (COPY + upsert)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from matching import geo
from matching.taxonomy import Taxonomy
from sankofa.core.db.engine import sync_url

ESCO_VERSION = "ESCO v1.1.1"
GEO_VERSION = "GeoNames 2026 (West and North Africa)"


def _upsert(
    conn: psycopg.Connection, table: str, columns: Sequence[str], keys: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY rows into a temporary table, then insert-or-update them into `table`."""
    temp = f"_load_{table}"
    conn.execute(f"CREATE TEMP TABLE {temp} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
    column_list = ", ".join(columns)
    count = 0
    with conn.cursor().copy(f"COPY {temp} ({column_list}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c not in keys) or f"{keys[0]} = EXCLUDED.{keys[0]}"
    conn.execute(
        f"INSERT INTO {table} ({column_list}) SELECT DISTINCT ON ({', '.join(keys)}) {column_list} FROM {temp} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    return count


def _record(conn: psycopg.Connection, name: str, version: str, counts: dict[str, int]) -> None:
    conn.execute(
        "INSERT INTO reference_version (name, version, loaded_at, counts) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, loaded_at = EXCLUDED.loaded_at, "
        "counts = EXCLUDED.counts",
        (name, version, datetime.now(UTC), Jsonb(counts)),
    )


def load_esco(conn: psycopg.Connection, taxonomy: Taxonomy) -> dict[str, int]:
    counts = {
        "occupations": _upsert(
            conn,
            "esco_occupation",
            [
                "uri",
                "code",
                "isco_group",
                "label_en",
                "label_fr",
                "alt_labels_en",
                "alt_labels_fr",
                "description_en",
                "description_fr",
            ],
            ["uri"],
            (
                (
                    o.uri,
                    o.code,
                    o.isco_group,
                    o.label_en,
                    o.label_fr,
                    list(o.alt_en),
                    list(o.alt_fr),
                    o.description_en,
                    o.description_fr,
                )
                for o in taxonomy.occupations
            ),
        ),
        "skills": _upsert(
            conn,
            "esco_skill",
            [
                "uri",
                "skill_type",
                "reuse_level",
                "label_en",
                "label_fr",
                "alt_labels_en",
                "alt_labels_fr",
                "description_en",
            ],
            ["uri"],
            (
                (
                    s.uri,
                    s.skill_type,
                    s.reuse_level,
                    s.label_en,
                    s.label_fr,
                    list(s.alt_en),
                    list(s.alt_fr),
                    s.description_en,
                )
                for s in taxonomy.skills
            ),
        ),
    }
    known_skills = set(taxonomy.skill_by_uri)
    counts["occupation_skills"] = _upsert(
        conn,
        "esco_occupation_skill",
        ["occupation_uri", "skill_uri", "relation"],
        ["occupation_uri", "skill_uri"],
        (
            (occ, skill, relation)
            for occ, pairs in taxonomy.occupation_skills.items()
            if occ in taxonomy.occupation_by_uri
            for skill, relation in pairs
            if skill in known_skills
        ),
    )
    groups = [("isco", g) for g in taxonomy.isco_groups.values()] + [
        ("skill", g) for g in taxonomy.skill_groups.values()
    ]
    counts["groups"] = _upsert(
        conn,
        "esco_group",
        ["uri", "kind", "code", "label_en", "label_fr", "level"],
        ["uri"],
        ((g.uri, kind, g.code, g.label_en, g.label_fr, g.level) for kind, g in groups),
    )
    _record(conn, "esco", ESCO_VERSION, counts)
    return counts


def load_geo(conn: psycopg.Connection, places: geo.Places) -> dict[str, int]:
    counts = {
        "countries": _upsert(
            conn,
            "country",
            ["iso2", "iso3", "name_en", "name_fr", "name_ar"],
            ["iso2"],
            ((c.iso2, c.iso3, c.name_en, c.name_fr, c.name_ar) for c in places.countries),
        ),
        "regions": _upsert(
            conn,
            "region",
            ["code", "country_code", "name", "name_ascii", "lat", "lon"],
            ["code"],
            ((r.code, r.country_code, r.name, r.name_ascii, r.lat, r.lon) for r in places.regions),
        ),
        "cities": _upsert(
            conn,
            "city",
            ["geonameid", "name", "country_code", "region_code", "lat", "lon", "population", "alternate_names"],
            ["geonameid"],
            (
                (
                    c.geonameid,
                    c.name,
                    c.country_code,
                    c.region_code or None,
                    c.lat,
                    c.lon,
                    c.population,
                    list(c.alternate_names),
                )
                for c in places.cities
            ),
        ),
    }
    _record(conn, "geo", GEO_VERSION, counts)
    return counts


def load_all(database_url: str, *, esco_dir: Path | None = None, geo_dir: Path | None = None) -> dict[str, Any]:
    """Load (or refresh) all reference data in one transaction; returns counts and the time taken."""
    started = time.monotonic()
    taxonomy = Taxonomy.load(esco_dir)
    places = geo.load_places(geo_dir)
    with psycopg.connect(sync_url(database_url)) as conn, conn.transaction():
        esco = load_esco(conn, taxonomy)
        places_counts = load_geo(conn, places)
    return {"esco": esco, "geo": places_counts, "seconds": round(time.monotonic() - started, 1)}


def loaded_versions(database_url: str) -> dict[str, str]:
    with psycopg.connect(sync_url(database_url)) as conn:
        return dict(conn.execute("SELECT name, version FROM reference_version").fetchall())


def ensure_loaded(database_url: str) -> bool:
    """Load reference data unless this version is already there (first start). True if it loaded."""
    versions = loaded_versions(database_url)
    if versions.get("esco") == ESCO_VERSION and versions.get("geo") == GEO_VERSION:
        return False
    load_all(database_url)
    return True
