"""Features of (job title, candidate occupation) pairs for the occupation re-ranker, computed in bulk with numpy.

Every feature is about how the words of the title relate to the occupation's best label, to all its labels and
description, and to the other candidates; none of them names a particular occupation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from matching.features import TermTfidf, with_bigrams
from matching.taxonomy import Taxonomy
from matching.text import stem, tokens

LINK_FEATURES: tuple[str, ...] = (
    "retrieval",  # weighted mix of the char and stem cosines with the best label (the retrieval score)
    "char",  # char 3/4-gram cosine with the best label
    "term",  # stem + stem-bigram cosine with the best label
    "doc_cosine",  # stem cosine with the occupation's document (all labels and the EN/FR description)
    "query_in_label",  # idf share of the title's stems found in the best label
    "label_in_query",  # idf share of the best label's stems found in the title
    "query_in_doc",  # idf share of the title's stems found in the occupation's document
    "ratio",  # rapidfuzz ratio title / best label
    "sorted_ratio",  # same on sorted words (word order ignored)
    "partial_ratio",  # best partial alignment (a title inside a longer label or the reverse)
    "preferred",  # the best label is a preferred label
    "head_match",  # the best label's head noun (last word EN, first word FR) is in the title
    "rank",  # position in the retrieval short list (0 = best)
    "gap",  # retrieval score minus the best retrieval score of the title
    "label_words",  # words in the best label
    "query_words",  # words in the matched title variant
    "n_labels",  # log of the occupation's number of labels
    "isco_agreement",  # retrieval-weighted share of the title's candidates in the same ISCO minor group
    "segment",  # the best match is on one segment of the title, not the whole title
    "same_language",  # best label in the title's language: 1, another: 0, unknown: 0.5
)


class Candidates(NamedTuple):
    """Candidate occupations of a batch of titles, grouped by title (arrays of shape (n_candidates,))."""

    owner: np.ndarray  # title index, non-decreasing
    occupation: np.ndarray  # occupation index
    label: np.ndarray  # label index of the best label
    variant: np.ndarray  # index of the title variant (whole title or segment) that matched best
    char: np.ndarray
    term: np.ndarray
    retrieval: np.ndarray
    segment: np.ndarray

    @classmethod
    def empty(cls) -> Candidates:
        """No candidates."""
        ints = np.zeros(0, dtype=np.int64)
        floats = np.zeros(0, dtype=np.float32)
        return cls(ints, ints, ints, ints, floats, floats, floats, np.zeros(0, dtype=bool))


class LinkIndex:
    """What the pair features need to know about labels and occupations: documents, stems, heads, ISCO groups."""

    def fit(
        self,
        taxonomy: Taxonomy,
        label_texts: list[str],
        *,
        label_occupation: np.ndarray,
        label_langs: Sequence[str],
        label_preferred: np.ndarray,
    ) -> LinkIndex:
        """Index the linker's cleaned labels (with their occupation, language, preferred flag) and ``taxonomy``.

        Returns:
            self
        """
        n_occ = len(taxonomy.occupations)
        docs: list[list[str]] = [[] for _ in range(n_occ)]
        label_stems = [[stem(w) for w in text.split()] for text in label_texts]
        for stems, occ_id in zip(label_stems, label_occupation.tolist(), strict=True):
            docs[occ_id].extend(with_bigrams(stems))
        for occ_id, occ in enumerate(taxonomy.occupations):
            for description in (occ.description_en, occ.description_fr):
                docs[occ_id].extend(t.stem for t in tokens(description))  # no bigrams: they would triple the size
        self.docs_ = TermTfidf()
        self.doc_matrix_ = self.docs_.fit_transform(docs)
        vocabulary, idf = self.docs_.vocabulary_, self.docs_.idf_
        self.max_idf_ = float(idf.max())
        self.label_cover_ = _presence(label_stems, vocabulary, idf)
        self.label_mass_ = np.asarray(self.label_cover_.sum(axis=1), dtype=np.float32).ravel()
        heads = [
            (stems[-1] if lang == "en" else stems[0]) if stems else ""
            for stems, lang in zip(label_stems, label_langs, strict=True)
        ]
        self.label_head_ = np.asarray([vocabulary.get(h, -1) for h in heads], dtype=np.int64)
        self.label_words_ = np.asarray([len(s) for s in label_stems], dtype=np.float32)
        self.label_texts_ = label_texts  # the linker's own list: pickled once
        self.label_fr_ = np.asarray([lang == "fr" for lang in label_langs], dtype=bool)
        self.label_preferred_ = np.asarray(label_preferred, dtype=bool)
        counts = np.bincount(label_occupation, minlength=n_occ)
        self.n_labels_ = np.log1p(counts).astype(np.float32)
        self.occupation_isco_ = np.asarray(
            [int(o.isco_group[:3]) if o.isco_group[:3].isdigit() else -1 for o in taxonomy.occupations], dtype=np.int64
        )
        self._derive()
        return self

    def _derive(self) -> None:
        """Attributes rebuilt from the others after unpickling (cheaper than storing them)."""
        unigram = np.asarray(["_" not in term for term in self.docs_.vocabulary_], dtype=np.float32)
        self.doc_cover_ = sp.csr_matrix((self.doc_matrix_ > 0).multiply(unigram[None, :]), dtype=np.float32)
        self.label_sorted_ = [" ".join(sorted(text.split())) for text in self.label_texts_]

    def transform(self, texts: Sequence[str], title_langs: Sequence[str | None], candidates: Candidates) -> np.ndarray:
        """Feature matrix of shape (n_candidates, len(LINK_FEATURES)).

        Args:
            texts: cleaned title variants (candidates.variant indexes them).
            title_langs: detected language of each title (candidates.owner indexes them).
            candidates: the candidates.
        """
        n = len(candidates.owner)
        out = np.zeros((n, len(LINK_FEATURES)), dtype=np.float32)
        if not n:
            return out
        variant, label, occ, owner = candidates.variant, candidates.label, candidates.occupation, candidates.owner
        vocabulary, idf = self.docs_.vocabulary_, self.docs_.idf_
        variant_stems = [[stem(w) for w in text.split()] for text in texts]
        query_cover = _presence(variant_stems, vocabulary, idf)
        query_mass = np.asarray(
            # fsum: exactly rounded whatever the order, and a set of strings iterates in PYTHONHASHSEED's order
            # (a last-bit difference could move a feature across a re-ranker bin: another score per process).
            [
                math.fsum(idf[vocabulary[s]] if s in vocabulary else self.max_idf_ for s in set(st))
                for st in variant_stems
            ],
            dtype=np.float32,
        )
        query_mass[query_mass == 0] = 1.0
        query_docs = self.docs_.transform([with_bigrams(st) for st in variant_stems])
        q_cover = query_cover[variant]
        q_bin = q_cover.copy()
        q_bin.data[:] = 1.0
        label_cover = self.label_cover_[label]
        label_bin = label_cover.copy()
        label_bin.data[:] = 1.0
        out[:, 0] = candidates.retrieval
        out[:, 1] = candidates.char
        out[:, 2] = candidates.term
        out[:, 3] = _sum_rows(query_docs[variant].multiply(self.doc_matrix_[occ]))
        out[:, 4] = _sum_rows(q_cover.multiply(label_bin)) / query_mass[variant]
        out[:, 5] = _sum_rows(q_bin.multiply(label_cover)) / np.maximum(self.label_mass_[label], 1e-6)
        out[:, 6] = _sum_rows(q_cover.multiply(self.doc_cover_[occ])) / query_mass[variant]
        variant_texts = [texts[i] for i in variant.tolist()]
        label_texts = [self.label_texts_[i] for i in label.tolist()]
        out[:, 7] = cpdist(variant_texts, label_texts, scorer=fuzz.ratio, workers=1) / 100
        sorted_variants = [" ".join(sorted(t.split())) for t in texts]
        out[:, 8] = (
            cpdist(
                [sorted_variants[i] for i in variant.tolist()],
                [self.label_sorted_[i] for i in label.tolist()],
                scorer=fuzz.ratio,
                workers=1,
            )
            / 100
        )
        out[:, 9] = cpdist(variant_texts, label_texts, scorer=fuzz.partial_ratio, workers=1) / 100
        out[:, 10] = self.label_preferred_[label]
        heads = self.label_head_[label]
        has_head = heads >= 0
        head_hit = np.zeros(n, dtype=np.float32)
        if has_head.any():
            head_hit[has_head] = np.asarray(query_cover[variant[has_head], heads[has_head]]).ravel() > 0
        out[:, 11] = head_hit
        bounds = np.searchsorted(owner, owner, side="left")
        out[:, 12] = np.arange(n) - bounds
        best = np.maximum.reduceat(candidates.retrieval, np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]))
        group_of = np.cumsum(np.r_[True, owner[1:] != owner[:-1]]) - 1
        out[:, 13] = candidates.retrieval - best[group_of]
        out[:, 14] = self.label_words_[label]
        out[:, 15] = np.asarray([len(texts[i].split()) for i in variant.tolist()], dtype=np.float32)
        out[:, 16] = self.n_labels_[occ]
        isco = self.occupation_isco_[occ]
        weight = candidates.retrieval.astype(np.float64) ** 2
        key = owner * 1000 + np.where(isco >= 0, isco, 999)
        unique, inverse = np.unique(key, return_inverse=True)
        group_mass = np.bincount(inverse, weights=weight, minlength=len(unique))
        total = np.bincount(owner, weights=weight)
        out[:, 17] = group_mass[inverse] / np.maximum(total[owner], 1e-9)
        out[:, 18] = candidates.segment
        langs = np.asarray([{"fr": 1.0, "en": 0.0}.get(lang or "", 0.5) for lang in title_langs], dtype=np.float32)
        title_fr = langs[owner]
        out[:, 19] = np.where(title_fr == 0.5, 0.5, (self.label_fr_[label] == (title_fr == 1.0)).astype(np.float32))
        return out


def _presence(docs: Sequence[Sequence[str]], vocabulary: dict[str, int], idf: np.ndarray | None) -> sp.csr_matrix:
    """Matrix (n_docs, n_terms) with the idf (or 1) of each distinct known term of each document."""
    rows, cols = [], []
    for row, doc in enumerate(docs):
        for col in {vocabulary[t] for t in doc if t in vocabulary}:
            rows.append(row)
            cols.append(col)
    values = idf[cols] if idf is not None else np.ones(len(cols), dtype=np.float32)
    return sp.csr_matrix((values.astype(np.float32), (rows, cols)), shape=(len(docs), len(vocabulary)))


def _sum_rows(matrix: sp.spmatrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1), dtype=np.float32).ravel()
