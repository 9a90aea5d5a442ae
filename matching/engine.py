"""The text engine as one object: taxonomy, occupation linker, skill extractor and autocomplete indexes.

Fitting everything takes a minute or more, so the fitted engine is kept in a cache folder as ``<fingerprint>.engine``,
the fingerprint being a hash of the engine's code and data (:func:`fingerprint`); it is built from the committed
sources, never committed itself. :func:`load_text_engine` loads it in about two seconds, building it first (once,
under a lock, see :mod:`matching.artefacts`) when it is missing or stale. ``make install`` builds it. Its arrays
are memory-mapped (:mod:`matching.mapped`): the processes of one machine share them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching import mapped
from matching.artefacts import build_once
from matching.extraction import SkillExtractor
from matching.geo import SHIPPED_GEO_DIR
from matching.lexicon import OCCUPATION_PHRASES, SKILL_PHRASES
from matching.linking import OccupationLinker
from matching.search import LabelIndex
from matching.taxonomy import ESCO_FILES, SHIPPED_ESCO_DIR, Occupation, Skill, Taxonomy
from matching.text import normalize

PACKAGE_DIR = Path(__file__).resolve().parent
# Bump when the fitted objects or the file's layout change, so stale files are refitted instead of loaded.
ENGINE_VERSION = 2
SUFFIX = ".engine"
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
    "geo",
    "mapped",
)
# place_words() reads these: the names of places are dropped from job titles.
_GEO_FILES = ("countries.csv.xz", "cities.csv.xz")
_log = logging.getLogger(__name__)


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


def fingerprint(folder: Path, *, package: Path = PACKAGE_DIR) -> str:
    """Hash of the engine's code (in ``package``), the shipped places and the taxonomy files in ``folder``.

    It names the cached engine: a change to any of them names a new one, so a stale engine is never loaded.
    """
    digest = hashlib.sha256(f"v{ENGINE_VERSION}".encode())
    for module in _FITTED_MODULES:
        digest.update((package / f"{module}.py").read_bytes())
    for name in _GEO_FILES:
        digest.update((SHIPPED_GEO_DIR / name).read_bytes())
    for name in ESCO_FILES:
        for path in sorted(folder.glob(f"{name}*")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    """``var/cache/engine`` of a source checkout; ``~/.cache/sankofa/engine`` when matching is installed."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file():
        return root / "var" / "cache" / "engine"
    return Path.home() / ".cache" / "sankofa" / "engine"


def save_engine(engine: TextEngine, path: Path) -> None:
    """Write ``engine`` without its taxonomy to ``path``, arrays mappable; :func:`build_engine` makes this atomic."""
    mapped.dump(engine, path)


def read_engine(path: Path, taxonomy: Taxonomy | Future[Taxonomy]) -> TextEngine:
    """Load an engine written by :func:`save_engine` (only ever our own files) and attach ``taxonomy``.

    Its arrays stay in the file's pages (read-only, shared with every process that maps the same file).
    ``taxonomy`` may still be loading in another thread.
    """
    engine: TextEngine = mapped.load(path)
    return engine.attach(taxonomy.result() if isinstance(taxonomy, Future) else taxonomy)


def build_engine(folder: Path, *, cache_dir: Path, package: Path = PACKAGE_DIR) -> tuple[Path, bool]:
    """Make sure the engine for the taxonomy in ``folder`` is in ``cache_dir``, fitting it when it is not.

    Args:
        folder: folder of ESCO CSVs.
        cache_dir: folder of fitted engines, one ``<fingerprint>.engine`` per version of code and data.
        package: the engine's code, hashed into the fingerprint (the installed ``matching`` by default).

    Returns:
        The artefact's path, and whether this call fitted it (False: it was there, or another process built it).
    """
    key = fingerprint(folder, package=package)
    path = cache_dir / f"{key}{SUFFIX}"

    def write(tmp: Path) -> None:
        _log.info("fitting the text engine %s into %s (a few minutes at most, once)", key, cache_dir)
        write_fitted_engine(tmp, folder=folder, key=key)

    built = build_once(path, write)
    if built:
        prune(cache_dir, keep=path)
    return path, built


def prune(cache_dir: Path, *, keep: Path, spare: int = 1) -> list[Path]:
    """Delete fitted engines of older code from ``cache_dir``, but ``keep`` and the ``spare`` newest others.

    Each version of the code leaves a 140 MB file; one previous file stays for going back a version. A process
    still reading a deleted file keeps its pages (Linux frees them when the last map closes).

    Returns:
        The files deleted.
    """
    others = [p for p in (*cache_dir.glob(f"*{SUFFIX}"), *cache_dir.glob("*.pkl.xz")) if p != keep]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    gone = others[spare:]
    for old in gone:
        old.unlink(missing_ok=True)
        old.with_name(old.name + ".lock").unlink(missing_ok=True)
    return gone


def write_fitted_engine(path: Path, *, folder: Path, key: str) -> None:
    """Fit the engine for the taxonomy in ``folder`` and save it to ``path``, always with hash seed 0.

    The fit visits sets of strings, whose order follows the hash seed: under a random seed two fits of the same code
    and data differ (link scores by up to 0.03). With ``PYTHONHASHSEED=0`` the file is byte-identical whoever builds
    it, so a process whose seed is random fits in a child process that has it.
    """
    if sys.flags.hash_randomization == 0:
        engine = fit_text_engine(Taxonomy.load(folder))
        engine.fingerprint = key
        save_engine(engine, path)
        return
    # -P and PYTHONPATH: the child imports this very matching/, not one that happens to sit in its working folder.
    command = [sys.executable, "-P", "-m", "matching.build_engine", "--taxonomy", str(folder), "--fit-into", str(path)]
    # The child's environment is ours plus the seed and the path; nothing here is a setting read by this process.
    search_path = os.pathsep.join(filter(None, [str(PACKAGE_DIR.parent), os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": search_path}
    subprocess.run([*command, "--fingerprint", key], env=environment, check=True)  # noqa: S603 (our interpreter)


_loading = threading.Lock()


def load_text_engine(taxonomy: str | Path | None = None, *, cache_dir: str | Path | None = None) -> TextEngine:
    """Load (once per process) the text engine for the shipped taxonomy or for ``taxonomy``.

    Args:
        taxonomy: folder of ESCO CSVs; None for the shipped copy.
        cache_dir: folder of fitted engines; None: :func:`default_cache_dir` for the shipped taxonomy, and no
            cache (fit in memory) for another one. A missing or stale engine is fitted there first (once).

    Returns:
        The engine; callers share it (treat it as read-only).
    """
    # One load at a time: a web process's warm-up and its ranking follower ask at once, and lru_cache alone would
    # let both load an engine (twice the time, and the memory of the discarded one is not given back).
    with _loading:
        return _load_text_engine(taxonomy, cache_dir=cache_dir)


@lru_cache(maxsize=4)
def _load_text_engine(taxonomy: str | Path | None, *, cache_dir: str | Path | None) -> TextEngine:
    folder = SHIPPED_ESCO_DIR if taxonomy is None else Path(taxonomy).resolve()
    if cache_dir is None and folder == SHIPPED_ESCO_DIR:
        cache_dir = default_cache_dir()
    if cache_dir is not None:
        try:
            path, _ = build_engine(folder, cache_dir=Path(cache_dir))
        except OSError as error:  # a read-only install: still correct, only slow
            _log.warning("cannot keep the text engine in %s (%s): fitting it in memory", cache_dir, error)
        else:
            with ThreadPoolExecutor(max_workers=1) as pool:
                return read_engine(path, pool.submit(Taxonomy.load, folder))
    engine = fit_text_engine(Taxonomy.load(folder))
    engine.fingerprint = fingerprint(folder)
    return engine
