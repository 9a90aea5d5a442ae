"""Training queries for the learned re-rankers, made from the taxonomy the engine is fitted on.

Job titles: held-out alternative labels, and existing labels, dressed the way real vacancy titles are
("Développeuse web senior H/F - URGENT - Dakar", "Resp. logistique (CDI)", "Chauffeur PL"): gender marks, seniority,
contract and recruiting words, places, abbreviations, dropped words, typos, casing. Skill texts: job-ad sentences
listing held-out skill labels in running prose. Everything is driven by an explicit ``random.Random``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from matching.lexicon import ABBREVIATIONS
from matching.taxonomy import Taxonomy
from matching.text import fold, normalize, split_gendered

_SENIORITY = ["senior", "junior", "Sr.", "Jr", "confirmé", "expérimenté(e)", "débutant accepté", "stagiaire", "lead"]
_CONTRACT = ["CDI", "CDD", "CDD 6 mois", "intérim", "temps plein", "full-time", "part-time", "freelance", "stage"]
_RECRUITING = [
    "URGENT",
    "Urgent !",
    "Recrutement",
    "Nous recrutons",
    "we're hiring",
    "Offre d'emploi",
    "Poste à pourvoir",
]
_GENDER = ["H/F", "(H/F)", "F/H", "(m/f)", "(m/w/d)", "M/F", "h/f"]
_SEPARATORS = [" - ", " | ", " – ", ", ", " / "]
_FEMININE = [("eur", "euse"), ("eur", "eur(se)"), ("eur", "eur·euse"), ("eur", "eur/euse"), ("ien", "ienne"),
             ("ier", "ière"), ("ier", "ier(e)"), ("teur", "trice"), ("ant", "ante"), ("ant", "ant(e)")]  # fmt: skip

# Folded long form → short forms seen in titles (the inverse of the expansions the linker applies).
_SHORT_FORMS: dict[str, list[str]] = {}
for _short, _long in ABBREVIATIONS.items():
    for _word in _long.split()[:1]:
        if _long and len(_short) >= 2 and _word not in ("de", "of"):
            _SHORT_FORMS.setdefault(_word, []).append(_short)


def noisy_title(label: str, rng: random.Random, *, places: Sequence[str] = ()) -> str:
    """Dress a clean occupation label as a vacancy title.

    Args:
        label: a clean label ("développeur web").
        rng: the random source.
        places: place names that may be appended.

    Returns:
        A noisy title; the occupation words are kept (up to abbreviations, gender spellings and one typo).
    """
    words = label.split()
    if rng.random() < 0.3:
        words = [_feminine(word, rng) for word in words]
    if rng.random() < 0.25:
        words = [_abbreviate(word, rng) for word in words]
    if len(words) >= 3 and rng.random() < 0.15:
        words.pop(rng.randrange(1, len(words)))  # real titles are shorter than ESCO's labels
    if rng.random() < 0.5:
        words = _typo(words, rng)
    text = " ".join(words)
    if rng.random() < 0.4:
        text = fold(text)
    if rng.random() < 0.15:
        text = text.upper() if rng.random() < 0.5 else text.title()
    extras: list[str] = []
    for pool, chance in ((_GENDER, 0.35), (_SENIORITY, 0.25), (_CONTRACT, 0.25), (_RECRUITING, 0.15)):
        if rng.random() < chance:
            extras.append(rng.choice(pool))
    if places and rng.random() < 0.3:
        extras.append(rng.choice(places).title())
    rng.shuffle(extras)
    for extra in extras:
        if rng.random() < 0.3:
            text = f"{extra} {text}" if rng.random() < 0.3 else f"{text} ({extra})"
        else:
            text = f"{text}{rng.choice(_SEPARATORS)}{extra}"
    return text


def _feminine(word: str, rng: random.Random) -> str:
    for ending, feminine in rng.sample(_FEMININE, len(_FEMININE)):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + feminine
    return word


def _abbreviate(word: str, rng: random.Random) -> str:
    short = _SHORT_FORMS.get(normalize(word))
    if not short or rng.random() < 0.5:
        return word
    choice = rng.choice(short)
    return choice.upper() if len(choice) <= 3 and rng.random() < 0.5 else choice + ("." if rng.random() < 0.3 else "")


def _typo(words: list[str], rng: random.Random) -> list[str]:
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return words
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        word = word[:j] + word[j + 1 :]
    elif kind == 1 and j < len(word) - 1:
        word = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    elif kind == 2:
        word = word[:j] + rng.choice("aeiourstnlc") + word[j + 1 :]
    else:
        word = word[:j] + word[j] + word[j:]
    return [*words[:i], word, *words[i + 1 :]]


_EN_PROSE = [
    "You will {items}.",
    "The successful candidate will {items}.",
    "Your main duties: {items}.",
    "We are looking for someone with {items}.",
    "Requirements: {items}.",
    "Day to day you will handle {items}.",
    "{items} are part of the job.",
    "Good command of {items} is expected.",
]
_FR_PROSE = [
    "Vous serez chargé(e) de {items}.",
    "Vos missions : {items}.",
    "Le candidat retenu devra maîtriser {items}.",
    "Nous recherchons une personne ayant {items}.",
    "Exigences du poste : {items}.",
    "Au quotidien : {items}.",
    "Une bonne maîtrise de {items} est attendue.",
    "Vous assurerez {items}.",
]


def prose_sentence(labels: Sequence[str], lang: str, rng: random.Random) -> str:
    """A job-ad sentence mentioning ``labels`` in running prose (EN or FR)."""
    items = [label if rng.random() < 0.7 else label.lower() for label in labels]
    glue = " and " if lang == "en" else " et "
    joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + glue + items[-1]
    template = rng.choice(_EN_PROSE if lang == "en" else _FR_PROSE)
    sentence = template.format(items=joined)
    return sentence[0].upper() + sentence[1:]


def title_training_set(
    taxonomy: Taxonomy, *, n: int, rng: random.Random, places: Sequence[str] = ()
) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """Training titles for the occupation re-ranker.

    For ``n`` occupations: mostly an alternative label that is then held out of the index, else a preferred label
    (real titles often are one); each is used clean and as a noisy vacancy title.

    Returns:
        (occupation URI → held-out labels, [(title, occupation URI)]).
    """
    held: dict[str, set[str]] = {}
    queries: list[tuple[str, str]] = []
    pool = [o for o in taxonomy.occupations if o.alt_en or o.alt_fr]
    for occ in rng.sample(pool, min(n, len(pool))):
        preferred = {normalize(occ.label_en)} | {normalize(f) for f in split_gendered(occ.label_fr)}
        alts = [a for a in (*occ.alt_en, *occ.alt_fr) if normalize(a) not in preferred]
        if alts and rng.random() < 0.75:
            label = rng.choice(alts)
            held.setdefault(occ.uri, set()).add(label)
            form = rng.choice(split_gendered(label))
        else:
            form = rng.choice([occ.label_en, *split_gendered(occ.label_fr)])
        queries.append((form, occ.uri))
        queries.append((noisy_title(form, rng, places=places), occ.uri))
    return held, queries


def skill_training_set(
    taxonomy: Taxonomy, *, n: int, rng: random.Random
) -> tuple[dict[str, set[str]], set[str], list[tuple[str, frozenset[str]]]]:
    """Training texts for the skill scorer: about ``n`` texts.

    A third are first sentences of skill descriptions (held out); the rest are EN and FR job-ad sentences naming
    1–3 held-out alternative labels, sometimes next to a label the index keeps (texts often name a skill exactly).

    Returns:
        (skill URI → held-out labels, URIs whose description is held out, [(text, relevant skill URIs)]).
    """
    held: dict[str, set[str]] = {}
    descriptions: set[str] = set()
    texts: list[tuple[str, frozenset[str]]] = []
    described = [s for s in taxonomy.skills if len(s.description_en) > 40]
    for skill in rng.sample(described, min(n // 3, len(described))):
        descriptions.add(skill.uri)
        texts.append((re.split(r"(?<=[.!?])\s", skill.description_en)[0], frozenset({skill.uri})))
    for lang in ("en", "fr"):
        pool = [s for s in taxonomy.skills if (s.alt_en if lang == "en" else s.alt_fr)]
        chosen = rng.sample(pool, min(n // 3, len(pool)))
        while chosen:
            size = rng.choice((1, 2, 3))
            group, chosen = chosen[:size], chosen[size:]
            labels = []
            for skill in group:
                label = rng.choice(skill.alt_en if lang == "en" else skill.alt_fr)
                held.setdefault(skill.uri, set()).add(label)
                labels.append(label)
            gold = {s.uri for s in group}
            if rng.random() < 0.3:
                known = rng.choice(taxonomy.skills)
                labels.insert(rng.randrange(len(labels) + 1), known.label(lang))
                gold.add(known.uri)
            texts.append((prose_sentence(labels, lang, rng), frozenset(gold)))
    return held, descriptions, texts
