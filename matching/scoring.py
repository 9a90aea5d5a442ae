"""Logistic scorer that turns skill-candidate features into a probability-like score in [0, 1]."""

from __future__ import annotations

import numpy as np

FEATURES: tuple[str, ...] = (
    "label_coverage",  # idf-weighted share of the best label's stems found in one clause
    "full_label",  # every stem of that label was found
    "compactness",  # label stems / tokens of the span covering them
    "preferred_label",  # the best label is a preferred (not alternative) label
    "label_length",  # stems in the best label, capped at 4, divided by 4
    "doc_similarity",  # TF-IDF cosine between a sentence and the skill's labels + description
    "occupation_prior",  # essential (1) / optional (0.5) skill of a linked occupation, times the link score
    "popularity",  # log share of occupations that require the skill
    "same_language",  # the best label is in the text's language (or either is unknown)
    "char_similarity",  # best char n-gram cosine between a clause and one of the skill's labels
    "text_tokens",  # content tokens in the text
    "clause_share",  # idf share of the clause's stems that the best label covers (1: the clause is the label)
    "clause_gap",  # coverage × clause share minus the best of any candidate in the same clause (-1: no label)
)

# Hand-set starting point, used until `fit` learns weights from synthetic data.
_DEFAULT_COEF = np.array([3.0, 1.0, 1.5, 0.3, 0.8, 5.0, 1.5, 0.5, 1.5, 0.0, 0.0, 0.0, 0.0], dtype=np.float64)
_DEFAULT_INTERCEPT = -6.5


class SkillScorer:
    """Logistic regression over :data:`FEATURES`.

    Args:
        C: inverse regularisation strength.
        seed: random state of the solver.
    """

    def __init__(self, *, C: float = 1.0, seed: int = 0) -> None:  # noqa: N803 (sklearn's name)
        self.C = C
        self.seed = seed
        self.coef_ = _DEFAULT_COEF.copy()
        self.intercept_ = _DEFAULT_INTERCEPT

    def fit(self, features: np.ndarray, labels: np.ndarray) -> SkillScorer:
        """Learn weights.

        Args:
            features: shape (n_samples, len(FEATURES)).
            labels: shape (n_samples,), 1 for a correct skill, 0 otherwise.

        Returns:
            self
        """
        if features.ndim != 2 or features.shape[1] != len(FEATURES):
            raise ValueError(f"features must have shape (n, {len(FEATURES)})")
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=self.C, random_state=self.seed, max_iter=1000)
        model.fit(features, labels)
        self.coef_ = model.coef_.ravel().astype(np.float64)
        self.intercept_ = float(model.intercept_[0])
        return self

    def score(self, features: np.ndarray) -> np.ndarray:
        """Scores in [0, 1] for features of shape (n, len(FEATURES)); returns shape (n,)."""
        logits = features.astype(np.float64) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-logits))

    def explain(self) -> dict[str, float]:
        """Weight of each feature."""
        return dict(zip(FEATURES, self.coef_.round(3).tolist(), strict=True))
