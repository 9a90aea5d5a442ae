"""Free-text job title (FR or EN) → ranked ESCO occupations.

Candidates come from cosine similarity between the cleaned title and every occupation label, in two TF-IDF
spaces (character 3/4-grams for typos and inflections, stems + stem bigrams for word order and meaning), taken as
the max over an occupation's labels. A short list is then re-scored with rapidfuzz against the best label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz

from matching.features import CharNgramTfidf, TermTfidf, with_bigrams
from matching.lexicon import ABBREVIATIONS, NOISE
from matching.taxonomy import Taxonomy
from matching.text import STOPWORDS, detect_language, fold, split_gendered, stem

_WORD_RE = re.compile(r"c\+\+|c#|\.net|[a-z0-9]+")
_SEGMENT_RE = re.compile(r"\s[-|/:]\s|[|,;()\[\]!]|\s-{2,}\s")
_ALT_WEIGHT = 0.96
_LABELS_PER_VARIANT = 200


class Match(NamedTuple):
    """One linked occupation: URI, label in the query's language, score in [0, 1] and the label that matched."""

    uri: str
    label: str
    score: float
    matched: str = ""


def title_words(title: str, *, drop: frozenset[str] = frozenset(), noise: bool = True) -> list[str]:
    """Folded content words of a title: abbreviations expanded, stopwords/gender fragments/noise dropped.

    Args:
        title: raw title.
        drop: extra folded words to drop (e.g. place names).
        noise: drop contract/seniority/recruiting words (true for queries, false for taxonomy labels).

    Returns:
        Words in order.
    """
    words: list[str] = []
    for word in _WORD_RE.findall(fold(title).replace("'", " ")):
        if word.isdigit() or (noise and (word in NOISE or word in drop)):
            continue
        expansion = ABBREVIATIONS.get(word)
        if expansion is not None:
            words.extend(expansion.split())
        elif word not in STOPWORDS and (len(word) > 1 or word in ("c", "r")):
            words.append(word)
    return words


class OccupationLinker:
    """Link job titles to ESCO occupations.

    Args:
        k_rescore: occupations re-scored with rapidfuzz per title.
        char_weight: weight of the character n-gram cosine (the stem cosine gets ``1 - char_weight``).
        fuzzy_weight: weight of the rapidfuzz score in the final score.
        n_rare: candidates come from each title's ``n_rare`` rarest character n-grams (and all its stems);
            every n-gram counts in the final cosine.
    """

    def __init__(
        self,
        *,
        k_rescore: int = 30,
        char_weight: float = 0.7,
        fuzzy_weight: float = 0.1,
        n_rare: int = 12,
    ) -> None:
        self.k_rescore = k_rescore
        self.n_rare = n_rare
        self.char_weight = char_weight
        self.fuzzy_weight = fuzzy_weight

    def fit(self, taxonomy: Taxonomy, *, drop_words: Iterable[str] = ()) -> OccupationLinker:
        """Index every preferred and alternative label (EN, FR, both gendered forms) of ``taxonomy``.

        Args:
            taxonomy: the ESCO taxonomy.
            drop_words: folded words to ignore in titles (place names); words used in labels are kept.

        Returns:
            self
        """
        texts: list[str] = []
        occ_of_label: list[int] = []
        weights: list[float] = []
        langs: list[str] = []
        for occ_id, occ in enumerate(taxonomy.occupations):
            seen: set[str] = set()
            sources = [
                (occ.label_en, "en", 1.0),
                *((form, "fr", 1.0) for form in split_gendered(occ.label_fr)),
                *((alt, "en", _ALT_WEIGHT) for alt in occ.alt_en),
                *((form, "fr", _ALT_WEIGHT) for alt in occ.alt_fr for form in split_gendered(alt)),
            ]
            for label, lang, weight in sources:
                text = " ".join(title_words(label, noise=False))
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
                    occ_of_label.append(occ_id)
                    weights.append(weight)
                    langs.append(lang)
        self.occupations_ = taxonomy.occupations
        self.occupation_index_ = {occ.uri: i for i, occ in enumerate(taxonomy.occupations)}
        self.label_texts_ = texts
        self.label_occupation_ = np.asarray(occ_of_label, dtype=np.int32)
        self.label_weight_ = np.asarray(weights, dtype=np.float32)
        self.label_lang_ = langs
        self.chars_ = CharNgramTfidf()
        self.char_matrix_ = self.chars_.fit_transform(texts)
        self.char_matrix_t_ = self.char_matrix_.T.tocsr()
        self.terms_ = TermTfidf()
        self.term_matrix_ = self.terms_.fit_transform([self._terms(text.split()) for text in texts])
        self.term_matrix_t_ = self.term_matrix_.T.tocsr()
        label_vocabulary = {word for text in texts for word in text.split()}
        self.drop_words_ = frozenset(w for w in drop_words if w not in label_vocabulary)
        return self

    def __getstate__(self) -> dict[str, object]:
        # The character matrices are the bulk of a pickle and are rebuilt from the label texts in ~0.1 s.
        dropped = ("char_matrix_", "char_matrix_t_", "term_matrix_t_")
        return {key: value for key, value in self.__dict__.items() if key not in dropped}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if "chars_" in state:
            self.char_matrix_ = self.chars_.transform(self.label_texts_)
            self.char_matrix_t_ = self.char_matrix_.T.tocsr()
            self.term_matrix_t_ = self.term_matrix_.T.tocsr()

    def index_of(self, uri: str) -> int:
        """Position of the occupation ``uri`` in the fitted taxonomy."""
        return self.occupation_index_[uri]

    @staticmethod
    def _terms(words: Sequence[str]) -> list[str]:
        return with_bigrams([stem(word) for word in words])

    def link(self, title: str, k: int = 10) -> list[Match]:
        """Rank occupations for one title; see :meth:`link_many`."""
        return self.link_many([title], k=k)[0]

    def link_many(self, titles: Sequence[str], k: int = 10) -> list[list[Match]]:
        """Rank occupations for each title.

        Args:
            titles: raw job titles (FR, EN or mixed; noise, typos, gendered forms allowed).
            k: results per title.

        Returns:
            One list per title of up to ``k`` matches, best first; empty for titles with no usable word.
        """
        if not hasattr(self, "occupations_"):
            raise RuntimeError("OccupationLinker is not fitted")
        variant_texts: list[str] = []
        variant_owner: list[int] = []
        variant_factor: list[float] = []
        for index, title in enumerate(titles):
            segments = [s for s in _SEGMENT_RE.split(title) if s.strip()]
            candidates = [(title, 1.0)] + ([(s, 0.97) for s in segments] if len(segments) > 1 else [])
            seen: set[str] = set()
            for raw, factor in candidates:
                text = " ".join(title_words(raw, drop=self.drop_words_))
                if text and text not in seen:
                    seen.add(text)
                    variant_texts.append(text)
                    variant_owner.append(index)
                    variant_factor.append(factor)
        results: list[list[Match]] = [[] for _ in titles]
        if not variant_texts:
            return results
        query_chars = self.chars_.transform(variant_texts)
        query_terms = self.terms_.transform([self._terms(t.split()) for t in variant_texts])
        # 1. Candidates: cosine on rare features only (fast), max over each occupation's labels.
        coarse = (
            self.char_weight * (_rarest(query_chars, self.n_rare) @ self.char_matrix_t_)
            + (1 - self.char_weight) * (query_terms @ self.term_matrix_t_)
        ).tocsr()
        n_occ = len(self.occupations_)
        # Keep each variant's best labels only, then take the max per (title, occupation).
        kept_rows, kept_cols, kept_values = [], [], []
        for row in range(len(variant_texts)):
            start, end = coarse.indptr[row], coarse.indptr[row + 1]
            cols = coarse.indices[start:end]
            values = coarse.data[start:end] * self.label_weight_[cols]
            if len(cols) > _LABELS_PER_VARIANT:
                top = np.argpartition(-values, _LABELS_PER_VARIANT)[:_LABELS_PER_VARIANT]
                cols, values = cols[top], values[top]
            kept_rows.append(np.full(len(cols), variant_owner[row], dtype=np.int64))
            kept_cols.append(cols)
            kept_values.append(values)
        cols = np.concatenate(kept_cols)
        values = np.concatenate(kept_values)
        keys = np.concatenate(kept_rows) * n_occ + self.label_occupation_[cols]
        order = np.lexsort((values, keys))
        last = np.flatnonzero(np.r_[keys[order][1:] != keys[order][:-1], True])  # best label of each key
        chosen = order[last]
        best_score = np.zeros((len(titles), n_occ), dtype=np.float32)
        best_label = np.full((len(titles), n_occ), -1, dtype=np.int64)
        best_score.ravel()[keys[chosen]] = values[chosen]
        best_label.ravel()[keys[chosen]] = cols[chosen]
        # 2. Exact cosine (all features) of every variant against the short list's best labels.
        rows_of: dict[int, list[int]] = {}
        for row, owner in enumerate(variant_owner):
            rows_of.setdefault(owner, []).append(row)
        pair_row: list[int] = []
        pair_label: list[int] = []
        shortlists: dict[int, np.ndarray] = {}
        for owner, rows in rows_of.items():
            nonzero = np.flatnonzero(best_score[owner])
            top = nonzero[np.argsort(-best_score[owner, nonzero], kind="stable")[: self.k_rescore]]
            shortlists[owner] = top
            for row in rows:
                pair_row.extend([row] * len(top))
                pair_label.extend(best_label[owner, top].tolist())
        exact = self.char_weight * _rowwise_dot(query_chars, self.char_matrix_, pair_row, pair_label) + (
            1 - self.char_weight
        ) * _rowwise_dot(query_terms, self.term_matrix_, pair_row, pair_label)
        exact *= self.label_weight_[pair_label] * np.asarray(variant_factor, dtype=np.float32)[pair_row]
        # 3. Re-score with rapidfuzz against the label, using the variant that matched it best.
        cursor = 0
        for owner, top in shortlists.items():
            rows = rows_of[owner]
            block = exact[cursor : cursor + len(rows) * len(top)].reshape(len(rows), len(top))
            cursor += len(rows) * len(top)
            if not len(top):
                continue
            which = block.argmax(axis=0)
            results[owner] = self._rescore(
                titles[owner],
                [variant_texts[rows[i]] for i in which],
                top,
                block.max(axis=0),
                best_label[owner, top],
                k,
            )
        return results

    def _rescore(
        self, title: str, texts: list[str], top: np.ndarray, scores: np.ndarray, labels: np.ndarray, k: int
    ) -> list[Match]:
        lang = detect_language(title) or self.label_lang_[int(labels[int(scores.argmax())])]
        ranked: list[tuple[float, int, int]] = []
        for text, occ_id, score, label_id in zip(texts, top, scores, labels, strict=True):
            fuzzy = fuzz.token_sort_ratio(text, self.label_texts_[label_id]) / 100
            final = (1 - self.fuzzy_weight) * float(score) + self.fuzzy_weight * fuzzy
            ranked.append((final, int(occ_id), int(label_id)))
        ranked.sort(key=lambda item: -item[0])
        return [
            Match(
                uri=self.occupations_[occ_id].uri,
                label=self.occupations_[occ_id].label(lang),
                score=round(min(1.0, max(0.0, score)), 4),
                matched=self.label_texts_[label_id],
            )
            for score, occ_id, label_id in ranked[:k]
        ]


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, rows_a: list[int], rows_b: list[int]) -> np.ndarray:
    """Dot products ``a[rows_a[i]] · b[rows_b[i]]``, shape (len(rows_a),)."""
    if not rows_a:
        return np.zeros(0, dtype=np.float32)
    return np.asarray(a[rows_a].multiply(b[rows_b]).sum(axis=1), dtype=np.float32).ravel()


def _rarest(matrix: sp.csr_matrix, n: int) -> sp.csr_matrix:
    """Copy of ``matrix`` keeping, in each row, only its ``n`` largest (rarest, highest-idf) entries."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((-matrix.data, rows))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - matrix.indptr[rows[order]]
    keep = rank < n
    return sp.csr_matrix((matrix.data[keep], (rows[keep], matrix.indices[keep])), shape=matrix.shape)
