"""Stage two: features of (query, candidate) pairs, computed for all candidates at once, and hard filters.

Every function takes the two sides as :class:`Encoded`; one side has a single row (the query) and is broadcast.
Features are in [0, 1]; 0.5 stands for "unknown" so a missing field neither helps nor hurts.
Gender, age, nationality and return status are not fields of any record: they cannot become features.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.geo import haversine_km
from matching.ranking.encode import Encoded

DISTANCE_SCALE_KM = 100.0
FRESHNESS_DAYS = 30.0
UNKNOWN = 0.5
# A job that lists no skills cannot show a fit on skills: less than an unknown field, more than a clear miss.
NO_SKILLS_LISTED = 0.25

JOB_PROFILE_FEATURES = (
    "required_skills",
    "optional_skills",
    "validated_skills",
    "occupation",
    "text",
    "languages",
    "distance",
    "preferences",
    "pay",
    "freshness",
    "response_rate",
    "experience",
)
PROJECT_INVESTOR_FEATURES = ("sector", "region", "ticket", "text")


def _m(a: Encoded, b: Encoded) -> int:
    return max(len(a), len(b))


def _binary(matrix: sp.csr_matrix) -> sp.csr_matrix:
    out = matrix.copy()
    out.data = np.ones_like(out.data)
    return out


def pair_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> np.ndarray:
    """Row-wise dot products of two blocks where either side may be a single row (broadcast)."""
    if a.shape[0] == 1 and b.shape[0] != 1:
        a, b = b, a
    if b.shape[0] == 1:
        return np.asarray(a @ b.toarray().ravel(), dtype=np.float64).ravel()
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def _row_sums(matrix: sp.csr_matrix, m: int) -> np.ndarray:
    sums = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
    return np.broadcast_to(sums, (m,)) if len(sums) == 1 else sums


def _scalar(side: Encoded, name: str, m: int) -> np.ndarray:
    values = side.scalars[name]
    return np.broadcast_to(values, (m,)) if len(values) == 1 else values


def coverage(wanted: sp.csr_matrix, offered: sp.csr_matrix, m: int, *, empty: float) -> np.ndarray:
    """Weighted share of ``wanted`` skills present in ``offered`` (``empty`` where nothing is wanted)."""
    total = _row_sums(wanted, m)
    matched = pair_dot(wanted, _binary(offered))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, matched / np.maximum(total, 1e-9), empty)


def distances(a: Encoded, b: Encoded) -> np.ndarray:
    """(m,) km between the two sides' coordinates (NaN when either is unknown)."""
    m = _m(a, b)
    return haversine_km(_scalar(a, "lat", m), _scalar(a, "lon", m), _scalar(b, "lat", m), _scalar(b, "lon", m))


def has_tag(tags: sp.csr_matrix, columns: np.ndarray, m: int) -> np.ndarray:
    """(m,) whether each row of ``tags`` holds the tag column given for that pair (False for NaN)."""
    columns = np.broadcast_to(columns, (m,))
    known = ~np.isnan(columns)
    out = np.zeros(m, dtype=bool)
    if not known.any():
        return out
    cols = np.where(known, columns, 0).astype(np.int64)
    if tags.shape[0] == 1:
        dense = tags.toarray().ravel()
        out[known] = dense[cols[known]] > 0
    else:
        rows = np.arange(m)[known]
        out[known] = np.asarray(tags[rows, cols[known]]).ravel() > 0
    return out


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values.astype(np.int64)).astype(np.float64)


def job_profile_filter(jobs: Encoded, profiles: Encoded) -> np.ndarray:
    """(m,) pairs that pass the hard filters: languages the job requires, and the person's mobility."""
    m = _m(jobs, profiles)
    required = np.nan_to_num(_scalar(jobs, "lang_mask", m)).astype(np.int64)
    spoken = np.nan_to_num(_scalar(profiles, "lang_mask", m)).astype(np.int64)
    languages_ok = (spoken == 0) | ((required & ~spoken) == 0)
    mobility = _scalar(profiles, "mobility_km", m)
    distance = distances(jobs, profiles)
    remote = _scalar(jobs, "remote", m) > 0
    willing = has_tag(profiles.blocks["tag"], _scalar(jobs, "region_tag", m), m)
    reachable = np.isnan(mobility) | np.isnan(distance) | remote | willing | (distance <= mobility)
    return languages_ok & reachable


def job_profile_features(jobs: Encoded, profiles: Encoded) -> np.ndarray:
    """(m, len(JOB_PROFILE_FEATURES)) features of each (job, profile) pair."""
    m = _m(jobs, profiles)
    required, optional = jobs.blocks["skill"], jobs.blocks["extra"]
    have, validated = profiles.blocks["skill"], profiles.blocks["extra"]
    occupation = np.maximum.reduce(
        [
            1.0 * (pair_dot(jobs.blocks["occ"], profiles.blocks["occ"]) > 0),
            0.6 * (pair_dot(jobs.blocks["isco4"], profiles.blocks["isco4"]) > 0),
            0.3 * (pair_dot(jobs.blocks["isco3"], profiles.blocks["isco3"]) > 0),
        ]
    )
    wanted = np.nan_to_num(_scalar(jobs, "lang_mask", m)).astype(np.int64)
    spoken = np.nan_to_num(_scalar(profiles, "lang_mask", m)).astype(np.int64)
    n_wanted = _popcount(wanted)
    languages = np.where(n_wanted > 0, _popcount(wanted & spoken) / np.maximum(n_wanted, 1), 1.0)
    languages = np.where((spoken == 0) & (n_wanted > 0), UNKNOWN, languages)
    distance_km = distances(jobs, profiles)
    distance = np.where(np.isnan(distance_km), UNKNOWN, np.exp(-np.nan_to_num(distance_km) / DISTANCE_SCALE_KM))
    distance = np.where(_scalar(jobs, "remote", m) > 0, 1.0, distance)
    preferences = np.minimum(pair_dot(jobs.blocks["tag"], profiles.blocks["tag"]) / 2.0, 1.0)
    salary, expected = _scalar(jobs, "salary", m), _scalar(profiles, "expected_pay", m)
    with np.errstate(invalid="ignore", divide="ignore"):
        pay = np.where(
            np.isnan(salary) | np.isnan(expected) | (expected <= 0),
            UNKNOWN,
            np.clip(np.nan_to_num(salary) / np.maximum(np.nan_to_num(expected), 1e-9), 0.0, 1.0),
        )
    age = _scalar(jobs, "age_days", m)
    freshness = np.where(np.isnan(age), UNKNOWN, np.exp(-np.clip(np.nan_to_num(age), 0, None) / FRESHNESS_DAYS))
    response = _scalar(jobs, "response_rate", m)
    response = np.where(np.isnan(response), UNKNOWN, np.clip(np.nan_to_num(response), 0.0, 1.0))
    experience = np.clip(np.nan_to_num(_scalar(profiles, "experience", m)) / 10.0, 0.0, 1.0)
    return np.column_stack(
        [
            coverage(required, have, m, empty=NO_SKILLS_LISTED),
            coverage(optional, have, m, empty=0.0),
            coverage(required, validated, m, empty=0.0),
            occupation,
            np.clip(pair_dot(jobs.blocks["word"], profiles.blocks["word"]), 0.0, 1.0),
            languages,
            distance,
            preferences,
            pay,
            freshness,
            response,
            experience,
        ]
    )


def job_profile_applicable(jobs: Encoded, profiles: Encoded) -> np.ndarray:
    """(m, len(JOB_PROFILE_FEATURES)) whether each feature says something about the pair, from what the job gives.

    A job that lists no optional skills, no languages or no salary gives every person the same value for that
    feature; it cannot count towards how well someone fits (see ``Ranker.match``).
    """
    m = _m(jobs, profiles)
    has = {
        "required_skills": _row_sums(jobs.blocks["skill"], m) > 0,
        "optional_skills": _row_sums(jobs.blocks["extra"], m) > 0,
        "occupation": _row_sums(jobs.blocks["occ"], m) + _row_sums(jobs.blocks["isco3"], m) > 0,
        "text": _row_sums(jobs.blocks["word"], m) > 0,
        "languages": np.nan_to_num(_scalar(jobs, "lang_mask", m)) > 0,
        "distance": ~np.isnan(_scalar(jobs, "lat", m)) | (_scalar(jobs, "remote", m) > 0),
        "preferences": _row_sums(jobs.blocks["tag"], m) > 0,
        "pay": ~np.isnan(_scalar(jobs, "salary", m)),
        "freshness": ~np.isnan(_scalar(jobs, "age_days", m)),
        "response_rate": ~np.isnan(_scalar(jobs, "response_rate", m)),
    }
    has["validated_skills"] = has["required_skills"]
    always = np.ones(m, dtype=bool)
    return np.column_stack([np.broadcast_to(has.get(name, always), (m,)) for name in JOB_PROFILE_FEATURES])


def project_investor_filter(projects: Encoded, investors: Encoded) -> np.ndarray:
    """(m,) pairs where the project is in a region or country the investor funds, when the investor names any."""
    m = _m(projects, investors)
    tags = investors.blocks["tag"]
    places_named = _scalar(investors, "places_named", m) > 0
    place_known = ~np.isnan(_scalar(projects, "region_tag", m)) | ~np.isnan(_scalar(projects, "country_tag", m))
    in_place = has_tag(tags, _scalar(projects, "region_tag", m), m) | has_tag(
        tags, _scalar(projects, "country_tag", m), m
    )
    return ~places_named | ~place_known | in_place


def project_investor_features(projects: Encoded, investors: Encoded) -> np.ndarray:
    """(m, len(PROJECT_INVESTOR_FEATURES)) features of each (project, investor) pair."""
    m = _m(projects, investors)
    tags = investors.blocks["tag"]
    sector_known = ~np.isnan(_scalar(projects, "sector_tag", m))
    sector = np.where(sector_known, has_tag(tags, _scalar(projects, "sector_tag", m), m).astype(float), UNKNOWN)
    places_named = _scalar(investors, "places_named", m) > 0
    in_place = has_tag(tags, _scalar(projects, "region_tag", m), m) | has_tag(
        tags, _scalar(projects, "country_tag", m), m
    )
    region = np.where(places_named, in_place.astype(float), UNKNOWN)
    amount = _scalar(projects, "amount", m)
    low, high = _scalar(investors, "ticket_min", m), _scalar(investors, "ticket_max", m)
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.where(np.isnan(low) | (amount >= low), 1.0, amount / np.maximum(low, 1e-9))
        above = np.where(np.isnan(high) | (amount <= high), 1.0, high / np.maximum(amount, 1e-9))
        ticket = np.where(np.isnan(amount) | (np.isnan(low) & np.isnan(high)), UNKNOWN, np.minimum(below, above))
    text = np.clip(pair_dot(projects.blocks["word"], investors.blocks["word"]), 0.0, 1.0)
    return np.column_stack([sector, region, np.clip(np.nan_to_num(ticket, nan=UNKNOWN), 0, 1), text])
