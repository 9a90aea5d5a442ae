"""Free-text job title (FR or EN) → ranked ESCO occupations.

Candidates → features → learned re-ranker, as in record linkage:
1. candidates: cosine between the cleaned title (and its segments) and every occupation label in two TF-IDF spaces
   (character 3/4-grams for typos and inflections; stems + stem bigrams for words), max over an occupation's labels;
2. features of each (title, occupation) pair (:mod:`matching.link_features`): cosines, token coverage both ways,
   rapidfuzz ratios, head-noun match, the occupation's description, ISCO-group agreement among the candidates;
3. a gradient-boosted re-ranker (:mod:`matching.rerank`) trained in :meth:`OccupationLinker.fit` on noisy titles
   made from labels held out of a copy of the same taxonomy (never from the evaluation's held-out labels).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from matching.augment import title_training_set
from matching.features import CharNgramTfidf, TermTfidf, with_bigrams
from matching.lexicon import (
    ABBREVIATIONS,
    DURATION_UNITS,
    KEEPS_RECRUITING,
    NOISE,
    OCCUPATION_PHRASES,
    RATE_UNITS,
    RECRUITING,
    SECTORS,
)
from matching.link_features import LINK_FEATURES, Candidates, LinkIndex
from matching.rerank import Reranker
from matching.taxonomy import Taxonomy
from matching.text import STOPWORDS, detect_language, fold, merge_gender_pairs, split_gendered, stem

_WORD_RE = re.compile(r"c\+\+|c#|\.net|[a-z0-9]+")
_SEGMENT_RE = re.compile(r"\s[-|/:]\s|[|,;()\[\]!]|\s-{2,}\s")
_ALT_WEIGHT = 0.96
_LABELS_PER_VARIANT = 200
_CHUNK = 1024  # titles per block: bounds the dense (titles × occupations) work arrays to ~40 MB
# Only a title's start is analysed: real titles are under 200 characters, and a pasted page must not cost seconds.
MAX_TITLE_CHARS = 500


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
    previous = ""
    for word in _WORD_RE.findall(fold(title).replace("'", " ")):
        before, previous = previous, word
        if word.isdigit() or (noise and word[0].isdigit() and word not in ("2d", "3d")):
            continue
        if noise and before.isdigit() and (word in RATE_UNITS or word in DURATION_UNITS):
            continue  # "$19/hr", "300k/an": a pay rate, not human resources; "8 ans": a duration
        if word == "ai" and before in ("j", "n"):
            continue  # « j'ai », « je n'ai » (have), not AI
        if noise and word in RECRUITING and before in KEEPS_RECRUITING:
            words.append(word)
            continue
        if noise and (word in NOISE or word in drop):
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
        k_candidates: occupations per title passed to the re-ranker.
        char_weight: weight of the character n-gram cosine in the retrieval score (stems get ``1 - char_weight``).
        n_rare: candidates come from each title's ``n_rare`` rarest character n-grams (and all its stems).
        rerank: learn a re-ranker in :meth:`fit`; when False the retrieval score is the score.
        n_train: occupations whose labels make training titles for the re-ranker.
        seed: seed of the training-title sampling and of the re-ranker.
    """

    def __init__(
        self,
        *,
        k_candidates: int = 30,
        char_weight: float = 0.7,
        n_rare: int = 12,
        rerank: bool = True,
        n_train: int = 2000,
        seed: int = 20_251_126,
    ) -> None:
        self.k_candidates = k_candidates
        self.char_weight = char_weight
        self.n_rare = n_rare
        self.rerank = rerank
        self.n_train = n_train
        self.seed = seed

    def fit(self, taxonomy: Taxonomy, *, drop_words: Iterable[str] = ()) -> OccupationLinker:
        """Index every preferred and alternative label (EN, FR, both gendered forms) and train the re-ranker.

        Args:
            taxonomy: the ESCO taxonomy.
            drop_words: folded words to ignore in titles (place names); words used in labels are kept.

        Returns:
            self
        """
        drop_words = list(drop_words)
        self._fit_index(taxonomy, drop_words)
        self.reranker_: Reranker | None = None
        if self.rerank:
            self.reranker_ = self._train_reranker(taxonomy, drop_words)
        return self

    def _fit_index(self, taxonomy: Taxonomy, drop_words: list[str]) -> None:
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
                *((phrase, "en", 1.0) for phrase in OCCUPATION_PHRASES.get(occ.label_en, ((), ()))[0]),
                *((phrase, "fr", 1.0) for phrase in OCCUPATION_PHRASES.get(occ.label_en, ((), ()))[1]),
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
        self.features_ = LinkIndex().fit(
            taxonomy,
            texts,
            label_occupation=self.label_occupation_,
            label_langs=langs,
            label_preferred=self.label_weight_ == 1.0,
        )
        label_vocabulary = Counter(word for text in texts for word in text.split())
        self.drop_words_ = frozenset(w for w in drop_words if w not in label_vocabulary)
        prose = [text for occ in taxonomy.occupations for text in (occ.description_en, occ.description_fr)]
        prose += [text for skill in taxonomy.skills for text in (skill.label_en, skill.label_fr, skill.description_en)]
        prose += [text for skill in taxonomy.skills for text in (*skill.alt_en, *skill.alt_fr)]
        described = set(_WORD_RE.findall(fold(" ".join(prose))))
        self.known_words_ = frozenset(label_vocabulary) | described
        self.spelling_: dict[int, list[str]] = {}
        for word, _ in label_vocabulary.most_common():  # frequent words first: they win ties
            if len(word) >= 4 and word.isalpha():
                self.spelling_.setdefault(len(word), []).append(word)

    def _train_reranker(self, taxonomy: Taxonomy, drop_words: list[str]) -> Reranker:
        """Hold out one label of ``n_train`` occupations, link noisy versions of them with a linker fitted without
        them (plus noisy versions of labels it does know), and learn which candidate is right."""
        rng = random.Random(self.seed)  # noqa: S311 (sampling, not security)
        held, queries = title_training_set(taxonomy, n=self.n_train, rng=rng, places=sorted(self.drop_words_))
        inner = OccupationLinker(
            k_candidates=self.k_candidates, char_weight=self.char_weight, n_rare=self.n_rare, rerank=False
        )
        inner._fit_index(taxonomy.without(occupation_labels=held), drop_words)
        features, gold = [], []
        for start in range(0, len(queries), _CHUNK):
            block = queries[start : start + _CHUNK]
            candidates, matrix = inner._candidate_features([title for title, _ in block])
            features.append(matrix)
            wanted = np.asarray([self.occupation_index_[uri] for _, uri in block])
            gold.append(candidates.occupation == wanted[candidates.owner])
        return Reranker(LINK_FEATURES, seed=self.seed).fit(np.concatenate(features), np.concatenate(gold))

    def __getstate__(self) -> dict[str, object]:
        # The matrices are kept (the engine's file maps them, see matching.mapped); the spelling cache is not.
        return {key: value for key, value in self.__dict__.items() if key != "spelled_"}

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
        results: list[list[Match]] = []
        for start in range(0, len(titles), _CHUNK):
            block = [title[:MAX_TITLE_CHARS] for title in titles[start : start + _CHUNK]]
            candidates, features = self._candidate_features(block)
            if self.reranker_ is not None:
                scores = self.reranker_.score(features)
            else:
                scores = features[:, LINK_FEATURES.index("retrieval")].astype(np.float64)
            results.extend(self._ranked(block, candidates, scores, k))
        return results

    def _ranked(self, titles: Sequence[str], candidates: Candidates, scores: np.ndarray, k: int) -> list[list[Match]]:
        """Matches per title, best first, from per-candidate scores (candidates are grouped by title)."""
        out: list[list[Match]] = [[] for _ in titles]
        bounds = np.searchsorted(candidates.owner, np.arange(len(titles) + 1))
        for owner, title in enumerate(titles):
            start, end = int(bounds[owner]), int(bounds[owner + 1])
            if start == end:
                continue
            order = start + np.argsort(-scores[start:end], kind="stable")[:k]
            lang = detect_language(title) or self.label_lang_[int(candidates.label[order[0]])]
            out[owner] = [
                Match(
                    uri=self.occupations_[int(candidates.occupation[i])].uri,
                    label=self.occupations_[int(candidates.occupation[i])].label(lang),
                    score=round(min(1.0, max(0.0, float(scores[i]))), 4),
                    matched=self.label_texts_[int(candidates.label[i])],
                )
                for i in order
            ]
        return out

    def _variants(self, titles: Sequence[str]) -> tuple[list[str], list[int], list[float]]:
        """Cleaned texts to match per title: the whole title and, when it has several, each segment."""
        texts: list[str] = []
        owners: list[int] = []
        factors: list[float] = []
        for index, raw_title in enumerate(titles):
            title = merge_gender_pairs(raw_title)
            segments = [s for s in _SEGMENT_RE.split(title) if s.strip() and fold(s).strip() not in SECTORS]
            pieces = [(title, 1.0)] + ([(s, 0.97) for s in segments] if len(segments) > 1 else [])
            seen: set[str] = set()
            for raw, factor in pieces:
                text = " ".join(self._spell(word) for word in title_words(raw, drop=self.drop_words_))
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
                    owners.append(index)
                    factors.append(factor)
        return texts, owners, factors

    def _spell(self, word: str) -> str:
        """``word``, or the closest label word (1 edit, 2 for long words) when neither labels nor descriptions
        know it; typos are the commonest noise in real titles."""
        if len(word) < 5 or word in self.known_words_ or not word.isalpha():
            return word
        if "known_stems_" not in self.__dict__:
            self.known_stems_ = frozenset(stem(known) for known in self.known_words_)
        if stem(word) in self.known_stems_:
            return word  # a form ESCO does not use of a word it knows ("recruteur" / "recrutement")
        cache: dict[str, str] = self.__dict__.setdefault("spelled_", {})
        if word not in cache:
            limit = 1 if len(word) <= 7 else 2
            best, best_distance = word, limit + 1
            for length in range(len(word) - limit, len(word) + limit + 1):
                found = extractOne(word, self.spelling_.get(length, ()), scorer=OSA.distance, score_cutoff=limit)
                if found is not None and found[1] < best_distance:
                    best, best_distance = found[0], found[1]
            cache[word] = best
        return cache[word]

    def _candidate_features(self, titles: Sequence[str]) -> tuple[Candidates, np.ndarray]:
        """Candidate occupations of each title and their features, shape (n_candidates, len(LINK_FEATURES))."""
        texts, owners, factors = self._variants(titles)
        if not texts:
            return Candidates.empty(), np.zeros((0, len(LINK_FEATURES)), dtype=np.float32)
        query_chars = self.chars_.transform(texts)
        query_terms = self.terms_.transform([self._terms(t.split()) for t in texts])
        n_occ = len(self.occupations_)
        # 1. Cosine on rare features only (fast), best label per (title, occupation).
        coarse = (
            self.char_weight * (_rarest(query_chars, self.n_rare) @ self.char_matrix_t_)
            + (1 - self.char_weight) * (query_terms @ self.term_matrix_t_)
        ).tocsr()
        kept_rows, kept_cols, kept_values = [], [], []
        for row in range(len(texts)):
            start, end = coarse.indptr[row], coarse.indptr[row + 1]
            cols = coarse.indices[start:end]
            values = coarse.data[start:end] * self.label_weight_[cols]
            if len(cols) > _LABELS_PER_VARIANT:
                top = np.argpartition(-values, _LABELS_PER_VARIANT)[:_LABELS_PER_VARIANT]
                cols, values = cols[top], values[top]
            kept_rows.append(np.full(len(cols), owners[row], dtype=np.int64))
            kept_cols.append(cols)
            kept_values.append(values)
        cols = np.concatenate(kept_cols)
        values = np.concatenate(kept_values)
        if not len(cols):  # words no label shares a character n-gram or stem with ("Ⅻ" folds to "xii")
            return Candidates.empty(), np.zeros((0, len(LINK_FEATURES)), dtype=np.float32)
        keys = np.concatenate(kept_rows) * n_occ + self.label_occupation_[cols]
        order = np.lexsort((values, keys))
        last = np.flatnonzero(np.r_[keys[order][1:] != keys[order][:-1], True])  # best label of each key
        chosen = order[last]
        best_score = np.zeros((len(titles), n_occ), dtype=np.float32)
        best_label = np.full((len(titles), n_occ), -1, dtype=np.int64)
        best_score.ravel()[keys[chosen]] = values[chosen]
        best_label.ravel()[keys[chosen]] = cols[chosen]
        # 2. Short list per title; exact cosines (all features) of every variant against its best labels.
        rows_of: dict[int, list[int]] = {}
        for row, owner in enumerate(owners):
            rows_of.setdefault(owner, []).append(row)
        pair_row: list[int] = []
        pair_slot: list[int] = []
        slot_owner: list[int] = []
        slot_occ: list[int] = []
        for owner, rows in rows_of.items():
            nonzero = np.flatnonzero(best_score[owner])
            top = nonzero[np.argsort(-best_score[owner, nonzero], kind="stable")[: self.k_candidates]]
            first = len(slot_owner)
            slot_owner.extend([owner] * len(top))
            slot_occ.extend(top.tolist())
            for row in rows:
                pair_row.extend([row] * len(top))
                pair_slot.extend(range(first, first + len(top)))
        slot_occupation = np.asarray(slot_occ, dtype=np.int64)
        slot_label = (
            best_label[np.asarray(slot_owner, dtype=np.int64), slot_occupation] if slot_occ else slot_occupation
        )
        rows_arr = np.asarray(pair_row, dtype=np.int64)
        slots_arr = np.asarray(pair_slot, dtype=np.int64)
        labels_arr = slot_label[slots_arr]
        char = _rowwise_dot(query_chars, self.char_matrix_, rows_arr, labels_arr)
        term = _rowwise_dot(query_terms, self.term_matrix_, rows_arr, labels_arr)
        exact = (self.char_weight * char + (1 - self.char_weight) * term) * self.label_weight_[labels_arr]
        exact *= np.asarray(factors, dtype=np.float32)[rows_arr]
        # The variant that matches each slot best explains it.
        order = np.lexsort((-exact, slots_arr))
        first_of_slot = order[np.r_[True, slots_arr[order][1:] != slots_arr[order][:-1]]]
        candidates = Candidates(
            owner=np.asarray(slot_owner, dtype=np.int64),
            occupation=slot_occupation,
            label=slot_label,
            variant=rows_arr[first_of_slot],
            char=char[first_of_slot],
            term=term[first_of_slot],
            retrieval=exact[first_of_slot],
            segment=np.asarray(factors, dtype=np.float32)[rows_arr[first_of_slot]] < 1.0,
        )
        features = self.features_.transform(texts, [detect_language(t) for t in titles], candidates)
        return candidates, features


def _rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """Dot products ``a[rows_a[i]] · b[rows_b[i]]``, shape (len(rows_a),)."""
    if not len(rows_a):
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
