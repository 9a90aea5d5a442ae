"""Dev sets built from the taxonomy with a fixed seed; what they query is removed from the index first.

Occupations: one alternative label per sampled occupation is held out (with its gendered variants) and used as
the query — clean, or perturbed (accents stripped, a typo, another gender spelling, recruiting noise).
Skills: the descriptions and one alternative label of sampled skills are held out; queries are the first
sentence of a description, or sentences listing 2–3 held-out labels (EN or FR) in a template.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from matching.taxonomy import Occupation, Skill, Taxonomy
from matching.text import fold, normalize, split_gendered

_NOISE = ["H/F", "(m/w/d)", "- CDI", "- URGENT", "senior", "junior", "- Dakar", "F/H - Abidjan", "stagiaire"]
_EN_TEMPLATES = [
    "Responsibilities include {items}.",
    "The candidate must be able to {items}.",
    "Experience: {items}.",
    "Main tasks: {items}.",
]
_FR_TEMPLATES = ["Missions : {items}.", "Compétences requises : {items}.", "Vous savez : {items}.", "Profil : {items}."]


@dataclass(frozen=True)
class Query:
    """A dev query: text, relevant URIs and the subset it belongs to."""

    text: str
    relevant: frozenset[str]
    subset: str


@dataclass(frozen=True)
class DevSets:
    """Queries plus the taxonomy copy without any held-out label or description."""

    occupations: list[Query]
    skills: list[Query]
    taxonomy: Taxonomy


def build(taxonomy: Taxonomy, *, seed: int = 13, n_occupations: int = 500, n_skills: int = 400) -> DevSets:
    """Sample the dev sets and the held-out taxonomy copy.

    Args:
        taxonomy: the full taxonomy.
        seed: random seed (everything is deterministic given it).
        n_occupations: occupations sampled per language.
        n_skills: skills sampled for description sentences (label sentences use about as many).

    Returns:
        The dev sets.
    """
    rng = random.Random(seed)  # noqa: S311 (sampling, not security)
    occ_drop: dict[str, set[str]] = {}
    occ_queries: list[Query] = []
    for lang in ("en", "fr"):
        pool = [o for o in taxonomy.occupations if _held_out_candidates(o, lang)]
        for occ in rng.sample(pool, min(n_occupations, len(pool))):
            label = rng.choice(_held_out_candidates(occ, lang))
            forms = {normalize(f) for f in split_gendered(label)}
            alts = occ.alt_en if lang == "en" else occ.alt_fr
            drop = {a for a in alts if forms & {normalize(f) for f in split_gendered(a)}}
            occ_drop.setdefault(occ.uri, set()).update(drop)
            relevant = frozenset({occ.uri})
            occ_queries.append(Query(label, relevant, f"occupation {lang} clean"))
            occ_queries.append(Query(_perturb(label, lang, rng), relevant, "occupation noisy"))

    skill_drop: dict[str, set[str]] = {}
    descriptions: set[str] = set()
    skill_queries: list[Query] = []
    described = [s for s in taxonomy.skills if len(s.description_en) > 40]
    for described_skill in rng.sample(described, min(n_skills, len(described))):
        descriptions.add(described_skill.uri)
        sentence = re.split(r"(?<=[.!?])\s", described_skill.description_en)[0]
        skill_queries.append(Query(sentence, frozenset({described_skill.uri}), "skill description sentence"))
    for lang, templates in (("en", _EN_TEMPLATES), ("fr", _FR_TEMPLATES)):
        skill_pool = [s for s in taxonomy.skills if _skill_alt(s, lang)]
        chosen = rng.sample(skill_pool, min(n_skills, len(skill_pool)))
        for start in range(0, len(chosen) - 2, 3):
            group = chosen[start : start + rng.choice((2, 3))]
            labels = []
            for skill in group:
                label = rng.choice(_skill_alt(skill, lang))
                skill_drop.setdefault(skill.uri, set()).add(label)
                labels.append(label)
            items = ", ".join(labels[:-1]) + (" and " if lang == "en" else " et ") + labels[-1]
            text = rng.choice(templates).format(items=items)
            skill_queries.append(Query(text, frozenset(s.uri for s in group), f"skill {lang} label sentence"))
    held_out = taxonomy.without(occupation_labels=occ_drop, skill_labels=skill_drop, skill_descriptions=descriptions)
    return DevSets(occupations=occ_queries, skills=skill_queries, taxonomy=held_out)


def _held_out_candidates(occ: Occupation, lang: str) -> list[str]:
    """Alternative labels that differ from every preferred form (so that holding them out means something)."""
    preferred = {normalize(occ.label_en)} | {normalize(f) for f in split_gendered(occ.label_fr)}
    alts = occ.alt_en if lang == "en" else occ.alt_fr
    return [a for a in alts if "/" not in a and normalize(a) not in preferred and len(normalize(a)) > 3]


def _skill_alt(skill: Skill, lang: str) -> list[str]:
    preferred = {normalize(skill.label_en), normalize(skill.label_fr)}
    alts = skill.alt_en if lang == "en" else skill.alt_fr
    return [a for a in alts if normalize(a) not in preferred and len(a) > 4]


def _perturb(label: str, lang: str, rng: random.Random) -> str:
    """Strip accents, maybe switch to another gender spelling, add one typo and some recruiting noise."""
    text = fold(label) if rng.random() < 0.7 else label
    if lang == "fr" and rng.random() < 0.5:
        spellings = ("{0}euse", "{0}eur(se)", "{0}eur·euse")
        text = re.sub(r"\b(\w+)eur\b", lambda m: rng.choice(spellings).format(m[1]), text)
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if long_words:
        i = rng.choice(long_words)
        word = words[i]
        j = rng.randrange(1, len(word) - 2)
        kind = rng.randrange(3)
        if kind == 0:
            word = word[:j] + word[j + 1 :]
        elif kind == 1:
            word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
        else:
            word = word[:j] + rng.choice("aeioustrn") + word[j + 1 :]
        words[i] = word
    noise = rng.sample(_NOISE, rng.choice((0, 1, 2)))
    return " ".join([*words, *noise])
