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
import random
import re
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from matching.augment import skill_training_set
from matching.bilingual import aligned_pairs, fit_translations, translate
from matching.features import CharNgramTfidf, TermTfidf, with_bigrams
from matching.lexicon import SKILL_PHRASES
from matching.linking import OccupationLinker, _rarest
from matching.occupation_guess import self_presented_title
from matching.pay import mask_pay
from matching.rerank import Reranker
from matching.scoring import FEATURES, SkillScorer
from matching.taxonomy import Taxonomy
from matching.text import Token, detect_language, normalize, tokens

_CLAUSE_RE = re.compile(r"[.;:!?\n•|()\[\]]|,\s|\s[-–]\s")
_SENTENCE_RE = re.compile(r"[.!?\n•]+\s*")
_HEAD_RE = re.compile(r"\s*:\s|,\s|\s[-–]\s")
_MIN_COVERAGE = 0.5
_MAX_CANDIDATES = 80
_PER_CHANNEL = 40
_MIN_LINK_SCORE = 0.6
_CHAR_RARE = 24
_CHAR_BATCH = 64
_CHAR_MAX_LENGTH = 40
# A label that exists only in the other language than the text's counts for less, a one-word one (EN "plan" for
# FR "plans") for much less.
_OTHER_LANGUAGE = 0.75
_OTHER_LANGUAGE_WORD = 0.4  # below _MIN_COVERAGE: never matched by its stems alone


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

    def __init__(
        self,
        *,
        min_score: float = 0.002,
        scorer: SkillScorer | Reranker | None = None,
        n_train: int = 1200,
        seed: int = 20_251_127,
    ) -> None:
        self.min_score = min_score
        self.scorer = scorer
        self.n_train = n_train
        self.seed = seed

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
        label_texts: list[str] = []
        label_skill: list[int] = []
        label_pref: list[float] = []
        label_fr: list[bool] = []
        label_shared: list[bool] = []
        label_derived: list[bool] = []
        docs: list[list[str]] = []
        translations = fit_translations(aligned_pairs(taxonomy))
        for skill_id, skill in enumerate(taxonomy.skills):
            seen: dict[tuple[str, ...], int] = {}
            pref = [skill.label_en, skill.label_fr]
            doc: list[str] = []
            extra_en, extra_fr = SKILL_PHRASES.get(skill.label_en, ((), ()))
            lexicon = {*extra_en, *extra_fr}
            alt_en = [*skill.alt_en, *extra_en]
            n_en = 2 + len(alt_en)
            for position, label in enumerate([*pref, *alt_en, *skill.alt_fr, *extra_fr]):
                stems = [tok.stem for tok in tokens(label)]
                key = tuple(sorted(set(stems)))
                doc.extend(with_bigrams(stems))
                is_fr = position == 1 or position >= n_en
                if key and key in seen and label_fr[seen[key]] != is_fr:
                    label_shared[seen[key]] = True
                if key and key not in seen:
                    seen[key] = len(label_stems)
                    label_shared.append(False)
                    label_derived.append(False)
                    label_stems.append(stems)
                    label_texts.append(normalize(label))
                    label_skill.append(skill_id)
                    # The lexicon's phrases are as sure as ESCO's preferred labels.
                    label_pref.append(1.0 if position < len(pref) or label in lexicon else 0.0)
                    label_fr.append(is_fr)
            # French bags of stems translated from the English labels (ESCO has few French alternatives).
            for label in [skill.label_en, *alt_en]:
                stems = translate([tok.stem for tok in tokens(label)], translations) or []
                key = tuple(sorted(set(stems)))
                if len(key) > 1 and key not in seen:
                    seen[key] = len(label_stems)
                    doc.extend(stems)
                    label_shared.append(False)
                    label_derived.append(True)
                    label_stems.append(stems)
                    label_texts.append(" ".join(stems))
                    label_skill.append(skill_id)
                    label_pref.append(0.0)
                    label_fr.append(True)
            doc.extend(tok.stem for tok in tokens(skill.description_en))
            docs.append(doc)
        self.docs_ = TermTfidf()
        self.doc_matrix_t_ = self.docs_.fit_transform(docs).T.tocsr()
        vocabulary = self.docs_.vocabulary_
        rows = [row for row, stems in enumerate(label_stems) for _ in sorted(set(stems))]
        cols = [vocabulary[s] for stems in label_stems for s in sorted(set(stems))]
        idf = self.docs_.idf_
        label_terms = sp.csr_matrix(
            (idf[cols], (rows, cols)), shape=(len(label_stems), len(vocabulary)), dtype=np.float32
        )
        self.label_terms_ = label_terms
        self.label_terms_t_ = label_terms.T.tocsr()
        self.label_mass_ = np.asarray(label_terms.sum(axis=1)).ravel().astype(np.float32)
        self.max_idf_ = float(idf.max())
        self.label_skill_ = np.asarray(label_skill, dtype=np.int32)
        self.label_pref_ = np.asarray(label_pref, dtype=np.float32)
        self.label_fr_ = np.asarray(label_fr, dtype=bool)
        self.label_shared_ = np.asarray(label_shared, dtype=bool)
        self.label_length_ = np.asarray([len(set(s)) for s in label_stems], dtype=np.float32)
        # (2, n_labels): what a label's stem coverage is multiplied by in an English (row 0) or French (row 1) text;
        # a label that exists only in the other language counts less (a one-word one too little to match).
        penalty = np.where(self.label_length_ == 1, _OTHER_LANGUAGE_WORD, _OTHER_LANGUAGE)
        self.language_factor_ = np.stack(
            [np.where((self.label_fr_ != fr) & ~self.label_shared_, penalty, 1.0) for fr in (False, True)]
        )
        # Long labels are found by their stems; indexing only short ones in char space keeps loading fast.
        short = [i for i, text in enumerate(label_texts) if len(text) <= _CHAR_MAX_LENGTH and not label_derived[i]]
        self.char_skill_ = self.label_skill_[short]
        self.label_texts_ = [label_texts[i] for i in short]
        self.chars_ = CharNgramTfidf()
        self.label_chars_t_ = self.chars_.fit_transform(self.label_texts_).T.tocsr()

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
        self.scorer_: SkillScorer | Reranker = self.scorer if self.scorer is not None else SkillScorer()
        if self.scorer is None and self.n_train > 0:
            self.scorer_ = self._train_scorer(taxonomy, linker)
        return self

    def _train_scorer(self, taxonomy: Taxonomy, linker: OccupationLinker | None) -> Reranker:
        """Hold out labels and descriptions of some skills, extract from job-ad sentences that mention them with an
        extractor fitted without them, and learn which candidates are right."""
        rng = random.Random(self.seed)  # noqa: S311 (sampling, not security)
        held, descriptions, texts = skill_training_set(taxonomy, n=self.n_train, rng=rng)
        index = {skill.uri: i for i, skill in enumerate(taxonomy.skills)}
        inner = SkillExtractor(min_score=self.min_score, scorer=SkillScorer(), n_train=0).fit(
            taxonomy.without(skill_labels=held, skill_descriptions=descriptions), linker
        )
        batch = inner.batch_features([text for text, _ in texts])
        right = np.concatenate(
            [np.isin(pool, [index[uri] for uri in gold]) for (pool, _, _), (_, gold) in zip(batch, texts, strict=True)]
        )
        features = np.concatenate([features for _, features, _ in batch])
        return Reranker(FEATURES, seed=self.seed).fit(features, right)

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
        batch = self.batch_features(texts)
        all_scores = self.scorer_.score(np.concatenate([features for _, features, _ in batch]))
        bounds = np.cumsum([0, *(len(candidates) for candidates, _, _ in batch)])
        results: list[list[SkillMatch]] = []
        for number, (text, (candidates, _, spans)) in enumerate(zip(texts, batch, strict=True)):
            scores = all_scores[bounds[number] : bounds[number + 1]]
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

    def batch_features(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray, list[str | None]]]:
        """:meth:`candidate_features` of each text, with the occupation priors computed in one batch."""
        masked = [mask_pay(text) for text in texts]
        priors = self._occupation_priors(masked)
        out: list[tuple[np.ndarray, np.ndarray, list[str | None]]] = []
        for start in range(0, len(texts), _CHAR_BATCH):
            block = masked[start : start + _CHAR_BATCH]
            char_sims = self._char_similarity(block)
            doc_sims = self._doc_similarity(block)
            for offset, text in enumerate(texts[start : start + _CHAR_BATCH]):
                prior, char_sim, doc_sim = priors[start + offset], char_sims[offset], doc_sims[offset]
                out.append(self.candidate_features(text, prior=prior, char_sim=char_sim, doc_sim=doc_sim))
        return out

    def candidate_features(
        self,
        text: str,
        *,
        prior: np.ndarray | None = None,
        char_sim: np.ndarray | None = None,
        doc_sim: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """Candidate skills of ``text`` and their features (pay statements are not read: :func:`mask_pay`).

        Args:
            text: free text.
            prior: occupation prior per skill, shape (n_skills,); computed from ``text`` when None.
            char_sim: char n-gram similarity per skill, shape (n_skills,); computed from ``text`` when None.
            doc_sim: similarity with each skill document, shape (n_skills,); computed from ``text`` when None.

        Returns:
            (skill ids, shape (n,); features, shape (n, len(FEATURES)); span per candidate or None).
        """
        if not hasattr(self, "skills_"):
            raise RuntimeError("SkillExtractor is not fitted")
        masked = mask_pay(text)  # same length: offsets and spans are the original text's
        toks = tokens(masked)
        if not toks:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)), dtype=np.float32), []
        clauses = _group(masked, toks, _CLAUSE_RE)
        coverage, best_clause, clause_mass = self._label_coverage(clauses)
        if char_sim is None:
            char_sim = self._char_similarity([masked])[0]
        similarity = doc_sim if doc_sim is not None else self._doc_similarity([masked])[0]
        if prior is None:
            prior = self._occupation_priors([masked])[0]
        lang = detect_language(text)
        if lang is not None:
            coverage = coverage * self.language_factor_[int(lang == "fr")]

        n_skills = len(self.skills_)
        skill_cov = np.zeros(n_skills, dtype=np.float32)
        skill_label = np.full(n_skills, -1, dtype=np.int64)
        matched = np.flatnonzero(coverage >= _MIN_COVERAGE)
        order = matched[np.lexsort((self.label_length_[matched], coverage[matched]))]
        skill_cov[self.label_skill_[order]] = coverage[order]
        skill_label[self.label_skill_[order]] = order
        # Candidates: the best skills of each channel (label stems, char n-grams, documents, occupation prior).
        pool = np.unique(
            np.concatenate(
                [
                    _top(0.6 * skill_cov + 0.4 * similarity + 0.1 * prior, _MAX_CANDIDATES),
                    _top(char_sim, _PER_CHANNEL),
                    _top(similarity, _PER_CHANNEL),
                    _top(prior, _PER_CHANNEL // 2),
                ]
            )
        )
        # One row per candidate, columns in FEATURES order; the label-based ones are 0 where no label matched.
        labels = skill_label[pool]
        has_label = labels >= 0
        label = np.maximum(labels, 0)
        clause_of = np.where(has_label, best_clause[label], -1)
        spans: list[str | None] = [None] * pool.size
        compact = np.zeros(pool.size, dtype=np.float64)
        for row in np.flatnonzero(has_label).tolist():
            spans[row], compact[row] = self._span(text, clauses[int(clause_of[row])], int(labels[row]))
        coverage_of = skill_cov[pool]
        same_language = self.label_fr_[label] == (lang == "fr") if lang is not None else True
        features = np.zeros((pool.size, len(FEATURES)), dtype=np.float32)
        features[:, 0] = coverage_of
        features[:, 1] = coverage_of >= 0.999
        features[:, 2] = compact
        features[:, 3] = np.where(has_label, self.label_pref_[label], 0.0)
        features[:, 4] = np.minimum(np.where(has_label, self.label_length_[label], 0.0), 4.0) / 4.0
        features[:, 5] = similarity[pool]
        features[:, 6] = prior[pool]
        features[:, 7] = self.popularity_[pool]
        features[:, 8] = ~has_label | same_language
        features[:, 9] = char_sim[pool]
        features[:, 10] = len(toks)
        with np.errstate(divide="ignore", invalid="ignore"):  # rows without a label: masked out just below
            clause_share = coverage_of * self.label_mass_[label] / clause_mass[np.maximum(clause_of, 0)]
        features[:, 11] = np.where(has_label, clause_share, 0.0)
        # Competition inside a clause: how far each label's match (coverage × clause share) is from the best one.
        fit = features[:, FEATURES.index("label_coverage")] * features[:, FEATURES.index("clause_share")]
        best_fit = np.zeros(len(clauses) + 1, dtype=np.float32)
        np.maximum.at(best_fit, clause_of + 1, fit)
        features[:, FEATURES.index("clause_gap")] = np.where(labels >= 0, fit - best_fit[clause_of + 1], -1.0)
        return pool, features, spans

    def _char_similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Per text and skill, the best char n-gram cosine between a clause and a label, shape (n_texts, n_skills).

        Catches what stems miss: compounds written apart or together ("pédo-psychologie"), typos, spelling
        variants. Only each clause's rarest n-grams are matched, so it is a lower bound of the cosine.
        """
        pieces: list[str] = []
        owners: list[int] = []
        for owner, text in enumerate(texts):
            for piece in _CLAUSE_RE.split(text):
                folded = normalize(piece)
                if folded:
                    pieces.append(folded)
                    owners.append(owner)
        out = np.zeros((len(texts), len(self.skills_)), dtype=np.float32)
        if not pieces:
            return out
        similarity = (_rarest(self.chars_.transform(pieces), _CHAR_RARE) @ self.label_chars_t_).tocoo()
        keys = np.asarray(owners, dtype=np.int64)[similarity.row] * len(self.skills_) + self.char_skill_[similarity.col]
        np.maximum.at(out.ravel(), keys, similarity.data)
        return out

    def _label_coverage(self, clauses: list[list[Token]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Best idf-weighted share of each label's stems found in one clause, that clause's index, and the idf
        mass of each clause's stems (unknown stems count with the largest idf)."""
        vocabulary = self.docs_.vocabulary_
        idf = self.docs_.idf_
        rows, cols = [], []
        clause_mass = np.zeros(len(clauses), dtype=np.float32)
        for row, clause in enumerate(clauses):
            for stem_id in {vocabulary.get(t.stem, -1) for t in clause}:
                clause_mass[row] += idf[stem_id] if stem_id >= 0 else self.max_idf_
                if stem_id >= 0:
                    rows.append(row)
                    cols.append(stem_id)
        present = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(clauses), len(vocabulary))
        )
        # Sparse all along: a clause shares stems with a few hundred of the ~86k labels.
        found = (present @ self.label_terms_t_).tocoo()
        share = found.data / self.label_mass_[found.col]
        best = np.zeros(len(self.label_mass_), dtype=np.float32)
        np.maximum.at(best, found.col, share)
        where = np.zeros(len(best), dtype=np.int64)
        if len(clauses) > 1:
            # The first clause where a matched label has its best share.
            first = (share == best[found.col]) & (best[found.col] >= _MIN_COVERAGE)
            first_clause = np.full(len(best), len(clauses), dtype=np.int64)
            np.minimum.at(first_clause, found.col[first], found.row[first].astype(np.int64))
            matched = np.flatnonzero(best >= _MIN_COVERAGE)
            where[matched] = first_clause[matched]
        return best, where, clause_mass

    def _doc_similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Per text, the max over its sentences (and the whole text) of the cosine with each skill document, shape
        (n_texts, n_skills)."""
        docs: list[list[str]] = []
        owners: list[int] = []
        for owner, text in enumerate(texts):
            toks = tokens(text)
            if not toks:
                continue
            sentences = [with_bigrams([t.stem for t in sentence]) for sentence in _group(text, toks, _SENTENCE_RE)]
            if len(sentences) > 1:
                sentences.append([term for doc in sentences for term in doc])
            docs.extend(sentences)
            owners.extend([owner] * len(sentences))
        out = np.zeros((len(texts), len(self.skills_)), dtype=np.float32)
        if docs:
            similarity = (self.docs_.transform(docs) @ self.doc_matrix_t_).toarray()
            starts = np.flatnonzero(np.r_[True, np.diff(owners) != 0])
            out[np.asarray(owners)[starts]] = np.maximum.reduceat(similarity, starts, axis=0)
        return out

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
                words = len(sentence.split())
                named = self_presented_title(sentence)  # « Je suis mécanicienne auto depuis 8 ans : … »
                if named is not None:
                    pieces.append(named)
                    owners.append(index)
                elif 0 < words <= 12:
                    pieces.append(sentence)
                    owners.append(index)
                elif words:
                    # "Chauffeur-livreur, vous conduirez…", "Aide-soignant(e) : prise des constantes…": a short
                    # head before a colon or comma names the job.
                    head = _HEAD_RE.split(sentence, maxsplit=1)[0]
                    if 0 < len(head.split()) <= 4:
                        pieces.append(head)
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


def _top(values: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest positive entries of ``values`` (any order)."""
    positive = np.flatnonzero(values > 0)
    if positive.size > n:
        positive = positive[np.argpartition(-values[positive], n)[:n]]
    return positive


def _group(text: str, toks: list[Token], boundary: re.Pattern[str]) -> list[list[Token]]:
    """Split tokens into groups wherever ``boundary`` matches the text between two consecutive tokens."""
    groups: list[list[Token]] = [[toks[0]]]
    for previous, token in itertools.pairwise(toks):
        if boundary.search(text, previous.end, token.start):
            groups.append([])
        groups[-1].append(token)
    return groups
