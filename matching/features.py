"""Vectorised TF-IDF features: character n-grams computed with numpy, word/stem n-grams through a vocabulary.

Both encoders produce L2-normalised CSR matrices so that a sparse product gives cosine similarities.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

_BASE = 39  # 0 = space, 1–26 letters, 27–36 digits, 37 other, 38 = boundary between documents
_SEPARATOR = 38
_CODE = np.full(256, 37, dtype=np.int64)
_CODE[ord(" ")] = 0
for _i, _ch in enumerate("abcdefghijklmnopqrstuvwxyz0123456789"):
    _CODE[ord(_ch)] = _i + 1


def _l2_normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)


class CharNgramTfidf:
    """TF-IDF over character 3- and 4-grams of normalised (a–z, 0–9, space) strings, padded with spaces.

    ``fit`` learns document frequencies; ``transform`` returns an L2-normalised CSR matrix of shape
    (n_texts, n_features_) in float32.
    """

    def __init__(self, *, ngrams: tuple[int, ...] = (3, 4)) -> None:
        self.ngrams = ngrams

    def _codes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return (row, raw n-gram code) pairs for every n-gram of every text."""
        raw = np.frombuffer("\x00".join(f" {text} " for text in texts).encode("latin-1", errors="replace"), np.uint8)
        chars = _CODE[raw].astype(np.int32)  # 39**4 codes fit in int32: half the memory traffic of int64
        boundary = raw == 0
        chars[boundary] = _SEPARATOR
        row_of_char = np.cumsum(boundary, dtype=np.int32)
        separators = np.r_[0, np.cumsum(boundary, dtype=np.int32)]  # separators before position i
        rows_out, codes_out = [], []
        offset = 0
        for n in self.ngrams:
            if len(chars) < n:
                continue
            count = len(chars) - n + 1
            code = chars[:count].copy()
            for j in range(1, n):
                code *= _BASE
                code += chars[j : j + count]
            valid = separators[n : n + count] == separators[:count]  # no separator inside the window
            rows_out.append(row_of_char[:count][valid])
            codes_out.append(code[valid] + offset)
            offset += _BASE**n
        if not rows_out:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows_out), np.concatenate(codes_out)

    def fit_transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Learn the n-gram vocabulary and idf from ``texts`` and return their matrix."""
        rows, codes = self._codes(texts)
        self.vocabulary_, columns = np.unique(codes, return_inverse=True)
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(texts), len(self.vocabulary_))
        )
        df = np.bincount(counts.indices, minlength=len(self.vocabulary_))
        self.idf_ = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        self.unknown_idf_ = float(np.log(1 + len(texts)) + 1)
        self.lookup_: np.ndarray | None = None
        self._lookup()  # now, so that a saved engine carries it (mapped, shared by the processes that load it)
        return self._weigh(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return the L2-normalised TF-IDF matrix of ``texts``; unseen n-grams count in the norm only."""
        rows, codes = self._codes(texts)
        position = self._lookup()[codes]
        known = position >= 0
        unknown_mass = np.bincount(rows[~known], minlength=len(texts)).astype(np.float32) * self.unknown_idf_**2
        counts = sp.csr_matrix(
            (np.ones(int(known.sum()), dtype=np.float32), (rows[known], position[known])),
            shape=(len(texts), len(self.vocabulary_)),
        )
        return self._weigh(counts, extra_mass=unknown_mass)

    def _lookup(self) -> np.ndarray:
        """Dense table raw n-gram code → column (-1 when unseen), of shape (39**3 + 39**4,)."""
        if getattr(self, "lookup_", None) is None:
            size = sum(_BASE**n for n in self.ngrams)
            table = np.full(size, -1, dtype=np.int32)
            table[self.vocabulary_] = np.arange(len(self.vocabulary_), dtype=np.int32)
            self.lookup_ = table
        assert self.lookup_ is not None
        return self.lookup_

    def _weigh(self, counts: sp.csr_matrix, extra_mass: np.ndarray | None = None) -> sp.csr_matrix:
        counts.sum_duplicates()
        # Plain numpy on the CSR arrays: scipy's broadcasting multiply and diagonal product are several times slower.
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        data = (counts.data * self.idf_[counts.indices]).astype(np.float32)
        squared = np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=counts.shape[0])
        if extra_mass is not None:
            squared = squared + extra_mass
        norms = np.sqrt(squared)
        norms[norms == 0] = 1.0
        data /= norms[rows].astype(np.float32)
        return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)


class TermTfidf:
    """TF-IDF over lists of terms (stems, stem bigrams); L2-normalised CSR output of shape (n_docs, n_terms)."""

    def fit_transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Learn the vocabulary and idf from ``docs`` (lists of terms) and return their matrix."""
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for row, doc in enumerate(docs):
            for term in doc:
                rows.append(row)
                cols.append(vocabulary.setdefault(term, len(vocabulary)))
        self.vocabulary_ = vocabulary
        counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(docs), len(vocabulary)))
        counts.sum_duplicates()
        df = np.bincount(counts.indices, minlength=len(vocabulary))
        self.idf_ = (np.log((1 + len(docs)) / (1 + df)) + 1).astype(np.float32)
        return self._weigh(counts)

    def transform(self, docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Return the L2-normalised TF-IDF matrix of ``docs``; unknown terms are ignored."""
        rows: list[int] = []
        cols: list[int] = []
        for row, doc in enumerate(docs):
            for term in doc:
                col = self.vocabulary_.get(term)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
        counts = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(docs), len(self.vocabulary_))
        )
        counts.sum_duplicates()
        return self._weigh(counts)

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf: long descriptions repeat words
        return _l2_normalise(sp.csr_matrix(counts.multiply(self.idf_[None, :]), dtype=np.float32))


def with_bigrams(terms: Sequence[str]) -> list[str]:
    """Terms plus their adjacent pairs (``a b c`` → ``a b c a_b b_c``)."""
    return [*terms, *(f"{a}_{b}" for a, b in itertools.pairwise(terms))]
