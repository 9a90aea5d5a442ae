"""English → French stem translations learned from ESCO's aligned labels, to give skills French labels.

ESCO has ~7 English alternative labels per skill but ~0.2 French ones, so French text has far fewer ways to meet
a skill than English text. ESCO's preferred labels exist in both languages: pairs of them are a parallel
corpus. A stem's translation is the French stem it co-occurs with most consistently (Dice
coefficient over pairs); an English label all of whose stems translate gives a French bag of stems for the
extractor (word order does not matter to stem coverage).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from matching.taxonomy import Taxonomy
from matching.text import split_gendered, tokens

_MIN_PAIRS = 3  # a translation must be seen in at least this many aligned pairs
_MIN_DICE = 0.3
_MAX_STEMS = 40  # longer texts (descriptions) are cut: co-occurrence in long texts is weak evidence


def aligned_pairs(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(English, French) texts that say the same: the preferred labels of skills and occupations. (Descriptions
    would add pairs, but their French verbs are conjugated — « ils supervisent » — where labels use infinitives.)"""
    pairs = [(skill.label_en, skill.label_fr) for skill in taxonomy.skills if skill.label_en and skill.label_fr]
    for occupation in taxonomy.occupations:
        if occupation.label_fr:
            pairs.append((occupation.label_en, split_gendered(occupation.label_fr)[0]))
    return pairs


def fit_translations(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """English stem → its most consistent French stem (Dice ≥ 0.3 over ≥ 3 aligned pairs)."""
    together: Counter[tuple[str, str]] = Counter()
    english: Counter[str] = Counter()
    french: Counter[str] = Counter()
    for text_en, text_fr in pairs:
        stems_en = list(dict.fromkeys(t.stem for t in tokens(text_en)))[:_MAX_STEMS]
        stems_fr = list(dict.fromkeys(t.stem for t in tokens(text_fr)))[:_MAX_STEMS]
        english.update(stems_en)
        french.update(stems_fr)
        together.update((e, f) for e in stems_en for f in stems_fr)
    best: dict[str, tuple[float, str]] = {}
    for (stem_en, stem_fr), count in together.items():
        if count < _MIN_PAIRS:
            continue
        dice = 2 * count / (english[stem_en] + french[stem_fr])
        if dice >= _MIN_DICE and dice > best.get(stem_en, (0.0, ""))[0]:
            best[stem_en] = (dice, stem_fr)
    return {stem_en: stem_fr for stem_en, (_, stem_fr) in best.items()}


def translate(stems: list[str], translations: dict[str, str]) -> list[str] | None:
    """The French stems of an English label's stems, or None when one of them has no translation."""
    if not all(s in translations for s in stems):
        return None
    return [translations[s] for s in stems]
