"""Learned re-ranker: a logistic additive model over binned candidate features, trained on pairs made from the
taxonomy.

Used by the occupation linker (title, occupation) and the skill extractor (text, skill). Each feature is cut at its
training quantiles and every bin gets its own weight (a step function per feature, so monotone or not, learned by
scikit-learn's LogisticRegression); scoring is then a table look-up per feature in numpy — no scikit-learn import at
load or query time. The score is the predicted probability that a candidate is the right one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class Reranker:
    """Logistic regression on one-hot bins of each feature (a generalised additive model).

    Args:
        features: names of the feature columns, in order.
        n_bins: quantile bins per feature (fewer when a feature has fewer distinct values).
        C: inverse L2 regularisation strength.
        seed: random state of the solver.
    """

    def __init__(
        self,
        features: Sequence[str],
        *,
        n_bins: int = 24,
        C: float = 1.0,  # noqa: N803 (sklearn's name)
        seed: int = 0,
    ) -> None:
        self.features = tuple(features)
        self.n_bins = n_bins
        self.C = C
        self.seed = seed

    def fit(self, features: np.ndarray, labels: np.ndarray) -> Reranker:
        """Learn the bins and their weights.

        Args:
            features: shape (n_pairs, len(self.features)).
            labels: shape (n_pairs,), 1 for a right candidate, 0 otherwise.

        Returns:
            self
        """
        if features.ndim != 2 or features.shape[1] != len(self.features):
            raise ValueError(f"features must have shape (n, {len(self.features)})")
        if len(np.unique(labels)) < 2:
            raise ValueError("training pairs need both right and wrong candidates")
        from sklearn.linear_model import LogisticRegression

        quantiles = np.linspace(0, 1, self.n_bins + 1)[1:-1]
        self.edges_ = [np.unique(np.quantile(features[:, j], quantiles)) for j in range(features.shape[1])]
        self.offsets_ = np.cumsum([0, *(len(edges) + 1 for edges in self.edges_)])
        model = LogisticRegression(C=self.C, max_iter=3000, random_state=self.seed)
        model.fit(self._one_hot(features), labels)
        self.weights_ = model.coef_.ravel().astype(np.float64)
        self.intercept_ = float(model.intercept_[0])
        self.n_train_ = len(labels)
        return self

    def _one_hot(self, features: np.ndarray) -> object:
        import scipy.sparse as sp

        cols = self._columns(features)
        rows = np.repeat(np.arange(len(features)), cols.shape[1])
        data = np.ones(cols.size, dtype=np.float64)
        return sp.csr_matrix((data, (rows, cols.ravel())), shape=(len(features), int(self.offsets_[-1])))

    def _columns(self, features: np.ndarray) -> np.ndarray:
        """Column of each (row, feature) bin in the one-hot layout, shape (n_pairs, n_features)."""
        columns = [np.searchsorted(edges, features[:, j], side="right") for j, edges in enumerate(self.edges_)]
        return np.stack(columns, axis=1) + self.offsets_[:-1]

    def score(self, features: np.ndarray) -> np.ndarray:
        """Probability that each candidate is right, shape (n_pairs,), for features of shape (n_pairs, n_features)."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("Reranker is not fitted")
        if not len(features):
            return np.zeros(0, dtype=np.float64)
        logits = self.weights_[self._columns(features)].sum(axis=1) + self.intercept_
        return 1.0 / (1.0 + np.exp(-logits))

    def explain(self) -> dict[str, float]:
        """Range of each feature's contribution to the logit (how much it can move a score)."""
        return {
            name: round(float(np.ptp(self.weights_[self.offsets_[j] : self.offsets_[j + 1]])), 3)
            for j, name in enumerate(self.features)
        }
