"""Text normalisation shared by the engine: accent folding, tokens with offsets, light FR/EN stemming.

Everything here is deterministic and language-agnostic enough for mixed French/English input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Characters that NFKD does not decompose into ASCII, and typographic apostrophes/dashes.
_PRE_FOLD = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "đ": "d",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "·": ".",
        "•": " ",
        "\u00a0": " ",
    }
)

# A one-letter prefix joined by a hyphen is part of the word ("e-commerce", "e-learning"): one token.
_TOKEN_RE = re.compile(r"c\+\+|c#|f#|\.net|\b[^\W\d_]-[^\W\d_]{2,}|[^\W_]+", re.IGNORECASE)
_NON_ALNUM_RE = re.compile(r"[^a-z0-9+#]+")

_STOPWORDS_WORDS = """
a an and are as at be been by for from has have in into is it its of on or our that the their them this
to was were will with within you your we us they he she his her who which what when where how all any
both each other such than then these those via per le la les l un une des du de d au aux et ou en dans
sur pour par avec sans sous chez ce cet cette ces son sa ses leur leurs nos notre votre vos qui que quoi
dont ou est sont etre avoir a ne pas plus se s y il elle ils elles nous vous on je tu j n qu c m t e es
se euse euses rice rices trice trices ne nne enne ienne iere ere ice ve ive lle ette
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_WORDS.split())

# Single letters kept because they name things (the C and R programming languages).
_KEEP_SHORT = frozenset({"c", "r", "c++", "c#", "f#", ".net"})

# Longest suffixes first; a suffix is removed only if at least `_MIN_STEM` characters remain.
_SUFFIXES_WORDS = """
issements issement atrices ateurs ations atrice ateur ation ements ement ments ment trices teurs trice
teur euses euse eurs eur iennes ienne iens ien ieres iere iers ier eres ere ures ure ages age ives ive
ifs if ees ee ings ing ers er ed ies ites ite ness eries erie ances ance ences ence ants ant ables able
abilite ists ist isms ism als al ly es e s x
"""
_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        _SUFFIXES_WORDS.split(),
        key=len,
        reverse=True,
    )
)
_MIN_STEM = 4
# French -ier/-ière nouns keep a longer stem: "chantier" is not "chanter" (a short stem left by -ier is often a
# different word), while "cuisinier/cuisine" or "charpentier/charpente" still meet.
_LONG_STEM_SUFFIXES = frozenset({"ier", "iers", "iere", "ieres"})
_MIN_LONG_STEM = 6


class Token(NamedTuple):
    """A token of the original text: its folded form, its stem and its character offsets."""

    text: str
    stem: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes, keeping punctuation.

    Args:
        text: any unicode text.

    Returns:
        The folded text (ASCII for Latin scripts; other scripts are kept as they are).
    """
    text = unicodedata.normalize("NFKC", text).translate(_PRE_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def normalize(text: str) -> str:
    """Fold ``text`` and squeeze everything that is not a letter or digit into single spaces."""
    return " ".join(_NON_ALNUM_RE.sub(" ", fold(text)).split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light, shared FR/EN stemmer on a folded word: strips inflection and agent/feminine suffixes.

    ``soudure``, ``souder``, ``soudeur``, ``soudeuse`` all give ``soud``; ``welding`` and ``welder`` give ``weld``.
    """
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    if word.endswith(("ique", "iques")):
        word = word[: word.rindex("ique")] + "ic"
    for _ in range(3):
        for suffix in _SUFFIXES:
            minimum = _MIN_LONG_STEM if suffix in _LONG_STEM_SUFFIXES else _MIN_STEM
            if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
                word = word[: -len(suffix)]
                break
        else:
            break
    if len(word) > _MIN_STEM and word[-1] == word[-2]:
        word = word[:-1]  # developp / develop, install / instal
    return word


def tokens(text: str) -> list[Token]:
    """Split ``text`` into content tokens with offsets into ``text`` (stopwords and gender fragments dropped).

    Args:
        text: original text.

    Returns:
        Tokens in order; ``text[t.start:t.end]`` is the original surface form.
    """
    out: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        folded = fold(match.group()).replace("-", "")
        if folded in STOPWORDS or (len(folded) == 1 and folded not in _KEEP_SHORT):
            continue
        out.append(Token(folded, stem(folded), match.start(), match.end()))
    return out


def stems(text: str) -> list[str]:
    """Return the stems of the content tokens of ``text``."""
    return [tok.stem for tok in tokens(text)]


def split_gendered(label: str) -> list[str]:
    """Split ESCO's ``masculin/féminin`` labels into their forms (``a/b`` → ``[a, b]``); other labels unchanged."""
    parts = [part.strip() for part in label.split("/")]
    if len(parts) == 2 and all(len(part) > 3 for part in parts):
        return parts
    return [label]


def detect_language(text: str) -> str | None:
    """Guess ``"fr"`` or ``"en"`` from stopwords and accents; ``None`` when the text gives no clue."""
    lowered = text.lower()
    words = re.findall(r"[^\W\d_]+", lowered)
    fr = sum(w in _FR_HINTS for w in words) + 2 * len(re.findall(r"[éèêàùçôîœ]", lowered))
    en = sum(w in _EN_HINTS for w in words)
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return None


_FR_HINTS_WORDS = """
le la les des du de d l un une et pour dans avec sur au aux en chez nous vous est sont ou qui que
responsable chef technicien ingenieur agent charge gestionnaire vendeur vendeuse conseiller directeur
directrice developpeur developpeuse assistant assistante commercial comptable infirmier infirmiere
chauffeur soudeur mecanicien electricien maitrise connaissance gestion
"""
_FR_HINTS = frozenset(_FR_HINTS_WORDS.split())
_EN_HINTS_WORDS = """
the and of for with in on at to is are we you our your an a manager engineer developer officer worker
assistant technician driver nurse sales skills experience knowledge management
"""
_EN_HINTS = frozenset(_EN_HINTS_WORDS.split())
