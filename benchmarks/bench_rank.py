"""Scale of the ranking engine, each figure next to the floor measured in the same run on the same data.

The floor is one sparse matrix–vector product over the whole retrieval matrix plus an argpartition: what any
retrieval over these vectors has to pay. The engine's query (retrieval from the query's postings, hard filters,
stage-two features, explanations) is reported as a ratio to it.

Run: ``python benchmarks/bench_rank.py`` (200,000 vacancies and 1,000,000 profiles; ``--quick`` for a tenth).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import scipy.sparse as sp

from matching import geo
from matching.ranking.encode import BLOCKS
from matching.ranking.ranker import Ranker
from matching.ranking.records import Job, Location, Profile
from matching.ranking.vectors import TermSpace
from matching.taxonomy import Taxonomy

QUERIES = 300


class Generator:
    """Synthetic vacancies and profiles drawn from ESCO occupations' skills, in real cities."""

    def __init__(self, taxonomy: Taxonomy, seed: int) -> None:
        self.rng = random.Random(seed)
        self.taxonomy = taxonomy
        self.occupations = [o for o in taxonomy.occupations if len(taxonomy.occupation_skills.get(o.uri, [])) >= 6]
        self.skills = {o.uri: [s for s, _ in taxonomy.occupation_skills[o.uri]] for o in self.occupations}
        cities = [c for c in geo.load_places().cities if c.population >= 50_000]
        self.places = [Location(c.country_code, c.region_code, c.lat, c.lon) for c in cities]

    def job(self, n: int) -> Job:
        rng, occupation = self.rng, self.rng.choice(self.occupations)
        skills = self.skills[occupation.uri]
        required = rng.sample(skills, min(len(skills), rng.randint(4, 10)))
        return Job(
            id=f"v{n}",
            title=occupation.label(rng.choice(("fr", "en"))),
            occupation=occupation.uri,
            required_skills=required,
            optional_skills=rng.sample(skills, min(3, len(skills))),
            languages=["fr"] if rng.random() < 0.3 else [],
            location=rng.choice(self.places),
            age_days=rng.uniform(0, 60),
        )

    def profile(self, n: int) -> Profile:
        rng, occupation = self.rng, self.rng.choice(self.occupations)
        skills = self.skills[occupation.uri]
        return Profile(
            id=f"p{n}",
            title=occupation.label(rng.choice(("fr", "en"))),
            occupations=[occupation.uri],
            skills=rng.sample(skills, max(2, len(skills) // 2)),
            languages=rng.sample(["fr", "en", "ar", "wo"], rng.randint(1, 2)),
            location=rng.choice(self.places),
            mobility_km=rng.choice((50.0, 200.0, None)),
            experience_years=rng.uniform(0, 20),
        )

    def batches(self, make, count: int, size: int = 50_000) -> Iterator[list]:  # type: ignore[no-untyped-def]
        for start in range(0, count, size):
            yield [make(n) for n in range(start, min(count, start + size))]


def generator_copy(taxonomy: Taxonomy) -> Generator:
    """A generator with the same seed as the one the index is built from (to time record generation alone)."""
    return Generator(taxonomy, seed=8)


def index_megabytes(ranker: Ranker) -> float:
    """Bytes held by the index's arrays (CSR and CSC blocks, scalars, liveness), in MB."""
    index = ranker.index_
    assert index is not None and index._main is not None
    total = index.alive.nbytes + sum(values.nbytes for values in index.scalars.values())
    for matrix in [*index._main.blocks.values(), *index._main_csc.values()]:
        total += matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
    return total / 1e6


def floor_matrix(ranker: Ranker) -> sp.csr_matrix:
    """The whole retrieval matrix (all blocks side by side) the floor multiplies."""
    index = ranker.index_
    assert index is not None and index._main is not None
    return sp.hstack([index._main.blocks[name] for name in BLOCKS], format="csr")


def floor_query(matrix: sp.csr_matrix, ranker: Ranker, query_vector: np.ndarray, k: int) -> np.ndarray:
    scores = matrix @ query_vector
    return np.argpartition(-scores, k)[:k]


def dense_query(ranker: Ranker, record) -> np.ndarray:  # type: ignore[no-untyped-def]
    from matching.ranking.encode import encode

    encoded = encode(ranker.space, [record])
    return sp.hstack([encoded.blocks[name] for name in BLOCKS], format="csr").toarray().ravel()


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    values = np.array(samples) * 1000
    return float(np.percentile(values, 50)), float(np.percentile(values, 95)), float(np.percentile(values, 99))


def measure(ranker: Ranker, queries: list, k: int) -> tuple[list[float], list[float]]:  # type: ignore[type-arg]
    matrix = floor_matrix(ranker)
    engine, floor = [], []
    for query in queries:
        vector = dense_query(ranker, query)
        started = time.perf_counter()
        floor_query(matrix, ranker, vector, k)
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        ranker.rank(query, k=k)
        engine.append(time.perf_counter() - started)
    return engine, floor


def report(label: str, engine: list[float], floor: list[float]) -> None:
    e50, e95, e99 = percentiles(engine)
    f50, f95, f99 = percentiles(floor)
    print(f"{label}: engine p50 {e50:.1f} ms p95 {e95:.1f} ms p99 {e99:.1f} ms")
    print(f"{'':{len(label)}}  floor  p50 {f50:.1f} ms p95 {f95:.1f} ms p99 {f99:.1f} ms")
    print(f"{'':{len(label)}}  ratio to floor p50 {e50 / f50:.2f}, p99 {e99 / f99:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--phase", choices=("all", "jobs", "profiles"), default="all")
    args = parser.parse_args()
    n_jobs, n_profiles = (20_000, 100_000) if args.quick else (200_000, 1_000_000)
    taxonomy = Taxonomy.load()
    space = TermSpace.fit(taxonomy)
    generator = Generator(taxonomy, seed=8)

    if args.phase == "profiles":
        return profiles_phase(taxonomy, space, n_profiles)
    jobs = [job for batch in generator.batches(generator.job, n_jobs) for job in batch]
    started = time.perf_counter()
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=taxonomy).index(jobs)
    print(f"index of {n_jobs:,} vacancies built in {time.perf_counter() - started:.1f} s")
    profiles = [generator.profile(n) for n in range(QUERIES)]
    engine, floor = measure(ranker, profiles, k=20)
    report(f"top-20 vacancies among {n_jobs:,}", engine, floor)
    # Freshness: an edited vacancy is rankable at once (pending part), no rebuild.
    started = time.perf_counter()
    ranker.upsert([generator.job(n_jobs + 1)])
    print(f"one vacancy added and rankable in {1000 * (time.perf_counter() - started):.1f} ms")
    if args.phase == "all":
        # A fresh process, so its peak resident memory is the profile index's alone.
        command = [sys.executable, __file__, "--phase", "profiles", *(["--quick"] if args.quick else [])]
        return subprocess.run(command, check=False).returncode
    return 0


def profiles_phase(taxonomy: Taxonomy, space: TermSpace, n_profiles: int) -> int:
    generator = Generator(taxonomy, seed=8)
    ranker = Ranker("profiles-for-job", space=space, taxonomy=taxonomy)
    # Records are generated lazily, batch by batch (as rows would stream from the database): the resident figure
    # is the index plus one batch, not a million Python objects held at once.
    started = time.perf_counter()
    for _ in generator_copy(taxonomy).batches(generator_copy(taxonomy).profile, n_profiles):
        pass
    generated = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    ranker.index_batches(generator.batches(generator.profile, n_profiles))
    built = time.perf_counter() - started - generated
    gc.collect()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"index of {n_profiles:,} profiles built in {built:.1f} s (plus {generated:.1f} s generating the records); "
        f"index arrays {index_megabytes(ranker):,.0f} MB; peak resident {rss:,.0f} MB (before: {rss_before:,.0f} MB)"
    )
    vacancies = [generator.job(n) for n in range(QUERIES)]
    engine, floor = measure(ranker, vacancies, k=50)
    report(f"top-50 profiles among {n_profiles:,}", engine, floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
