"""The ESCO taxonomy (occupations, skills, relations, ISCO groups, skill groups) loaded from CSV.

Reads either a folder laid out like ESCO's reshaped export (``occupations.csv`` …) or the compressed copy shipped
in ``matching/data/esco`` (``occupations.csv.xz`` …). This service uses the ESCO classification of the European
Commission.
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

SHIPPED_ESCO_DIR = Path(__file__).resolve().parent / "data" / "esco"
ESCO_FILES = (
    "occupations.csv",
    "skills.csv",
    "occupation_skill_relations.csv",
    "isco_groups.csv",
    "skill_groups.csv",
    "skill_hierarchy.csv",
    "occupation_hierarchy.csv",
    "skill_skill_relations.csv",
)


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with its labels in English and French."""

    uri: str
    code: str
    isco_group: str
    label_en: str
    label_fr: str
    alt_en: tuple[str, ...] = ()
    alt_fr: tuple[str, ...] = ()
    description_en: str = ""
    description_fr: str = ""

    def label(self, lang: str | None = "en") -> str:
        """Preferred label in ``lang`` (falls back to English)."""
        return self.label_fr if lang == "fr" and self.label_fr else self.label_en


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill or knowledge concept."""

    uri: str
    skill_type: str
    reuse_level: str
    label_en: str
    label_fr: str
    alt_en: tuple[str, ...] = ()
    alt_fr: tuple[str, ...] = ()
    description_en: str = ""

    def label(self, lang: str | None = "en") -> str:
        """Preferred label in ``lang`` (falls back to English when ESCO has no French label)."""
        return self.label_fr if lang == "fr" and self.label_fr else self.label_en


@dataclass(frozen=True, slots=True)
class Group:
    """An ISCO group (occupations) or an ESCO skill group."""

    uri: str
    code: str
    label_en: str
    label_fr: str
    description_en: str = ""
    level: int = 0


@dataclass(slots=True)
class Taxonomy:
    """All of ESCO that the engine uses, with lookups by URI.

    Attributes:
        occupations: occupations in file order.
        skills: skills in file order.
        occupation_skills: occupation URI → list of (skill URI, ``"essential"``/``"optional"``).
        isco_groups: ISCO code → group.
        skill_groups: skill group URI → group.
        skill_broader: skill or skill group URI → broader concept URIs.
        occupation_broader: occupation or ISCO URI → broader concept URIs.
        skill_related: skill URI → related skill URIs (skill_skill_relations).
    """

    occupations: list[Occupation]
    skills: list[Skill]
    occupation_skills: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    isco_groups: dict[str, Group] = field(default_factory=dict)
    skill_groups: dict[str, Group] = field(default_factory=dict)
    skill_broader: dict[str, list[str]] = field(default_factory=dict)
    occupation_broader: dict[str, list[str]] = field(default_factory=dict)
    skill_related: dict[str, list[str]] = field(default_factory=dict)
    occupation_by_uri: dict[str, Occupation] = field(init=False, repr=False)
    skill_by_uri: dict[str, Skill] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.occupation_by_uri = {occ.uri: occ for occ in self.occupations}
        self.skill_by_uri = {skill.uri: skill for skill in self.skills}

    @classmethod
    def load(cls, path: str | Path | None = None) -> Taxonomy:
        """Load ESCO from ``path`` (plain or ``.xz``/``.gz`` CSVs), or the shipped copy when ``path`` is None.

        Args:
            path: folder holding ``occupations.csv``, ``skills.csv`` … (optionally compressed).

        Returns:
            The loaded taxonomy.

        Raises:
            FileNotFoundError: if a required file is missing.
        """
        folder = Path(path) if path is not None else SHIPPED_ESCO_DIR
        occupations = [
            Occupation(
                uri=row["conceptUri"],
                code=row["escoCode"],
                isco_group=row["iscoGroup"],
                label_en=row["preferredLabel_en"],
                label_fr=row["preferredLabel_fr"],
                alt_en=_split(row["altLabels_en"]),
                alt_fr=_split(row["altLabels_fr"]),
                description_en=row["description_en"],
                description_fr=row["description_fr"],
            )
            for row in _rows(folder, "occupations.csv")
        ]
        skills = [
            Skill(
                uri=row["conceptUri"],
                skill_type=row["skillType"],
                reuse_level=row["reuseLevel"],
                label_en=row["preferredLabel_en"],
                label_fr=row["preferredLabel_fr"],
                alt_en=_split(row["altLabels_en"]),
                alt_fr=_split(row["altLabels_fr"]),
                description_en=row["description_en"],
            )
            for row in _rows(folder, "skills.csv")
        ]
        occupation_skills: dict[str, list[tuple[str, str]]] = {}
        for occupation, relation, skill_uri in _columns(
            folder, "occupation_skill_relations.csv", "occupationUri", "relationType", "skillUri"
        ):
            occupation_skills.setdefault(occupation, []).append((skill_uri, relation))
        isco_groups = {
            row["code"]: Group(
                row["conceptUri"],
                row["code"],
                row["preferredLabel_en"],
                row["preferredLabel_fr"],
                row["description_en"],
                int(row["level"] or 0),
            )
            for row in _rows(folder, "isco_groups.csv")
        }
        skill_groups = {
            row["conceptUri"]: Group(
                row["conceptUri"],
                row["code"],
                row["preferredLabel_en"],
                row["preferredLabel_fr"],
                row["description_en"],
            )
            for row in _rows(folder, "skill_groups.csv")
        }
        return cls(
            occupations=occupations,
            skills=skills,
            occupation_skills=occupation_skills,
            isco_groups=isco_groups,
            skill_groups=skill_groups,
            skill_broader=_edges(folder, "skill_hierarchy.csv", "conceptUri", "broaderUri"),
            occupation_broader=_edges(folder, "occupation_hierarchy.csv", "conceptUri", "broaderUri"),
            skill_related=_edges(folder, "skill_skill_relations.csv", "originalSkillUri", "relatedSkillUri"),
        )

    def without(
        self,
        *,
        occupation_labels: dict[str, set[str]] | None = None,
        skill_labels: dict[str, set[str]] | None = None,
        skill_descriptions: set[str] | None = None,
    ) -> Taxonomy:
        """Copy of the taxonomy with some alternative labels and skill descriptions removed (for held-out tests).

        Args:
            occupation_labels: occupation URI → alt labels (EN or FR) to drop.
            skill_labels: skill URI → alt labels (EN or FR) to drop.
            skill_descriptions: URIs of skills whose description is dropped.

        Returns:
            A new taxonomy sharing everything else with this one.
        """
        occ_drop = occupation_labels or {}
        skill_drop = skill_labels or {}
        desc_drop = skill_descriptions or set()
        occupations = [
            replace(
                occ,
                alt_en=tuple(a for a in occ.alt_en if a not in occ_drop[occ.uri]),
                alt_fr=tuple(a for a in occ.alt_fr if a not in occ_drop[occ.uri]),
            )
            if occ.uri in occ_drop
            else occ
            for occ in self.occupations
        ]
        skills = []
        for skill in self.skills:
            if skill.uri in skill_drop:
                dropped = skill_drop[skill.uri]
                skill = replace(
                    skill,
                    alt_en=tuple(a for a in skill.alt_en if a not in dropped),
                    alt_fr=tuple(a for a in skill.alt_fr if a not in dropped),
                )
            if skill.uri in desc_drop:
                skill = replace(skill, description_en="")
            skills.append(skill)
        return Taxonomy(
            occupations=occupations,
            skills=skills,
            occupation_skills=self.occupation_skills,
            isco_groups=self.isco_groups,
            skill_groups=self.skill_groups,
            skill_broader=self.skill_broader,
            occupation_broader=self.occupation_broader,
            skill_related=self.skill_related,
        )


def open_text(folder: Path, name: str) -> io.TextIOBase:
    """Open ``folder/name`` as UTF-8 text, or its ``.xz``/``.gz`` compressed variant.

    Raises:
        FileNotFoundError: if none of the variants exists.
    """
    plain = folder / name
    if plain.exists():
        return plain.open(encoding="utf-8", newline="")
    if (folder / f"{name}.xz").exists():
        return lzma.open(folder / f"{name}.xz", "rt", encoding="utf-8", newline="")
    if (folder / f"{name}.gz").exists():
        return gzip.open(folder / f"{name}.gz", "rt", encoding="utf-8", newline="")
    raise FileNotFoundError(f"{plain} (or .xz/.gz) not found")


def _rows(folder: Path, name: str) -> Iterator[dict[str, str]]:
    with open_text(folder, name) as handle:
        yield from csv.DictReader(handle)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _columns(folder: Path, name: str, *columns: str) -> Iterator[tuple[str, ...]]:
    """Yield the given columns (two or more) of each row (much faster than DictReader on the large relation files)."""
    with open_text(folder, name) as handle:
        reader = csv.reader(handle)
        header = next(reader)
        yield from map(operator.itemgetter(*(header.index(column) for column in columns)), reader)


def _edges(folder: Path, name: str, source: str, target: str) -> dict[str, list[str]]:
    edges: dict[str, list[str]] = {}
    for start, end in _columns(folder, name, source, target):
        edges.setdefault(start, []).append(end)
    return edges
