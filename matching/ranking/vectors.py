"""A fixed term space for every record: ESCO skills, occupations, ISCO groups and hashed word stems.

The space is fitted once from the taxonomy (never from the indexed items), so an item added later gets a vector
in the same space: the index grows by appending rows, without refitting anything.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matching.taxonomy import Taxonomy
from matching.text import STOPWORDS, normalize, stem

WORD_BUCKETS = 1 << 18
CACHED_TEXT = 200
CACHE_SIZE = 200_000
# Broad skills ("communicate", "work in teams") say little about fit; ESCO's reuse level tells which.
REUSE_WEIGHT = {"transversal": 0.35, "cross-sector": 0.7, "sector-specific": 1.0, "occupation-specific": 1.0}


def _stems(text: str) -> list[str]:
    """Stems of the content words (the text engine's folding and stemmer, without offsets: faster)."""
    return [stem(word) for word in normalize(text).split() if word not in STOPWORDS and len(word) > 1]


def _bucket(word: str) -> int:
    return zlib.crc32(word.encode()) % WORD_BUCKETS


@dataclass
class TermSpace:
    """Ids and weights of skills, occupations and ISCO groups; idf of hashed word stems.

    Attributes:
        skill_ids_: skill URI → column in skill blocks.
        specificity_: (n_skills,) weight of each skill in [0.1, 1]: rarer across occupations and less transversal
            is more specific, so matching it says more.
        occupation_ids_: occupation URI → column; ``isco_`` maps it to its ISCO codes at levels 4, 3, 2.
        word_idf_: (WORD_BUCKETS,) idf of word stems over ESCO labels and descriptions (1.0 for unseen words).
    """

    skill_ids_: dict[str, int]
    specificity_: np.ndarray
    occupation_ids_: dict[str, int]
    isco_ids_: dict[str, int]
    occupation_isco_: dict[str, tuple[str, str, str]]
    word_idf_: np.ndarray
    _word_cache: dict[str, dict[int, float]] = field(default_factory=dict, repr=False)
    _isco_columns: dict[int, np.ndarray] = field(default_factory=dict, repr=False)

    @classmethod
    def fit(cls, taxonomy: Taxonomy) -> TermSpace:
        skill_ids = {skill.uri: i for i, skill in enumerate(taxonomy.skills)}
        document_frequency = np.zeros(len(skill_ids))
        for relations in taxonomy.occupation_skills.values():
            for uri, _ in relations:
                if uri in skill_ids:
                    document_frequency[skill_ids[uri]] += 1
        n_occupations = max(1, len(taxonomy.occupation_skills))
        idf = np.log((n_occupations + 1) / (document_frequency + 1))
        idf = idf / idf.max()
        reuse = np.array([REUSE_WEIGHT.get(skill.reuse_level, 0.8) for skill in taxonomy.skills])
        specificity = np.clip((0.3 + 0.7 * idf) * reuse, 0.1, 1.0)
        occupation_ids = {occ.uri: i for i, occ in enumerate(taxonomy.occupations)}
        isco_ids = {code: i for i, code in enumerate(sorted(taxonomy.isco_groups))}
        occupation_isco = {
            occ.uri: (occ.isco_group[:4], occ.isco_group[:3], occ.isco_group[:2]) for occ in taxonomy.occupations
        }
        corpus = [f"{o.label_en} {o.label_fr} {' '.join(o.alt_en)} {' '.join(o.alt_fr)}" for o in taxonomy.occupations]
        corpus += [f"{s.label_en} {s.label_fr} {s.description_en}" for s in taxonomy.skills]
        counts = np.zeros(WORD_BUCKETS)
        for document in corpus:
            for bucket in {_bucket(word) for word in _stems(document)}:
                counts[bucket] += 1
        word_idf = np.where(counts > 0, np.log((len(corpus) + 1) / (counts + 1)) + 1.0, 1.0)
        word_idf = word_idf / np.log(len(corpus) + 1)
        return cls(skill_ids, specificity, occupation_ids, isco_ids, occupation_isco, word_idf.astype(np.float32))

    @property
    def n_skills(self) -> int:
        return len(self.skill_ids_)

    @property
    def n_occupations(self) -> int:
        return len(self.occupation_ids_)

    @property
    def n_isco(self) -> int:
        return len(self.isco_ids_)

    def skill_block(self, uris: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """(len(uris), n_skills) CSR: each row the specificity of its known skills, in first-seen order."""
        rows, columns = _first_columns(uris, self.skill_ids_)
        values = self.specificity_[columns].astype(np.float32)
        return _csr(rows, columns, values, (len(uris), self.n_skills))

    def occupation_blocks(self, uris: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, ...]:
        """Three CSR blocks of 1.0 for each row's occupations: their columns (first-seen order), then the columns of
        their ISCO groups of 4 and of 3 digits (ascending), of shapes (n, n_occupations), (n, n_isco), (n, n_isco)."""
        rows, columns = _first_columns(uris, self.occupation_ids_)
        blocks = [_csr(rows, columns, np.ones(len(columns), dtype=np.float32), (len(uris), self.n_occupations))]
        for level in (0, 1):
            groups = self._isco_of_occupation(level)[columns]
            known = groups >= 0
            keys = np.unique(rows[known] * self.n_isco + groups[known])  # one per row and group, ascending
            blocks.append(
                _csr(keys // self.n_isco, keys % self.n_isco, np.ones(len(keys), np.float32), (len(uris), self.n_isco))
            )
        return tuple(blocks)

    def _isco_of_occupation(self, level: int) -> np.ndarray:
        """(n_occupations,) column of each occupation's ISCO group at ``level`` (0: 4 digits, 1: 3), -1 if none."""
        found = self._isco_columns.get(level)
        if found is None:
            found = np.full(self.n_occupations, -1, dtype=np.int64)
            for uri, column in self.occupation_ids_.items():
                found[column] = self.isco_ids_.get(self.occupation_isco_[uri][level], -1)
            self._isco_columns[level] = found
        return found

    def words(self, text: str) -> dict[int, float]:
        """Sub-linear tf·idf of the text's word stems by bucket, L2-normalised (short texts are cached)."""
        if len(text) <= CACHED_TEXT:
            cached = self._word_cache.get(text)
            if cached is None:
                cached = self._words(text)
                if len(self._word_cache) < CACHE_SIZE:
                    self._word_cache[text] = cached
            return cached
        return self._words(text)

    def _words(self, text: str) -> dict[int, float]:
        counts: dict[int, int] = {}
        for word in _stems(text):
            bucket = _bucket(word)
            counts[bucket] = counts.get(bucket, 0) + 1
        weights = {b: (1.0 + math.log(c)) * float(self.word_idf_[b]) for b, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {b: w / norm for b, w in weights.items()}


def _first_columns(keys: Sequence[Sequence[str]], ids: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of each row's known keys, each column once per row (its first place), rows ascending."""
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    columns = np.fromiter((ids.get(key, -1) for row in keys for key in row), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
    known = columns >= 0
    rows, columns = rows[known], columns[known]
    _, first = np.unique(rows * (len(ids) + 1) + columns, return_index=True)
    first.sort()
    return rows[first], columns[first]


def _csr(rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """CSR from (row, column, value) triples already in row order (the layout :func:`rows_matrix` gives)."""
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix((values, columns.astype(np.int32), indptr), shape=shape)


def rows_matrix(rows: Sequence[dict[int, float]], n_columns: int) -> sp.csr_matrix:
    """(len(rows), n_columns) CSR from one {column: value} dict per row."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in rows])
    indices = np.fromiter((c for row in rows for c in row), dtype=np.int32, count=int(indptr[-1]))
    data = np.fromiter((v for row in rows for v in row.values()), dtype=np.float32, count=int(indptr[-1]))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), n_columns))
