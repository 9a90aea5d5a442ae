"""``python -m matching.evaluate text``: occupation linking and skill extraction on held-out dev sets.

The engine is fitted on a taxonomy copy without the held-out labels and descriptions; a plain TF-IDF character
n-gram baseline (scikit-learn, labels only) is fitted on the same copy and scored in the same run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine import fit_text_engine
from matching.evaluate.devsets import Query, build
from matching.taxonomy import Taxonomy

Ranker = Callable[[Sequence[str]], list[list[str]]]


class CharTfidfBaseline:
    """Plain baseline: char n-gram TF-IDF over every label, cosine, max over a concept's labels."""

    def __init__(self, *, k: int = 10) -> None:
        self.k = k

    def fit(self, labelled: Sequence[tuple[str, Sequence[str]]]) -> CharTfidfBaseline:
        """Index ``(uri, labels)`` pairs; returns self."""
        texts = [label for _, labels in labelled for label in labels]
        self.owner_ = np.asarray([i for i, (_, labels) in enumerate(labelled) for _ in labels])
        self.uris_ = [uri for uri, _ in labelled]
        self.vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, dtype=np.float32)
        self.matrix_t_ = self.vectorizer_.fit_transform(texts).T.tocsr()
        return self

    def rank(self, queries: Sequence[str]) -> list[list[str]]:
        """Top ``k`` URIs per query."""
        out: list[list[str]] = []
        similarity = (self.vectorizer_.transform(queries) @ self.matrix_t_).tocsr()
        for row in range(len(queries)):
            start, end = similarity.indptr[row], similarity.indptr[row + 1]
            best: dict[int, float] = {}
            for label, value in zip(similarity.indices[start:end], similarity.data[start:end], strict=True):
                owner = int(self.owner_[label])
                best[owner] = max(best.get(owner, 0.0), float(value))
            ranked = sorted(best, key=lambda owner: -best[owner])[: self.k]
            out.append([self.uris_[owner] for owner in ranked])
        return out


def occupation_metrics(queries: Sequence[Query], ranked: list[list[str]]) -> dict[str, float]:
    """MRR@10 and recall at 1/5/10 (one relevant occupation per query)."""
    ranks = [
        next((i + 1 for i, uri in enumerate(r[:10]) if uri in q.relevant), 0)
        for q, r in zip(queries, ranked, strict=True)
    ]
    return {
        "MRR": float(np.mean([1 / r if r else 0.0 for r in ranks])),
        "R@1": float(np.mean([0 < r <= 1 for r in ranks])),
        "R@5": float(np.mean([0 < r <= 5 for r in ranks])),
        "R@10": float(np.mean([0 < r <= 10 for r in ranks])),
    }


def skill_metrics(queries: Sequence[Query], ranked: list[list[str]]) -> dict[str, float]:
    """R-precision at 5 and 10 (hits / min(k, relevant)) and MRR@10 of the first relevant skill."""

    def rp(q: Query, r: list[str], k: int) -> float:
        return len(q.relevant & set(r[:k])) / min(k, len(q.relevant))

    pairs = list(zip(queries, ranked, strict=True))
    first = [next((i + 1 for i, uri in enumerate(r[:10]) if uri in q.relevant), 0) for q, r in pairs]
    return {
        "RP@5": float(np.mean([rp(q, r, 5) for q, r in pairs])),
        "RP@10": float(np.mean([rp(q, r, 10) for q, r in pairs])),
        "MRR": float(np.mean([1 / f if f else 0.0 for f in first])),
    }


def _table(
    title: str, queries: Sequence[Query], systems: dict[str, list[list[str]]], metric: Callable[..., dict[str, float]]
) -> None:
    subsets = sorted({q.subset for q in queries})
    print(f"\n{title}")
    names = list(metric(queries[:1], [[]]))
    header = f"{'subset':32} {'n':>5} " + " ".join(f"{s + ' ' + m:>16}" for m in names for s in systems)
    print(header)
    for subset in [*subsets, "all"]:
        idx = [i for i, q in enumerate(queries) if subset in ("all", q.subset)]
        picked = [queries[i] for i in idx]
        scores = {s: metric(picked, [ranked[i] for i in idx]) for s, ranked in systems.items()}
        cells = " ".join(f"{scores[s][m]:>16.3f}" for m in names for s in systems)
        print(f"{subset:32} {len(idx):>5} {cells}")


def main(*, taxonomy_dir: str | None = None, seed: int = 13) -> int:
    """Build the dev sets, fit engine and baseline on the held-out copy, print the tables."""
    started = time.perf_counter()
    dev = build(Taxonomy.load(taxonomy_dir), seed=seed)
    engine = fit_text_engine(dev.taxonomy)
    held = dev.taxonomy
    occ_baseline = CharTfidfBaseline().fit(
        [(o.uri, [o.label_en, o.label_fr, *o.alt_en, *o.alt_fr]) for o in held.occupations]
    )
    skill_baseline = CharTfidfBaseline().fit(
        [(s.uri, [x for x in (s.label_en, s.label_fr, *s.alt_en, *s.alt_fr) if x]) for s in held.skills]
    )
    print(f"fitted on the held-out copy in {time.perf_counter() - started:.0f} s (seed {seed})")

    titles = [q.text for q in dev.occupations]
    engine_occ = [[m.uri for m in ms] for ms in engine.linker.link_many(titles, k=10)]
    _table(
        "Occupation linking (title → occupation)",
        dev.occupations,
        {"engine": engine_occ, "tfidf": occ_baseline.rank(titles)},
        occupation_metrics,
    )

    texts = [q.text for q in dev.skills]
    engine_skills = [[m.uri for m in ms] for ms in engine.extractor.extract_many(texts, k=10)]
    _table(
        "Skill extraction (sentence → skills)",
        dev.skills,
        {"engine": engine_skills, "tfidf": skill_baseline.rank(texts)},
        skill_metrics,
    )
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0
