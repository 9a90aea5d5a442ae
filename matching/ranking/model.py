"""Scoring models: a linear function of the stage-two features, hand-set for the cold start or learned.

A linear model keeps explanations honest: each factor's contribution is its weight times its feature value.
Learning fits a pairwise logistic regression (RankSVM-style) on feature differences between items shown for the
same query with different outcomes, so only shown items count as negatives (exposure bias).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matching.ranking.features import JOB_PROFILE_FEATURES, PROJECT_INVESTOR_FEATURES

COLD_START: dict[str, dict[str, float]] = {
    "job-profile": {
        "required_skills": 3.0,
        "optional_skills": 1.0,
        "validated_skills": 0.5,
        "occupation": 1.5,
        "text": 1.0,
        "languages": 0.5,
        "distance": 0.5,
        "preferences": 0.3,
        "pay": 0.3,
        "freshness": 0.3,
        "response_rate": 0.2,
        "experience": 0.3,
    },
    "project-investor": {"sector": 2.0, "region": 1.0, "ticket": 1.5, "text": 1.0},
}
FEATURES = {"job-profile": JOB_PROFILE_FEATURES, "project-investor": PROJECT_INVESTOR_FEATURES}


@dataclass
class LinearModel:
    """score = features @ weights. ``version`` and ``metrics`` travel with the weights when saved."""

    family: str
    weights: dict[str, float]
    version: str = "cold-start"
    metrics: dict[str, float] = field(default_factory=dict)

    @classmethod
    def cold_start(cls, family: str) -> LinearModel:
        return cls(family=family, weights=dict(COLD_START[family]))

    @property
    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(name, 0.0) for name in FEATURES[self.family]])

    def score(self, features: np.ndarray) -> np.ndarray:
        """(m,) scores of (m, n_features) features."""
        return features @ self.vector

    def to_json(self) -> dict[str, Any]:
        return {"family": self.family, "weights": self.weights, "version": self.version, "metrics": self.metrics}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        family = str(data["family"])
        if family not in FEATURES:
            raise ValueError(f"unknown model family {family!r}")
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        return cls(family, weights, str(data.get("version", "")), dict(data.get("metrics", {})))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> LinearModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def pairwise_examples(
    groups: Sequence[tuple[np.ndarray, np.ndarray]], *, max_pairs: int = 200, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Differences of feature rows with different grades inside each group (one group = one query's shown items).

    Args:
        groups: (features (n_i, F), grades (n_i,)) per query; only items that were shown belong in a group.
        max_pairs: at most this many pairs per group, sampled with ``seed``.

    Returns:
        X (n_pairs, F) differences and y (n_pairs,) 1 when the first item had the better outcome.
    """
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for features, grades in groups:
        better, worse = np.nonzero(grades[:, None] > grades[None, :])
        if len(better) > max_pairs:
            keep = rng.choice(len(better), size=max_pairs, replace=False)
            better, worse = better[keep], worse[keep]
        diffs = features[better] - features[worse]
        # Both orientations, so the classifier has two balanced classes and no intercept is needed.
        rows += [diffs, -diffs]
        labels += [np.ones(len(diffs)), np.zeros(len(diffs))]
    if not rows:
        return np.zeros((0, 0)), np.zeros(0)
    return np.vstack(rows), np.concatenate(labels)


def fit_pairwise(
    family: str, groups: Sequence[tuple[np.ndarray, np.ndarray]], *, version: str, seed: int = 0, c: float = 1.0
) -> LinearModel:
    """Learn weights from outcome groups; raises ValueError when there are no informative pairs."""
    x, y = pairwise_examples(groups, seed=seed)
    if len(y) == 0:
        raise ValueError("no pair of shown items with different outcomes to learn from")
    # Imported here: scikit-learn costs every process that only ranks ~45 MB and ~1 s (learning runs in the worker).
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=c, fit_intercept=False, max_iter=1000, random_state=seed).fit(x, y)
    weights = dict(zip(FEATURES[family], (float(w) for w in classifier.coef_.ravel()), strict=True))
    return LinearModel(family=family, weights=weights, version=version)
