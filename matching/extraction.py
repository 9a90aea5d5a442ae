"""Free text (sentence, CV, job description; FR or EN) → ranked ESCO skills with the span that triggered them.

Candidates → features → scorer, as in record linkage:
1. phrase matching: for every clause, the idf-weighted share of each skill label's stems found in it, and the
   tightest span covering them;
2. sentence similarity: TF-IDF cosine between the text's sentences and skill documents (labels + description);
3. occupation prior: essential/optional skills of the occupations the text links to, and skill popularity;
then a logistic scorer (:mod:`matching.scoring`) turns the features into a score in [0, 1].
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from matching.features import TermTfidf, with_bigrams
from matching.linking import OccupationLinker
from matching.scoring import FEATURES, SkillScorer
from matching.taxonomy import Taxonomy
from matching.text import Token, detect_language, tokens

_CLAUSE_RE = re.compile(r"[.;:!?\n•|()\[\]]|,\s|\s[-–]\s")
_SENTENCE_RE = re.compile(r"[.!?\n•]+\s*")
_MIN_COVERAGE = 0.5
_MAX_CANDIDATES = 120
_MIN_LINK_SCORE = 0.6


class SkillMatch(NamedTuple):
    """One extracted skill: URI, label in the text's language, score in [0, 1], triggering span or None."""

    uri: str
    label: str
    score: float
    span: str | None


class SkillExtractor:
    """Extract ESCO skills from free text.

    Args:
        min_score: skills scoring below this are not returned.
        scorer: feature combiner; a default :class:`SkillScorer` (hand-set weights) when None.
    """

    def __init__(self, *, min_score: float = 0.05, scorer: SkillScorer | None = None) -> None:
        self.min_score = min_score
        self.scorer = scorer

    def fit(self, taxonomy: Taxonomy, linker: OccupationLinker | None = None) -> SkillExtractor:
        """Index skill labels and documents, the occupation→skill relations and skill popularity.

        Args:
            taxonomy: the ESCO taxonomy.
            linker: a fitted occupation linker, used to link the text's likely occupations (optional).

        Returns:
            self
        """
        self.skills_ = taxonomy.skills
        skill_index = {skill.uri: i for i, skill in enumerate(taxonomy.skills)}
        label_stems: list[list[str]] = []
        label_skill: list[int] = []
        label_pref: list[float] = []
        label_fr: list[bool] = []
        docs: list[list[str]] = []
        for skill_id, skill in enumerate(taxonomy.skills):
            seen: set[tuple[str, ...]] = set()
            pref = [skill.label_en, skill.label_fr]
            doc: list[str] = []
            n_en = 2 + len(skill.alt_en)
            for position, label in enumerate([*pref, *skill.alt_en, *skill.alt_fr]):
                stems = [tok.stem for tok in tokens(label)]
                key = tuple(sorted(set(stems)))
                doc.extend(with_bigrams(stems))
                if key and key not in seen:
                    seen.add(key)
                    label_stems.append(stems)
                    label_skill.append(skill_id)
                    label_pref.append(1.0 if position < len(pref) else 0.0)
                    label_fr.append(position == 1 or position >= n_en)
            doc.extend(tok.stem for tok in tokens(skill.description_en))
            docs.append(doc)
        self.docs_ = TermTfidf()
        self.doc_matrix_t_ = self.docs_.fit_transform(docs).T.tocsr()
        vocabulary = self.docs_.vocabulary_
        rows = [row for row, stems in enumerate(label_stems) for _ in set(stems)]
        cols = [vocabulary[s] for stems in label_stems for s in set(stems)]
        idf = self.docs_.idf_
        label_terms = sp.csr_matrix(
            (idf[cols], (rows, cols)), shape=(len(label_stems), len(vocabulary)), dtype=np.float32
        )
        self.label_terms_ = label_terms
        self.label_terms_t_ = label_terms.T.tocsr()
        self.label_mass_ = np.asarray(label_terms.sum(axis=1)).ravel().astype(np.float32)
        self.label_skill_ = np.asarray(label_skill, dtype=np.int32)
        self.label_pref_ = np.asarray(label_pref, dtype=np.float32)
        self.label_fr_ = np.asarray(label_fr, dtype=bool)
        self.label_length_ = np.asarray([len(set(s)) for s in label_stems], dtype=np.float32)

        counts: Counter[int] = Counter()
        relations: dict[int, list[tuple[int, float]]] = {}
        for occ_id, occ in enumerate(taxonomy.occupations):
            for uri, kind in taxonomy.occupation_skills.get(occ.uri, ()):
                if uri in skill_index:
                    counts[skill_index[uri]] += 1
                    relations.setdefault(occ_id, []).append((skill_index[uri], 1.0 if kind == "essential" else 0.5))
        most = max(counts.values(), default=1)
        self.popularity_ = np.asarray(
            [np.log1p(counts[i]) / np.log1p(most) for i in range(len(taxonomy.skills))], dtype=np.float32
        )
        self.occupation_skills_ = relations
        self.linker_ = linker
        self.scorer_ = self.scorer if self.scorer is not None else SkillScorer()
        return self

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "label_terms_t_"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if "label_terms_" in state:
            self.label_terms_t_ = self.label_terms_.T.tocsr()

    def extract(self, text: str, k: int = 10) -> list[SkillMatch]:
        """Rank the skills that ``text`` mentions or implies; see :meth:`extract_many`."""
        return self.extract_many([text], k=k)[0]

    def extract_many(self, texts: Sequence[str], k: int = 10) -> list[list[SkillMatch]]:
        """Rank the skills that each text mentions or implies.

        Args:
            texts: free texts in French or English (a sentence, a CV, a job description).
            k: maximum number of skills per text.

        Returns:
            Per text, up to ``k`` skills, best first, each with the span of the text that triggered it (None when
            the skill comes from overall similarity rather than a phrase).
        """
        if not hasattr(self, "skills_"):
            raise RuntimeError("SkillExtractor is not fitted")
        priors = self._occupation_priors(texts)
        results: list[list[SkillMatch]] = []
        for text, prior in zip(texts, priors, strict=True):
            candidates, features, spans = self.candidate_features(text, prior=prior)
            scores = self.scorer_.score(features)
            lang = detect_language(text) or "en"
            out: list[SkillMatch] = []
            for position in np.argsort(-scores, kind="stable")[:k]:
                if scores[position] < self.min_score:
                    break
                skill = self.skills_[int(candidates[position])]
                score = round(float(scores[position]), 4)
                out.append(SkillMatch(skill.uri, skill.label(lang), score, spans[position]))
            results.append(out)
        return results

    def candidate_features(
        self, text: str, *, prior: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """Candidate skills of ``text`` and their features.

        Args:
            text: free text.
            prior: occupation prior per skill, shape (n_skills,); computed from ``text`` when None.

        Returns:
            (skill ids, shape (n,); features, shape (n, len(FEATURES)); span per candidate or None).
        """
        if not hasattr(self, "skills_"):
            raise RuntimeError("SkillExtractor is not fitted")
        toks = tokens(text)
        if not toks:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)), dtype=np.float32), []
        clauses = _group(text, toks, _CLAUSE_RE)
        coverage, best_clause = self._label_coverage(clauses)
        sentences = _group(text, toks, _SENTENCE_RE)
        similarity = self._doc_similarity(sentences)
        if prior is None:
            prior = self._occupation_priors([text])[0]
        lang = detect_language(text)

        n_skills = len(self.skills_)
        skill_cov = np.zeros(n_skills, dtype=np.float32)
        skill_label = np.full(n_skills, -1, dtype=np.int64)
        matched = np.flatnonzero(coverage >= _MIN_COVERAGE)
        order = matched[np.lexsort((self.label_length_[matched], coverage[matched]))]
        skill_cov[self.label_skill_[order]] = coverage[order]
        skill_label[self.label_skill_[order]] = order
        preliminary = 0.6 * skill_cov + 0.4 * similarity + 0.1 * prior
        pool = np.flatnonzero(preliminary > 0)
        if pool.size > _MAX_CANDIDATES:
            pool = pool[np.argpartition(-preliminary[pool], _MAX_CANDIDATES)[:_MAX_CANDIDATES]]
        features = np.zeros((pool.size, len(FEATURES)), dtype=np.float32)
        spans: list[str | None] = []
        for row, skill_id in enumerate(pool):
            label_id = int(skill_label[skill_id])
            span, compact = None, 0.0
            if label_id >= 0:
                span, compact = self._span(text, clauses[int(best_clause[label_id])], label_id)
            spans.append(span)
            length = float(self.label_length_[label_id]) if label_id >= 0 else 0.0
            features[row] = (
                skill_cov[skill_id],
                float(skill_cov[skill_id] >= 0.999),
                compact,
                self.label_pref_[label_id] if label_id >= 0 else 0.0,
                min(length, 4.0) / 4.0,
                similarity[skill_id],
                prior[skill_id],
                self.popularity_[skill_id],
                1.0 if label_id < 0 or lang is None or self.label_fr_[label_id] == (lang == "fr") else 0.0,
            )
        return pool, features, spans

    def _label_coverage(self, clauses: list[list[Token]]) -> tuple[np.ndarray, np.ndarray]:
        """Best idf-weighted share of each label's stems found in one clause, and that clause's index."""
        vocabulary = self.docs_.vocabulary_
        rows, cols = [], []
        for row, clause in enumerate(clauses):
            for stem_id in {vocabulary[t.stem] for t in clause if t.stem in vocabulary}:
                rows.append(row)
                cols.append(stem_id)
        present = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(clauses), len(vocabulary))
        )
        mass = (present @ self.label_terms_t_).toarray() / self.label_mass_[None, :]
        best = mass.max(axis=0)
        where = np.zeros(len(best), dtype=np.int64)
        if len(clauses) > 1:
            matched = np.flatnonzero(best >= _MIN_COVERAGE)
            where[matched] = mass[:, matched].argmax(axis=0)
        return best, where

    def _doc_similarity(self, sentences: list[list[Token]]) -> np.ndarray:
        """Max over sentences (and the whole text) of the cosine with each skill document, shape (n_skills,)."""
        docs = [with_bigrams([t.stem for t in sentence]) for sentence in sentences]
        if len(docs) > 1:
            docs.append([term for doc in docs for term in doc])
        similarity = (self.docs_.transform(docs) @ self.doc_matrix_t_).toarray()
        return similarity.max(axis=0)

    def _occupation_priors(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Per text, the skills of the occupations it links to, weighted by link score (essential 1, optional 0.5).

        Short sentences (titles, "Maçon expérimenté") of all texts are linked in one batch.
        """
        priors = [np.zeros(len(self.skills_), dtype=np.float32) for _ in texts]
        if self.linker_ is None:
            return priors
        pieces: list[str] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            for sentence in _SENTENCE_RE.split(text)[:6]:
                if 0 < len(sentence.split()) <= 12:
                    pieces.append(sentence)
                    owners.append(index)
        for owner, matches in zip(owners, self.linker_.link_many(pieces, k=2), strict=True):
            for match in matches:
                if match.score < _MIN_LINK_SCORE:
                    continue
                prior = priors[owner]
                for skill_id, weight in self.occupation_skills_.get(self.linker_.index_of(match.uri), ()):
                    prior[skill_id] = max(prior[skill_id], weight * match.score)
        return priors

    def _span(self, text: str, clause: list[Token], label_id: int) -> tuple[str | None, float]:
        """Tightest substring of the clause holding the label's stems, and its compactness in (0, 1]."""
        vocabulary = self.docs_.vocabulary_
        start, end = self.label_terms_.indptr[label_id], self.label_terms_.indptr[label_id + 1]
        wanted = set(self.label_terms_.indices[start:end].tolist())
        hits = [(i, t) for i, t in enumerate(clause) if vocabulary.get(t.stem, -1) in wanted]
        if not hits:
            return None, 0.0
        best: tuple[int, int] | None = None
        need = len({t.stem for _, t in hits})
        window: Counter[str] = Counter()
        left = 0
        for right in range(len(hits)):
            window[hits[right][1].stem] += 1
            while len(window) == need:
                first, last = hits[left][0], hits[right][0]
                if best is None or last - first < best[1] - best[0]:
                    best = (first, last)
                window[hits[left][1].stem] -= 1
                if not window[hits[left][1].stem]:
                    del window[hits[left][1].stem]
                left += 1
        assert best is not None
        first, last = best
        return text[clause[first].start : clause[last].end], need / (last - first + 1)


def _group(text: str, toks: list[Token], boundary: re.Pattern[str]) -> list[list[Token]]:
    """Split tokens into groups wherever ``boundary`` matches the text between two consecutive tokens."""
    groups: list[list[Token]] = [[toks[0]]]
    for previous, token in itertools.pairwise(toks):
        if boundary.search(text, previous.end, token.start):
            groups.append([])
        groups[-1].append(token)
    return groups
