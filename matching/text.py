"""Text normalisation shared by the engine: accent folding, tokens with offsets, light FR/EN stemming.

Everything here is deterministic and language-agnostic enough for mixed French/English input.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from matching.word_families import ATE_VERBS, FAMILIES_TEXT, NOT_IMPERFECT, parse_families

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

# Hyphenated words are matched whole, then kept as one token or split (see `_is_one_word`).
_TOKEN_RE = re.compile(r"c\+\+|c#|f#|\.net|[^\W\d_]+(?:-(?:[dl]['’])?[^\W\d_]+)+|[^\W_]+", re.IGNORECASE)
_PART_RE = re.compile(r"[^\W_]+")
# A hyphen joins a bound prefix to its word: « auto-évaluer » is one word (« autoévaluer »), not the car « auto »
# and « évaluer »; "self-control" is not "self". Folded prefixes; a one-letter prefix ("e-commerce") is one too.
_BOUND_PREFIXES_WORDS = """
anti auto bio co eco electro geo hydro hyper hypo inter intra macro micro mini multi nano neo neuro non opto ortho
physico post pre psycho re semi socio sub super tele thermo ultra self
"""
_BOUND_PREFIXES = frozenset(_BOUND_PREFIXES_WORDS.split())
# A hyphenated phrase with a function word inside is one lexical unit: « prêt-à-porter » is not a loan (« prêt »),
# « rendez-vous » not « rendre », « main-d'œuvre » not « main ».
_COMPOUND_LINKS_WORDS = "a au aux de du des d en la le l sur sous vous nous moi toi lui"
_COMPOUND_LINKS = frozenset(_COMPOUND_LINKS_WORDS.split())
_NON_ALNUM_RE = re.compile(r"[^a-z0-9+#]+")

_STOPWORDS_WORDS = """
a an and are as at be been by for from has have in into is it its of on or our that the their them this
to was were will with within you your we us they he she his her who which what when where how all any
both each other such than then these those via per le la les l un une des du de d au aux et ou en dans
sur pour par avec sans sous chez ce cet cette ces son sa ses leur leurs nos notre votre vos qui que quoi
dont ou est sont etre avoir a ne pas plus se s y il elle ils elles nous vous on je tu j n qu c m t e es
se euse euses rice rices trice trices ne nne enne ienne iere ere ice ve ive lle ette
suis sommes etes etais etait etions etiez etaient ete avons avez ont avais avait avions aviez avaient
faire fais fait faite faites faisons faisais faisait faisaient faisant ferai fera ferez feront
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORDS_WORDS.split())
# French auxiliaries (« je suis », « j'ai été ») and the light verb « faire » (« je fais la vidange »: the noun
# names the task; « fais » is not « faisabilité ») are stopwords above; « ai » only after an elided pronoun
# (« j'ai », « je n'ai »), since "AI" is also artificial intelligence.
_ELIDED_AI_RE = re.compile(r"\b[jn]['’]\s*ai\b", re.IGNORECASE)
# A French subject pronoun, and the clitics that may stand between it and its verb (« je les livre »).
_SUBJECTS_WORDS = "je j tu il elle on nous vous ils elles"
_SUBJECTS = frozenset(_SUBJECTS_WORDS.split())
_CLITICS_WORDS = "ne n me m te t se s le la les l lui leur y en"
_CLITICS = frozenset(_CLITICS_WORDS.split())
# Forms a family reads as nouns that are also verbs of the first group (« les élèves » / « j'élève »).
_NOUN_LOOK_ALIKES = frozenset({"eleve", "eleves"})

# Single letters kept because they name things (the C and R programming languages).
_KEEP_SHORT = frozenset({"c", "r", "c++", "c#", "f#", ".net"})

# Longest suffixes first; a suffix is removed only if at least `_MIN_STEM` characters remain.
_SUFFIXES_WORDS = """
issements issement atrices ateurs ations atrice ateur ation ements ement ments ment trices teurs trice
teur euses euse eurs eur iennes ienne iens ien ieres iere iers ier eres ere ures ure ages age ives ive
ifs if ees ee ings ing ers er ed ies ites ite ness eries erie ances ance ences ence ants ant ables able
abilite ists ist isms ism als al ly es e s x erez eront erons era ez aient ais ait
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
# Verb and deverbal endings that may leave a three-letter root; the root then keeps a final "e" so that it stays
# a word of its own ("poser/posez/posée/pose → pose", "tiling/tiles → tile", "caring → care" but "car" stays "car").
_SHORT_ROOT_SUFFIXES = frozenset(
    {
        "er",
        "ez",
        "erez",
        "eront",
        "erons",
        "era",
        "ee",
        "ees",
        "ed",
        "ing",
        "ings",
        "es",
        "ers",
        "age",
        "ages",
        "ais",
        "ait",
    }
)


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
    """Light, shared FR/EN stemmer on a folded word: word families first, then suffix rules.

    ``soudure``, ``souder``, ``soudeur``, ``soudeuse`` all give ``soud``; ``welding`` and ``welder`` give ``weld``;
    ``conduite`` and ``conducteur`` give ``conduire``.
    """
    family = _FAMILIES.get(word)
    return family if family is not None else _suffix_stem(word)


def _suffix_stem(word: str) -> str:
    """The suffix rules alone: strip inflection and agent/feminine suffixes."""
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    if word.endswith(("ique", "iques")):
        word = word[: word.rindex("ique")] + "ic"
    for _ in range(3):
        for suffix in _SUFFIXES:
            minimum = _MIN_LONG_STEM if suffix in _LONG_STEM_SUFFIXES else _MIN_STEM
            if suffix == "s" and word.endswith("ss"):
                continue  # "process", « pâtissier » → « pâtiss »: not a plural (« pâtissier » is not « patience »)
            if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
                word = word[: -len(suffix)]
                break
            if suffix in _SHORT_ROOT_SUFFIXES and word.endswith(suffix) and len(word) - len(suffix) == _MIN_STEM - 1:
                return word[: -len(suffix)] + "e"
        else:
            break
    if len(word) > _MIN_STEM and word[-1] == word[-2]:
        word = word[:-1]  # developp / develop, install / instal
    return word


def _ate_families(verbs: str, known: dict[str, str]) -> dict[str, str]:
    """Every form of each "-ate" verb → the stem of its "-ation" noun (« évaluer » and "evaluation" meet)."""
    families: dict[str, str] = {}
    for verb in verbs.split():
        noun = verb[:-3] + "ation"
        family = known.get(noun) or _suffix_stem(noun)
        for form in (verb, verb + "s", verb[:-1] + "ed", verb[:-1] + "ing", noun, noun + "s"):
            families[form] = family
    return families


_LISTED_FAMILIES = {
    **{form: base for base in NOT_IMPERFECT.split() for form in (base, base + "s", base + "e", base + "es")},
    **parse_families(FAMILIES_TEXT),
}
# The listed families win over the "-ate" ones where a form is in both.
_FAMILIES = {**_ate_families(ATE_VERBS, _LISTED_FAMILIES), **_LISTED_FAMILIES}


def tokens(text: str) -> list[Token]:
    """Split ``text`` into content tokens with offsets into ``text`` (stopwords and gender fragments dropped).

    Args:
        text: original text.

    Returns:
        Tokens in order; ``text[t.start:t.end]`` is the original surface form.
    """
    out: list[Token] = []
    skip = {match.end() for match in _ELIDED_AI_RE.finditer(text)}
    verb_next = False  # the words just before were a subject pronoun and its clitics: this one is a verb
    previous_end = 0
    for start, end in _word_spans(text):
        folded = fold(text[start:end]).replace("-", "").replace("'", "")
        after_subject = verb_next and not text[previous_end:start].strip(" '’")
        verb_next = folded in _SUBJECTS or (after_subject and folded in _CLITICS)
        previous_end = end
        if folded in STOPWORDS or end in skip or (len(folded) == 1 and folded not in _KEEP_SHORT):
            continue
        out.append(Token(folded, _verb_stem(folded) if after_subject else stem(folded), start, end))
    return out


def _word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word; a hyphenated phrase is one word when `_is_one_word` says so, else its parts."""
    spans: list[tuple[int, int]] = []
    for match in _TOKEN_RE.finditer(text):
        if "-" not in match.group() or _is_one_word(match.group()):
            spans.append(match.span())
        else:
            spans.extend((match.start() + m.start(), match.start() + m.end()) for m in _PART_RE.finditer(match.group()))
    return spans


def _is_one_word(hyphenated: str) -> bool:
    """A bound or one-letter prefix ("e-commerce", « auto-évaluer ») or a function word inside (« prêt-à-porter »)."""
    parts = fold(hyphenated).replace("'", " ").replace("-", " ").split()
    return len(parts[0]) == 1 or parts[0] in _BOUND_PREFIXES or any(part in _COMPOUND_LINKS for part in parts[1:])


def _verb_stem(word: str) -> str:
    """Stem of a word right after a subject pronoun, read as a verb of the first group (« ils réparent » →
    « réparer »), also where a family reads the form as a noun: « j'élève des chèvres » is breeding, not pupils;
    « je livre » is delivering, not books. Other verbs stem as usual."""
    if word in _FAMILIES and word not in _NOUN_LOOK_ALIKES:
        return _FAMILIES[word]
    for ending in ("ent", "es", "e"):
        root = word[: -len(ending)]
        if word.endswith(ending) and len(root) >= 3:
            return _FAMILIES.get(root) or stem(root + "er")  # « ils conduisent » → « conduis » → conduire
    return stem(word)


def stems(text: str) -> list[str]:
    """Return the stems of the content tokens of ``text``."""
    return [tok.stem for tok in tokens(text)]


def split_gendered(label: str) -> list[str]:
    """Split ESCO's ``masculin/féminin`` labels into their forms (``a/b`` → ``[a, b]``); other labels unchanged.

    When only the first word varies (``vendeur/vendeuse en articles de sport``), the rest belongs to both forms:
    ``[vendeur en articles de sport, vendeuse en articles de sport]``, never a bare ``vendeur``.
    """
    parts = [part.strip() for part in label.split("/")]
    if len(parts) != 2 or not all(len(part) > 3 for part in parts):
        return [label]
    left, right = parts
    if " " not in left and " " in right:
        rest = right[right.index(" ") :]
        return [left + rest, right]
    if " " not in right and " " in left:
        return [left, left[: left.rindex(" ") + 1] + right]
    return parts


_GENDER_PAIR_RE = re.compile(r"\b([^\W\d_]{3,})\s*/\s*([^\W\d_]{3,})\b")


def merge_gender_pairs(title: str) -> str:
    """Keep one form of the ``Agent / Agente`` pairs of a title (``Agent / Agente d'entretien`` → ``Agent
    d'entretien``): two words sharing their first four letters, joined by a slash. Other slashes are kept."""

    def first(match: re.Match[str]) -> str:
        a, b = fold(match.group(1)), fold(match.group(2))
        return match.group(1) if a[:4] == b[:4] else match.group(0)

    return _GENDER_PAIR_RE.sub(first, title)


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
