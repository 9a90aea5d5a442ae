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

# Word families the suffix rules cannot join: irregular verbs and their nouns (FR « conduire / conduite /
# conducteur », « peindre / peinture », EN "drive / drove", "write / written"), nouns whose root differs from the
# verb's (« gestion / gérer », "maintenance / maintain", "analysis / analyse"), and adjective / quality pairs of
# the soft skills job ads name ("flexible / flexibility", « rigoureux / rigueur »). General French and English
# morphology, not a list of any test set's words. Folded forms; the first word of each line is the family's stem.
# A few lines only keep a word apart from a look-alike: « élèves » (pupils) are not « élevage » (animal farming),
# « cours » (lessons) are not « courses » (errands).
_FAMILIES_TEXT = """
conduire: conduire conduite conduites conduis conduisez conduirez conduisant conduisais conduisait conducteur
 conductrice conducteurs conductrices
peindre: peindre peinture peintures peint peinte peints peintes peignez peindrez peintre peintres peignais peignait
tenir: tenir tenue tenues tenez tiendrez tient tenu tenant tenais tenait
entretenir: entretenir entretien entretiens entretenez entretiendrez entretenu entretenue entretenus entretenues
 entretenais entretenait
maintenir: maintenir maintien maintenez maintiendrez maintenance maintenances maintain maintains maintained
 maintaining
soutenir: soutenir soutien soutenez
obtenir: obtenir obtention
intervenir: intervenir intervention interventions intervenez intervenant intervenants
prevenir: prevenir prevention prevenez
mettre: mettre mise mises mettez mettrez
transmettre: transmettre transmission transmissions transmettez
soumettre: soumettre soumission soumissions
prendre: prendre prenez prendrez
comprendre: comprendre comprehension comprenez
apprendre: apprendre apprentissage apprentissages apprenez
vendre: vendre vente ventes vendez vendrez vendu vendus vendeur vendeuse vendeurs vendeuses vendais vendait
repondre: repondre reponse reponses repondez repondrez
construire: construire construction constructions construisez construirez construit construite construisais construisait
produire: produire production productions produisez produirez produisais produisait
traduire: traduire traduction traductions traduisez traducteur traductrice traducteurs
reduire: reduire reduction reductions reduisez
lire: lire lecture lisez lirez lisais lisait lisaient lisant
ecrire: ecrire ecriture ecrivez ecrirez ecrit ecrite ecrits ecrites ecrivais ecrivait
decrire: decrire description descriptions decrivez
inscrire: inscrire inscription inscriptions inscrivez
prescrire: prescrire prescription prescriptions prescrit prescrite prescrits prescrites
rediger: rediger redaction redactions redigez redigerez redige redigee rediges redigees redacteur redactrice
suivre: suivre suivi suivis suivie suivies suivez suivrez suivais suivait
servir: servir servez servirez servais servait
recevoir: recevoir reception receptions recevez recevrez recu recue recus recues
concevoir: concevoir conception conceptions concevez concevrez concu concue concus concues
resoudre: resoudre resolution resolutions resolvez resoudrez
coudre: coudre couture cousez coudrez cousu cousue
cuisson: cuire cuisson cuissons cuisez cuirez
connaitre: connaitre connaissance connaissances connaissez
ouvrir: ouvrir ouverture ouvertures ouvrez
couvrir: couvrir couverture couvertures couvrez
accueillir: accueillir accueil accueillez accueillerez accueilli accueillie accueillis accueillies accueillant
 accueillais accueillait
nourrir: nourrir nourriture nourrissez nourrissage
fournir: fournir fourniture fournitures fournissez
remplir: remplir remplissage remplissez
choisir: choisir choix choisissez
acquerir: acquerir acquisition acquisitions
prevoir: prevoir prevision previsions prevoyez
gerer: gerer gestion gestions gerez gererez gere geree geres gerees gerant gerante gerants gerais gerait
paie: payer paiement paiements payez paierez paye paie
envoyer: envoyer envoi envois envoyez enverrez
livrer: livrer livraison livraisons livrez livrerez livrais livrait livrant livreur livreuse livreurs livreuses
irriguer: irriguer irrigation irriguez irrigue irriguee
traire: traire traite traites trayez
abattre: abattre abattage abattez abattu abattus
teindre: teindre teinture teintures
extraire: extraire extraction extractions
eleve: eleve eleves
cours: cours
rigour: rigueur rigoureux rigoureuse rigoureuses rigour rigor rigorous rigorously
driv: drove driven
writ: wrote written
speak: spoke spoken speaker speakers
build: built
teach: taught
sell: sell sells sold selling seller sellers sale sales
buy: buy buys bought buying buyer buyers
solv: solve solves solved solving solution solutions
decid: decide decides decided deciding decision decisions decisive
analy: analysis analyses analyze analyzes analyzed analyzing analyse analysing analysed analyst analysts analytic
 analytical analytically analytics analyser analysez
communic: communicate communicates communicated communicating communication communications communicative
 communiquer communiquez communiquerez
organi: organize organizes organized organizing organise organises organised organising organisation organization
 organisations organizations organisational organizational organiser organisez organiserez organisateur
 organisatrice organisationnel organisationnelle
supervis: supervise supervises supervised supervising supervision supervisor supervisors superviser supervisez
accur: accurate accurately accuracy
precis: precise precisely precision
flexibl: flexible flexibly flexibility
responsibl: responsible responsibly responsibility responsibilities
reliabl: reliable reliably reliability
creativ: creative creatively creativity creatif creative creativite
punctual: punctual punctually punctuality ponctuel ponctuelle ponctualite
independ: independent independently independence
efficien: efficient efficiently efficiency efficace efficacite efficacement
effectiv: effective effectively effectiveness
autonom: autonomous autonomously autonomy autonome autonomes autonomie
motiv: motivate motivated motivation motivating motive motivee motive motives motivees
resilien: resilient resilience
empath: empathy empathetic empathic empathique empathie
curio: curious curiosity curieux curieuse curiosite
polite: polite politely politeness poli polie politesse courtois courtoise courtoisie
honest: honest honestly honesty honnete honnetete
dilig: diligent diligently diligence
proactiv: proactive proactively proactivity proactif proactive proactivite
"""


def _parse_families(text: str) -> dict[str, str]:
    """``stem: form form…`` lines (continued by lines starting with a space) → {form: stem}."""
    families: dict[str, str] = {}
    for line in text.replace("\n ", " ").strip().splitlines():
        family, forms = line.split(":")
        for form in [family, *forms.split()]:
            families[form] = family
    return families


# English "-ate" verbs and their "-ation" nouns ("negotiate / negotiation"). A general "-ate" suffix rule would also
# cut French feminine forms ("avocate", « diplômée » / "diplomate"), so the verbs are listed.
_ATE_VERBS = """
accommodate activate allocate anticipate automate calculate calibrate celebrate coordinate create cultivate
decorate delegate demonstrate designate dictate donate educate evaluate excavate fabricate facilitate formulate
generate illustrate indicate initiate innovate insulate integrate interpret investigate irrigate isolate lubricate
migrate moderate motivate navigate negotiate nominate operate participate populate regulate relocate renovate
rotate separate simulate situate stimulate terminate translate vaccinate validate ventilate
"""


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


_LISTED_FAMILIES = _parse_families(_FAMILIES_TEXT)
# The listed families win over the "-ate" ones where a form is in both.
_FAMILIES = {**_ate_families(_ATE_VERBS, _LISTED_FAMILIES), **_LISTED_FAMILIES}


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
