"""Typo- and accent-tolerant prefix/fuzzy search over labelled items (skills, occupations, places).

Query tokens are matched against the vocabulary of label tokens three ways — exactly, as a prefix, and fuzzily
(rapidfuzz ratio, same-length prefixes for the last token being typed) — then labels are scored by idf-weighted
token coverage plus small bonuses (starts with the query, short label, preferred label, language, prior).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from matching.text import STOPWORDS, normalize, stem

ItemId = str | int

_MAX_PREFIX_EXPANSION = 64
_CANDIDATES = 300
_FUZZY_PREFIX_LENGTHS = range(3, 9)


class Hit(NamedTuple):
    """One search result: the item id, the label to show and a score in [0, 1]."""

    id: ItemId
    label: str
    score: float


class LabelIndex:
    """Ranked autocomplete over items that each have labels in one or more languages.

    ``fit`` takes ``(id, {"en": [preferred, alt…], "fr": […]})`` pairs; the first label of each language is the
    preferred one. Use language ``"und"`` for labels of no particular language (place names).
    """

    def __init__(self, *, fuzzy_cutoff: float = 0.7) -> None:
        self.fuzzy_cutoff = fuzzy_cutoff

    def fit(
        self, items: Sequence[tuple[ItemId, dict[str, list[str]]]], *, priors: Sequence[float] | None = None
    ) -> LabelIndex:
        """Index ``items``.

        Args:
            items: ``(id, labels_by_lang)`` pairs.
            priors: optional per-item popularity in [0, 1], used to order equally good matches.

        Returns:
            self
        """
        if priors is not None and len(priors) != len(items):
            raise ValueError("priors must have one value per item")
        self.ids_: list[ItemId] = [item_id for item_id, _ in items]
        labels: list[str] = []
        label_norm: list[str] = []
        label_item: list[int] = []
        label_lang: list[str] = []
        label_pref: list[bool] = []
        item_pref: dict[tuple[int, str], int] = {}
        seen: set[tuple[int, str]] = set()
        for item, (_, by_lang) in enumerate(items):
            for lang, names in by_lang.items():
                for position, name in enumerate(names):
                    norm = normalize(name)
                    if not norm or (item, norm) in seen:
                        continue
                    seen.add((item, norm))
                    item_pref.setdefault((item, lang), len(labels))
                    labels.append(name)
                    label_norm.append(norm)
                    label_item.append(item)
                    label_lang.append(lang)
                    label_pref.append(position == 0)
        self.labels_ = labels
        self.item_pref_ = item_pref
        self.label_item_ = np.asarray(label_item, dtype=np.int32)
        self.label_lang_ = np.asarray(label_lang)
        self.label_pref_ = np.asarray(label_pref, dtype=np.float32)
        self.label_norm_ = label_norm
        self.priors_ = np.asarray(priors if priors is not None else [0.0] * len(items), dtype=np.float32)

        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        n_tokens = np.zeros(len(labels), dtype=np.float32)
        for label_id, norm in enumerate(self.label_norm_):
            toks = set(norm.split())
            n_tokens[label_id] = len(toks)
            for tok in toks:
                rows.append(vocab.setdefault(tok, len(vocab)))
                cols.append(label_id)
        order = np.lexsort((np.asarray(cols), np.asarray(rows)))
        rows_arr = np.asarray(rows, dtype=np.int64)[order]
        cols_arr = np.asarray(cols, dtype=np.int32)[order]
        bounds = np.searchsorted(rows_arr, np.arange(len(vocab) + 1))
        # Token t's labels are posting_labels_[posting_starts_[t] : posting_starts_[t + 1]] (two arrays, not a
        # list of one small array per token: a fitted index is memory-mapped, a list of arrays is not).
        self.posting_starts_ = bounds
        self.posting_labels_ = cols_arr
        df = np.diff(bounds).astype(np.float32)
        self.idf_ = np.log1p(len(labels) / df).astype(np.float32)
        # How common a token is, in [0, 1]: breaks ties between equally close spelling corrections.
        self.commonness_ = (np.log1p(df) / np.log1p(df.max())).astype(np.float32)
        self.vocab_ = vocab
        self.sorted_vocab_ = sorted(vocab)
        self.label_ntok_ = np.maximum(n_tokens, 1)
        by_length: dict[int, list[str]] = {}
        for tok in vocab:
            by_length.setdefault(len(tok), []).append(tok)
        self.vocab_by_length_ = by_length
        by_stem: dict[str, list[int]] = {}
        for tok, tok_id in vocab.items():
            by_stem.setdefault(stem(tok), []).append(tok_id)
        self.vocab_by_stem_ = by_stem
        self.prefixes_: dict[int, dict[str, list[int]]] = {}
        for length in _FUZZY_PREFIX_LENGTHS:
            table: dict[str, list[int]] = {}
            for tok, tok_id in vocab.items():
                if len(tok) > length:
                    table.setdefault(tok[:length], []).append(tok_id)
            self.prefixes_[length] = table
        self.prefix_keys_ = {length: list(table) for length, table in self.prefixes_.items()}
        return self

    def search(self, q: str, k: int = 10, lang: str | None = None) -> list[Hit]:
        """Return up to ``k`` items matching ``q``, best first.

        Args:
            q: what the user typed (any case, accents or not, typos, partial last word).
            k: number of hits.
            lang: preferred display language (``"fr"``/``"en"``); labels in it get a small bonus and the label
                shown is in it when the item has one.

        Returns:
            Hits with scores in [0, 1]; empty when nothing matches.
        """
        if not hasattr(self, "ids_"):
            raise RuntimeError("LabelIndex is not fitted")
        query = normalize(q)
        words = [w for w in query.split() if w not in STOPWORDS] or query.split()
        if not words:
            return []
        total = np.zeros(len(self.labels_), dtype=np.float32)
        denominator = 0.0
        for position, word in enumerate(words):
            variants = self._variants(word, last=position == len(words) - 1)
            exact = self.vocab_.get(word)
            if exact is not None:
                weight = float(self.idf_[exact])
            elif variants:
                weight = float(np.median(self.idf_[list(variants)]))
            else:
                weight = math.log1p(len(self.labels_))
            denominator += weight
            if not variants:
                continue
            best = np.zeros(len(self.labels_), dtype=np.float32)
            for tok_id, similarity in variants.items():
                posting = self.posting_labels_[self.posting_starts_[tok_id] : self.posting_starts_[tok_id + 1]]
                best[posting] = np.maximum(best[posting], similarity)
            total += weight * best
        candidates = np.flatnonzero(total)
        if candidates.size == 0:
            return []
        if candidates.size > _CANDIDATES:
            candidates = candidates[np.argpartition(-total[candidates], _CANDIDATES)[:_CANDIDATES]]
        coverage = total[candidates] / denominator
        brevity = np.minimum(1.0, len(words) / self.label_ntok_[candidates])
        starts = np.fromiter(
            (self.label_norm_[c].startswith(words[0]) for c in candidates),
            dtype=np.float32,
            count=len(candidates),
        )
        langs = self.label_lang_[candidates]
        lang_ok = ((langs == lang) | (langs == "und")) if lang else np.ones(len(candidates), dtype=bool)
        items = self.label_item_[candidates]
        scores = (
            0.72 * coverage
            + 0.1 * brevity
            + 0.07 * starts
            + 0.04 * lang_ok
            + 0.02 * self.label_pref_[candidates]
            + 0.05 * self.priors_[items]
        )
        return self._top_items(candidates, items, scores, k, lang)

    def _top_items(
        self, candidates: np.ndarray, items: np.ndarray, scores: np.ndarray, k: int, lang: str | None
    ) -> list[Hit]:
        order = np.argsort(-scores, kind="stable")
        hits: list[Hit] = []
        taken: set[int] = set()
        for position in order:
            item = int(items[position])
            if item in taken:
                continue
            taken.add(item)
            label_id = int(candidates[position])
            if lang and self.label_lang_[label_id] not in (lang, "und") and (item, lang) in self.item_pref_:
                label_id = self.item_pref_[(item, lang)]
            hits.append(Hit(self.ids_[item], self.labels_[label_id], round(min(1.0, float(scores[position])), 4)))
            if len(hits) == k:
                break
        return hits

    def _variants(self, word: str, *, last: bool) -> dict[int, float]:
        """Vocabulary tokens that ``word`` may stand for, with a similarity in (0, 1]."""
        variants: dict[int, float] = {}
        exact = self.vocab_.get(word)
        if exact is not None:
            variants[exact] = 1.0
        if len(word) >= 2:
            start = bisect.bisect_left(self.sorted_vocab_, word)
            end = bisect.bisect_left(self.sorted_vocab_, word + "\uffff")
            expansions = [self.vocab_[tok] for tok in self.sorted_vocab_[start:end] if tok != word]
            if len(expansions) > _MAX_PREFIX_EXPANSION:
                idf = self.idf_[expansions]
                expansions = [expansions[i] for i in np.argsort(idf, kind="stable")[:_MAX_PREFIX_EXPANSION]]
            for tok_id in expansions:
                variants.setdefault(tok_id, 0.9 if last else 0.8)
        for tok_id in self.vocab_by_stem_.get(stem(word), ())[:_MAX_PREFIX_EXPANSION]:
            variants[tok_id] = max(variants.get(tok_id, 0.0), 0.85)
        if len(word) >= 4 and exact is None:
            pool = [tok for n in range(len(word) - 2, len(word) + 3) for tok in self.vocab_by_length_.get(n, ())]
            for tok, score, _ in process.extract(
                word, pool, scorer=OSA.normalized_similarity, score_cutoff=self.fuzzy_cutoff, limit=20
            ):
                tok_id = self.vocab_[tok]
                variants[tok_id] = max(variants.get(tok_id, 0.0), 0.8 * score + 0.05 * self.commonness_[tok_id])
            if last and len(word) in self.prefixes_:
                table = self.prefixes_[len(word)]
                for prefix, score, _ in process.extract(
                    word,
                    self.prefix_keys_[len(word)],
                    scorer=OSA.normalized_similarity,
                    score_cutoff=self.fuzzy_cutoff,
                    limit=5,
                ):
                    for tok_id in table[prefix][:_MAX_PREFIX_EXPANSION]:
                        variants[tok_id] = max(variants.get(tok_id, 0.0), 0.75 * score)
        return variants
