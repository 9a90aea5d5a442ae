"""Records → sparse blocks and scalar columns in the fixed term space.

Blocks (each a CSR matrix, one row per record):
    ``skill``: the main skills with their specificity (a job's required skills, a person's skills);
    ``extra``: a job's optional skills, a person's validated skills;
    ``occ``/``isco4``/``isco3``: occupations and their ISCO groups (related occupations share groups);
    ``word``: tf·idf of title and text stems; ``tag``: hashed tags (``sector:…``, ``region:…``, ``country:…``).
Scalars: coordinates, language bitmask, pay, freshness... NaN when unknown.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.ranking.records import Investor, Job, Profile, Project, Record
from matching.ranking.vectors import WORD_BUCKETS, TermSpace, rows_matrix

TAG_BUCKETS = 1 << 14
MAX_WORDS = 32
BLOCKS = ("skill", "extra", "occ", "isco4", "isco3", "word", "tag")
SCALARS = (
    "lat",
    "lon",
    "lang_mask",
    "remote",
    "salary",
    "age_days",
    "response_rate",
    "mobility_km",
    "experience",
    "expected_pay",
    "amount",
    "ticket_min",
    "ticket_max",
    "region_tag",  # tag columns of the record's own region, country and sector (NaN when unknown)
    "country_tag",
    "sector_tag",
    "places_named",  # 1 when an investor restricts the regions or countries they fund
)
_LANGUAGE_BITS: dict[str, int] = {}


def language_mask(codes: Sequence[str]) -> float:
    """Languages as bits of a float64-exact integer (52 bits; later codes share the last bit)."""
    mask = 0
    for code in codes:
        bit = _LANGUAGE_BITS.setdefault(code, min(len(_LANGUAGE_BITS), 51))
        mask |= 1 << bit
    return float(mask)


def tag_column(tag: str) -> int:
    return zlib.crc32(tag.encode()) % TAG_BUCKETS


def _tags(*, sectors: Sequence[str] = (), regions: Sequence[str] = (), country: str | None = None) -> dict[int, float]:
    tags = [f"sector:{s}" for s in sectors] + [f"region:{r}" for r in regions]
    if country:
        tags.append(f"country:{country}")
    return {tag_column(tag): 1.0 for tag in tags}


@dataclass
class Encoded:
    """Several records in the term space: ``blocks[name]`` is (n, width) CSR, ``scalars[name]`` is (n,)."""

    ids: list[str]
    blocks: dict[str, sp.csr_matrix]
    scalars: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.ids)


def block_widths(space: TermSpace) -> dict[str, int]:
    return {
        "skill": space.n_skills,
        "extra": space.n_skills,
        "occ": space.n_occupations,
        "isco4": space.n_isco,
        "isco3": space.n_isco,
        "word": WORD_BUCKETS,
        "tag": TAG_BUCKETS,
    }


def _words(space: TermSpace, text: str) -> dict[int, float]:
    words = space.words(text)
    if len(words) > MAX_WORDS:
        words = dict(sorted(words.items(), key=lambda item: -item[1])[:MAX_WORDS])
    return words


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _uris(record: Record) -> tuple[Sequence[str], Sequence[str], Sequence[str]]:
    """The record's skills of the ``skill`` and ``extra`` blocks, and its occupations."""
    if isinstance(record, Job):
        return record.required_skills, record.optional_skills, [record.occupation] if record.occupation else []
    if isinstance(record, Profile):
        return record.skills, record.validated_skills, record.occupations
    if isinstance(record, Project):
        return record.skills, (), ()
    return (), (), ()


def _row(space: TermSpace, record: Record) -> tuple[dict[str, dict[int, float]], dict[str, float]]:
    """The ``word`` and ``tag`` blocks and the scalars of one record (the URI blocks are encoded all at once)."""
    scalars = dict.fromkeys(SCALARS, math.nan)
    if isinstance(record, Job):
        blocks = {
            "word": _words(space, f"{record.title} {record.title} {record.description[:2000]}"),
            "tag": _tags(
                sectors=[record.sector] if record.sector else [],
                regions=[record.location.region] if record.location.region else [],
                country=record.location.country,
            ),
        }
        scalars.update(
            lang_mask=language_mask(record.languages),
            remote=float(record.remote),
            salary=_nan(record.salary_max),
            age_days=_nan(record.age_days),
            response_rate=_nan(record.response_rate),
        )
        location = record.location
    elif isinstance(record, Profile):
        blocks = {
            "word": _words(space, f"{record.title} {record.title} {record.summary[:2000]}"),
            "tag": _tags(
                sectors=record.sectors,
                regions=[*record.regions, *([record.location.region] if record.location.region else [])],
                country=record.location.country,
            ),
        }
        scalars.update(
            lang_mask=language_mask(record.languages),
            mobility_km=_nan(record.mobility_km),
            experience=record.experience_years,
            expected_pay=_nan(record.expected_pay),
        )
        location = record.location
    elif isinstance(record, Project):
        blocks = {
            "word": _words(space, f"{record.title} {record.title} {record.summary[:2000]}"),
            "tag": _tags(
                sectors=[record.sector] if record.sector else [],
                regions=[record.location.region] if record.location.region else [],
                country=record.location.country,
            ),
        }
        scalars.update(amount=_nan(record.amount))
        location = record.location
    else:
        assert isinstance(record, Investor)
        regions = [r for r in record.regions if len(r) > 2]
        countries = [r for r in record.regions if len(r) == 2]
        tags = _tags(regions=regions)
        tags.update({tag_column(f"country:{c.upper()}"): 1.0 for c in countries})
        places_named = bool(tags)
        tags.update(_tags(sectors=record.sectors))
        blocks = {"word": _words(space, record.summary[:2000]), "tag": tags}
        scalars.update(
            ticket_min=_nan(record.ticket_min), ticket_max=_nan(record.ticket_max), places_named=float(places_named)
        )
        location = None
    if location is not None:
        scalars.update(lat=_nan(location.lat), lon=_nan(location.lon))
        if location.region:
            scalars["region_tag"] = float(tag_column(f"region:{location.region}"))
        if location.country:
            scalars["country_tag"] = float(tag_column(f"country:{location.country}"))
    sector = record.sector if isinstance(record, Job | Project) else None
    if sector:
        scalars["sector_tag"] = float(tag_column(f"sector:{sector}"))
    return blocks, scalars


def encode(space: TermSpace, records: Sequence[Record]) -> Encoded:
    """Encode ``records`` (all of one kind) into blocks and scalars."""
    rows = [_row(space, record) for record in records]
    widths = block_widths(space)
    blocks = {name: rows_matrix([row[0].get(name, {}) for row in rows], widths[name]) for name in ("word", "tag")}
    skills, extras, occupations = zip(*map(_uris, records), strict=True) if records else ((), (), ())
    blocks["skill"], blocks["extra"] = space.skill_block(skills), space.skill_block(extras)
    blocks["occ"], blocks["isco4"], blocks["isco3"] = space.occupation_blocks(occupations)
    blocks = {name: blocks[name] for name in BLOCKS}
    scalars = {name: np.array([row[1][name] for row in rows], dtype=np.float64) for name in SCALARS}
    return Encoded(ids=[record.id for record in records], blocks=blocks, scalars=scalars)


def concat(parts: Sequence[Encoded]) -> Encoded:
    """One Encoded from several, rows in order."""
    if len(parts) == 1:
        return parts[0]
    return Encoded(
        ids=[i for part in parts for i in part.ids],
        blocks={name: sp.vstack([p.blocks[name] for p in parts], format="csr") for name in BLOCKS},
        scalars={name: np.concatenate([p.scalars[name] for p in parts]) for name in SCALARS},
    )
