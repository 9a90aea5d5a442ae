"""The text engine as one object: taxonomy, occupation linker, skill extractor and autocomplete indexes.

Fitting everything takes several seconds, so ``python -m matching.build_data`` also saves the fitted engine for
the shipped taxonomy as ``matching/data/text_engine.pkl.xz``; :func:`load_text_engine` loads it in about a second.
For another taxonomy folder the engine is fitted, and saved under ``cache_dir`` when the caller gives one.
"""

from __future__ import annotations

import hashlib
import lzma
import pickle
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.extraction import SkillExtractor
from matching.lexicon import OCCUPATION_PHRASES, SKILL_PHRASES
from matching.linking import OccupationLinker
from matching.search import LabelIndex
from matching.taxonomy import ESCO_FILES, SHIPPED_ESCO_DIR, Occupation, Skill, Taxonomy
from matching.text import normalize

PREBUILT_ENGINE = Path(__file__).resolve().parent / "data" / "text_engine.pkl.xz"
# Bump when the fitted objects change shape, so stale pickles are refitted instead of loaded.
ENGINE_VERSION = 1
_FITTED_MODULES = (
    "text",
    "word_families",
    "pay",
    "occupation_guess",
    "lexicon",
    "features",
    "taxonomy",
    "augment",
    "rerank",
    "link_features",
    "linking",
    "extraction",
    "bilingual",
    "scoring",
    "search",
    "engine",
)


@dataclass
class TextEngine:
    """Everything the app needs to understand text, fitted on one taxonomy."""

    taxonomy: Taxonomy
    linker: OccupationLinker
    extractor: SkillExtractor
    skill_index: LabelIndex
    occupation_index: LabelIndex
    fingerprint: str = ""

    def __getstate__(self) -> dict[str, object]:
        # The taxonomy is shipped as CSV anyway: leave it (and the components' views of it) out of the pickle.
        state = dict(self.__dict__)
        state["taxonomy"] = None
        state["linker"] = _without(self.linker, "occupations_")
        state["extractor"] = _without(self.extractor, "skills_", "linker_")
        return state

    def attach(self, taxonomy: Taxonomy) -> TextEngine:
        """Reconnect an unpickled engine to the taxonomy it was fitted on; returns self."""
        self.taxonomy = taxonomy
        self.linker.occupations_ = taxonomy.occupations
        self.extractor.skills_ = taxonomy.skills
        self.extractor.linker_ = self.linker
        return self


def _without(component: object, *names: str) -> object:
    clone = object.__new__(type(component))
    clone.__dict__.update({k: v for k, v in vars(component).items() if k not in names})
    return clone


def fit_text_engine(taxonomy: Taxonomy, *, drop_words: list[str] | None = None) -> TextEngine:
    """Fit all components on ``taxonomy``.

    Args:
        taxonomy: the ESCO taxonomy (possibly with held-out labels removed).
        drop_words: words to ignore in job titles (place names); the shipped city and country names by default.

    Returns:
        The fitted engine.
    """
    if drop_words is None:
        drop_words = place_words()
    linker = OccupationLinker().fit(taxonomy, drop_words=drop_words)
    extractor = SkillExtractor().fit(taxonomy, linker=linker)
    uses: Counter[str] = Counter(uri for pairs in taxonomy.occupation_skills.values() for uri, _ in pairs)
    most = max(uses.values(), default=1)
    skill_index = LabelIndex().fit(
        [(s.uri, _labels(s, SKILL_PHRASES)) for s in taxonomy.skills],
        priors=[uses[s.uri] / most for s in taxonomy.skills],
    )
    occupation_index = LabelIndex().fit([(o.uri, _labels(o, OCCUPATION_PHRASES)) for o in taxonomy.occupations])
    return TextEngine(taxonomy, linker, extractor, skill_index, occupation_index)


def _labels(
    concept: Skill | Occupation, phrases: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
) -> dict[str, list[str]]:
    """A concept's autocomplete labels per language: ESCO's preferred and alternative ones, then the lexicon's."""
    extra_en, extra_fr = phrases.get(concept.label_en, ((), ()))
    return {
        "en": [concept.label_en, *concept.alt_en, *extra_en],
        "fr": [x for x in (concept.label_fr, *concept.alt_fr, *extra_fr) if x],
    }


def place_words() -> list[str]:
    """Folded one-word names of the shipped countries and of cities with at least 20,000 inhabitants."""
    from matching.geo import load_places

    places = load_places()
    names = [c.name_en for c in places.countries] + [c.name_fr for c in places.countries]
    names += [city.name for city in places.cities if city.population >= 20_000]
    return sorted({word for name in names for word in normalize(name).split() if len(word) > 3})


def fingerprint(folder: Path) -> str:
    """Hash of the engine's code and of the contents of the taxonomy files in ``folder``.

    A prebuilt or cached engine whose fingerprint differs is refitted, never loaded stale.
    """
    digest = hashlib.sha256(f"v{ENGINE_VERSION}".encode())
    package = Path(__file__).resolve().parent
    for module in _FITTED_MODULES:
        digest.update((package / f"{module}.py").read_bytes())
    for name in ESCO_FILES:
        for path in sorted(folder.glob(f"{name}*")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def save_engine(engine: TextEngine, path: Path) -> None:
    """Pickle ``engine`` without its taxonomy to ``path`` (xz), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(lzma.compress(pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL), preset=6))
    tmp.replace(path)


def read_engine(path: Path, taxonomy: Taxonomy | Future[Taxonomy]) -> TextEngine:
    """Unpickle an engine written by :func:`save_engine` (only ever our own files) and attach ``taxonomy``.

    ``taxonomy`` may still be loading in another thread (decompression releases the GIL, so both overlap).
    """
    engine: TextEngine = pickle.loads(lzma.decompress(path.read_bytes()))  # noqa: S301 (our own build artefact)
    return engine.attach(taxonomy.result() if isinstance(taxonomy, Future) else taxonomy)


@lru_cache(maxsize=4)
def load_text_engine(taxonomy: str | Path | None = None, *, cache_dir: str | Path | None = None) -> TextEngine:
    """Load (once per process) the text engine for the shipped taxonomy or for ``taxonomy``.

    Args:
        taxonomy: folder of ESCO CSVs; None for the shipped copy (prebuilt engine, loads in about a second).
        cache_dir: where to keep a fitted engine for a non-shipped taxonomy; nothing is written when None.

    Returns:
        The engine; callers share it (treat it as read-only).
    """
    if taxonomy is None or Path(taxonomy).resolve() == SHIPPED_ESCO_DIR:
        if PREBUILT_ENGINE.exists():
            with ThreadPoolExecutor(max_workers=1) as pool:
                engine = read_engine(PREBUILT_ENGINE, pool.submit(Taxonomy.load, None))
            if engine.fingerprint == fingerprint(SHIPPED_ESCO_DIR):
                return engine
        return fit_text_engine(Taxonomy.load(None))
    folder = Path(taxonomy)
    key = fingerprint(folder)
    cached = Path(cache_dir) / f"text_engine-{key}.pkl.gz" if cache_dir is not None else None
    if cached is not None and cached.exists():
        return read_engine(cached, Taxonomy.load(folder))
    engine = fit_text_engine(Taxonomy.load(folder))
    engine.fingerprint = key
    if cached is not None:
        save_engine(engine, cached)
    return engine
