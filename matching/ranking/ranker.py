"""Retrieval, scoring and explanations in every direction the product needs.

ranker = Ranker("jobs-for-profile", space=TermSpace.fit(taxonomy), taxonomy=taxonomy).index(jobs)
ranker.rank(profile, k=20) -> [Ranked(id, score, explanation)]
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching.ranking import features as pair_features
from matching.ranking.encode import Encoded, encode
from matching.ranking.index import CandidateIndex, Retrieval
from matching.ranking.model import FEATURES, LinearModel
from matching.ranking.records import Investor, Job, Profile, Project, Record
from matching.ranking.vectors import TermSpace
from matching.taxonomy import Taxonomy


@dataclass(frozen=True)
class Direction:
    """Who asks (query kind), who is ranked (candidate kind), and how stage one and two see them.

    Stage one's terms come in two parts: ``fit`` (skills, occupations: an overlap there is evidence that the
    candidate fits) and ``context`` (words, regions, sectors: they re-order, they do not qualify). When
    ``requires_fit`` is set, a candidate with no overlap on the ``fit`` terms is never returned, however close,
    fresh or preferred it is. ``ignored`` features are zeroed in this direction: they must not rank.
    """

    name: str
    query_kind: type
    candidate_kind: type
    family: str
    fit: Retrieval
    context: Retrieval
    query_first: bool  # whether the query is the first side of the family's feature functions
    requires_fit: bool = True
    ignored: tuple[str, ...] = ()


_OCCUPATION_TERMS = (("occ", "occ", 2.0), ("isco4", "isco4", 1.0), ("isco3", "isco3", 0.4))
_JOB_CONTEXT = Retrieval((("word", "word", 0.8), ("tag", "tag", 0.2)))
DIRECTIONS = {
    "jobs-for-profile": Direction(
        "jobs-for-profile",
        Profile,
        Job,
        "job-profile",
        fit=Retrieval((("skill", "skill", 1.0), ("skill", "extra", 0.5), *_OCCUPATION_TERMS)),
        context=_JOB_CONTEXT,
        query_first=False,
    ),
    "profiles-for-job": Direction(
        "profiles-for-job",
        Job,
        Profile,
        "job-profile",
        fit=Retrieval((("skill", "skill", 1.0), ("extra", "skill", 0.5), *_OCCUPATION_TERMS)),
        context=_JOB_CONTEXT,
        query_first=True,
        # Facts about the vacancy, the same for every person: how recent it is says nothing about a person.
        ignored=("freshness", "response_rate"),
    ),
    "investors-for-project": Direction(
        "investors-for-project",
        Project,
        Investor,
        "project-investor",
        fit=Retrieval((("tag", "tag", 1.0), ("word", "word", 1.0))),
        context=Retrieval(()),
        query_first=True,
        requires_fit=False,
    ),
    "projects-for-investor": Direction(
        "projects-for-investor",
        Investor,
        Project,
        "project-investor",
        fit=Retrieval((("tag", "tag", 1.0), ("word", "word", 1.0))),
        context=Retrieval(()),
        query_first=False,
        requires_fit=False,
    ),
}
FEATURE_FUNCTIONS = {
    "job-profile": (pair_features.job_profile_features, pair_features.job_profile_filter),
    "project-investor": (pair_features.project_investor_features, pair_features.project_investor_filter),
}
# Which features say something about a pair (the others are the same for every candidate): for `Ranker.match`.
APPLICABLE = {"job-profile": pair_features.job_profile_applicable}


@dataclass(frozen=True)
class Ranked:
    """One result: its id, score, explanation, and the stage-two features it was scored on (for learning)."""

    id: str
    score: float
    explanation: dict[str, Any]
    features: tuple[float, ...] = ()


@dataclass(frozen=True)
class Candidates:
    """Stage two's input and output for one query: rows, their features and scores.

    ``applicable`` (same shape as ``features``) tells which features say something about each pair.
    """

    rows: np.ndarray
    features: np.ndarray
    scores: np.ndarray
    encoded: Encoded
    applicable: np.ndarray


class Ranker:
    """Ranks one kind of candidate for queries of the other kind (see :data:`DIRECTIONS`).

    Args:
        direction: a key of :data:`DIRECTIONS`.
        space: the fitted term space (shared by all directions).
        taxonomy: for skill labels and "could be trained" hints in explanations (optional).
        model: scoring weights; the hand-set cold start when None.
        stage_one: how many retrieved candidates stage two scores (at least 5 × k).
        lang: language of the labels in explanations.
    """

    def __init__(
        self,
        direction: str,
        *,
        space: TermSpace,
        taxonomy: Taxonomy | None = None,
        model: LinearModel | None = None,
        stage_one: int = 200,
        lang: str = "en",
    ) -> None:
        self.direction = DIRECTIONS[direction]
        self.space = space
        self.taxonomy = taxonomy
        self.model = model or LinearModel.cold_start(self.direction.family)
        if self.model.family != self.direction.family:
            raise ValueError(f"a {self.model.family} model cannot rank {direction}")
        self.stage_one = stage_one
        self.lang = lang
        self.index_: CandidateIndex | None = None
        self._skill_uris = list(space.skill_ids_)
        self._neighbour_cache: dict[str, frozenset[str]] = {}

    def copy(self) -> Ranker:
        """A ranker sharing this one's fitted parts, whose index (and model) can change without touching this one.

        The live index changes a copy while queries keep reading the original, then swaps the copy in.
        """
        clone = copy.copy(self)
        clone.index_ = self.index_.copy() if self.index_ is not None else None
        return clone

    def with_model(self, model: LinearModel) -> Ranker:
        """The same index scored by ``model`` (the index itself is shared, not copied)."""
        if model.family != self.direction.family:
            raise ValueError(f"a {model.family} model cannot rank {self.direction.name}")
        clone = copy.copy(self)
        clone.model = model
        return clone

    @property
    def weights_(self) -> np.ndarray:
        """(n_features,) the model's weights with this direction's ignored features at 0."""
        names = FEATURES[self.direction.family]
        keep = np.array([name not in self.direction.ignored for name in names])
        return np.where(keep, self.model.vector, 0.0)

    def match(self, features: np.ndarray, applicable: np.ndarray) -> np.ndarray:
        """(m,) how close each candidate comes to an ideal one, in [0, 1], as the model weighs the features.

        Over the features that apply to the pair (a job without optional skills or a salary gives everyone the
        same value there), 1.0 is every feature at its best — all the skills asked, validated, the occupation,
        the languages, nearby — and 0.0 every one at its worst. Features are in [0, 1], so the bounds are the
        sums of the applicable negative and positive weights. Within one query of ``profiles-for-job`` what
        applies depends on the job only, so the order of the shares is the order of the scores.

        Args:
            features: (m, n_features) stage-two features.
            applicable: (m, n_features) booleans.
        """
        weights = self.weights_ * applicable
        low, high = np.minimum(weights, 0).sum(axis=1), np.maximum(weights, 0).sum(axis=1)
        span = high - low
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(span > 0, ((features * weights).sum(axis=1) - low) / np.where(span > 0, span, 1), 0.0)
        return np.clip(share, 0.0, 1.0)

    def _check_kind(self, records: Sequence[Record], kind: type) -> None:
        wrong = [r.id for r in records if not isinstance(r, kind)]
        if wrong:
            raise TypeError(f"{self.direction.name} expects {kind.__name__} records; got others: {wrong[:3]}")

    def index(self, candidates: Sequence[Record]) -> Ranker:
        """Build the candidate index (replaces any previous one)."""
        self._check_kind(candidates, self.direction.candidate_kind)
        self.index_ = CandidateIndex(encode(self.space, candidates))
        return self

    def index_batches(self, batches: Iterable[Sequence[Record]]) -> Ranker:
        """Build the index from batches of records (bounded memory for large corpora)."""
        parts = []
        for batch in batches:
            self._check_kind(batch, self.direction.candidate_kind)
            parts.append(encode(self.space, batch))
        self.index_ = CandidateIndex.build(parts)
        return self

    def upsert(self, candidates: Sequence[Record]) -> None:
        """Add new candidates or replace edited ones: rankable at once, no rebuild."""
        self._check_kind(candidates, self.direction.candidate_kind)
        self._fitted().add(encode(self.space, candidates))

    def remove(self, ids: Sequence[str]) -> None:
        self._fitted().remove(ids)

    def _fitted(self) -> CandidateIndex:
        if self.index_ is None:
            raise RuntimeError("call index() before ranking")
        return self.index_

    def _sides(self, query: Encoded, candidates: Encoded) -> tuple[Encoded, Encoded]:
        return (query, candidates) if self.direction.query_first else (candidates, query)

    def candidates(self, query: Record, *, k: int, encoded_query: Encoded | None = None) -> Candidates:
        """Stage one (retrieve, filter) and stage two (features, scores) for ``query``."""
        index = self._fitted()
        self._check_kind([query], self.direction.query_kind)
        encoded_query = encoded_query or encode(self.space, [query])
        fit = index.retrieve_scores(encoded_query, self.direction.fit)
        scores = fit + index.retrieve_scores(encoded_query, self.direction.context)
        # Without a shared skill or occupation nothing says the candidate fits: distance, words, freshness and
        # preferences only re-order candidates that do.
        eligible = fit > 0 if self.direction.requires_fit else scores > 0
        rows = np.flatnonzero(eligible & index.alive)
        features_of, keep_of = FEATURE_FUNCTIONS[self.direction.family]
        if len(rows):
            limit = max(self.stage_one, 5 * k)
            pool = rows if len(rows) <= 4 * limit else rows[np.argpartition(-scores[rows], 4 * limit)[: 4 * limit]]
            # Hard filters (they read scalars and tags only) on a generous pool, then the best `limit` by
            # stage-one score go to stage two.
            passed = pool[keep_of(*self._sides(encoded_query, index.gather(pool, blocks=("tag",))))]
            if len(passed) > limit:
                passed = passed[np.argpartition(-scores[passed], limit)[:limit]]
            rows = passed
        if not len(rows):
            empty = np.zeros((0, len(FEATURES[self.direction.family])))
            return Candidates(rows, empty, np.zeros(0), Encoded(ids=[], blocks={}, scalars={}), empty.astype(bool))
        gathered = index.gather(rows)
        matrix = features_of(*self._sides(encoded_query, gathered))
        if self.direction.ignored:
            names = FEATURES[self.direction.family]
            matrix[:, [names.index(name) for name in self.direction.ignored]] = 0.0
        applicable_of = APPLICABLE.get(self.direction.family)
        applicable = (
            applicable_of(*self._sides(encoded_query, gathered))
            if applicable_of is not None
            else np.ones(matrix.shape, dtype=bool)
        )
        return Candidates(rows, matrix, matrix @ self.weights_, gathered, applicable)

    def rank(self, query: Record, *, k: int = 20, explain: bool = True) -> list[Ranked]:
        """The top ``k`` candidates for ``query``, best first, each with its explanation.

        The explanation holds the main ``factors``, ``match`` (the score as a share of the best possible, see
        :meth:`match`) and, between jobs and profiles, the matched and missing skills and the distance.
        """
        encoded_query = encode(self.space, [query])
        found = self.candidates(query, k=k, encoded_query=encoded_query)
        order = np.lexsort((found.rows, -found.scores))[:k]
        distances = None
        if explain and self.direction.family == "job-profile" and len(order):
            distances = pair_features.distances(encoded_query, found.encoded)
        shares = self.match(found.features, found.applicable) if explain else None
        results = []
        for position in order:
            explanation = self._explain(encoded_query, found, int(position), distances) if explain else {}
            if shares is not None:
                explanation["match"] = round(float(shares[position]), 3)
            results.append(
                Ranked(
                    found.encoded.ids[position],
                    round(float(found.scores[position]), 4),
                    explanation,
                    tuple(round(float(v), 4) for v in found.features[position]),
                )
            )
        return results

    # Explanations -------------------------------------------------------------------------------------------

    def _label(self, uri: str) -> dict[str, str]:
        skill = self.taxonomy.skill_by_uri.get(uri) if self.taxonomy else None
        return {"uri": uri, "label": skill.label(self.lang) if skill else uri}

    def _neighbours(self, uri: str) -> frozenset[str]:
        """The skill's broader groups and related skills (cached)."""
        found = self._neighbour_cache.get(uri)
        if found is None:
            assert self.taxonomy is not None
            found = frozenset(self.taxonomy.skill_broader.get(uri, [])) | frozenset(
                self.taxonomy.skill_related.get(uri, [])
            )
            self._neighbour_cache[uri] = found
        return found

    def _trainable(self, uri: str, reach: frozenset[str]) -> bool:
        """A missing skill a short training could close: knowledge, or next to what the person has (``reach``)."""
        skill = self.taxonomy.skill_by_uri.get(uri) if self.taxonomy else None
        if skill is None:
            return False
        return skill.skill_type == "knowledge" or bool(self._neighbours(uri) & reach)

    def _uris(self, encoded: Encoded, block: str, row: int) -> list[str]:
        matrix = encoded.blocks[block]
        columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        return [self._skill_uris[c] for c in columns]

    def _explain(
        self, query: Encoded, found: Candidates, position: int, distances: np.ndarray | None
    ) -> dict[str, Any]:
        names = FEATURES[self.direction.family]
        values = found.features[position]
        contributions = values * self.weights_
        factors = [
            {"factor": names[i], "value": round(float(values[i]), 3), "contribution": round(float(contributions[i]), 3)}
            for i in np.argsort(-contributions)[:3]
            if contributions[i] > 0
        ]
        explanation: dict[str, Any] = {"factors": factors, "model": self.model.version}
        if self.direction.family != "job-profile":
            return explanation
        job_side, profile_side = (query, found.encoded) if self.direction.query_first else (found.encoded, query)
        job_row = 0 if self.direction.query_first else position
        profile_row = position if self.direction.query_first else 0
        required = self._uris(job_side, "skill", job_row)
        optional = self._uris(job_side, "extra", job_row)
        have = set(self._uris(profile_side, "skill", profile_row))
        validated = set(self._uris(profile_side, "extra", profile_row))
        missing = [uri for uri in required if uri not in have]
        reach = (
            frozenset(have).union(*(self._neighbours(h) for h in have)) if missing and self.taxonomy else frozenset()
        )
        explanation.update(
            matched_skills=[{**self._label(u), "validated": u in validated} for u in required if u in have],
            missing_skills=[{**self._label(u), "trainable": self._trainable(u, reach)} for u in missing],
            matched_optional_skills=[self._label(u) for u in optional if u in have],
        )
        if distances is not None and not np.isnan(distances[position]):
            explanation["distance_km"] = round(float(distances[position]), 1)
        return explanation
