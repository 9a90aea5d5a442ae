"""``python -m matching.evaluate rank``: a ranking benchmark generated from ESCO with fixed seeds.

Vacancies and profiles are drawn from occupations' essential and optional skills with noise (skills dropped and
added, French or English labels, typos in titles), placed in real West and North African cities with mobility
limits and required languages. A vacancy is relevant to a profile (grade 2) when both come from the same occupation
and the person can take it (within reach, speaks the languages); grade 1 for a related occupation (same ISCO unit
group) within reach. The engine is compared with plain TF-IDF cosine on the same texts and with a random order.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching import geo
from matching.ranking.ranker import Ranker
from matching.ranking.records import Job, Location, Profile
from matching.ranking.vectors import TermSpace
from matching.taxonomy import Occupation, Taxonomy

LANGUAGES = ("fr", "en", "ar", "wo", "bm")


@dataclass
class Benchmark:
    jobs: list[Job]
    profiles: list[Profile]
    job_occupation: dict[str, Occupation]
    profile_occupation: dict[str, Occupation]
    job_text: dict[str, str]
    profile_text: dict[str, str]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _title(occupation: Occupation, lang: str, rng: random.Random) -> str:
    labels = [occupation.label(lang), *list(occupation.alt_fr if lang == "fr" else occupation.alt_en)[:3]]
    title = rng.choice(labels).split("/")[0]
    return " ".join(_typo(w, rng) if rng.random() < 0.1 else w for w in title.split())


def generate(
    taxonomy: Taxonomy, *, seed: int, n_occupations: int = 250, jobs_per: int = 4, profiles_per: int = 4
) -> Benchmark:
    """Jobs and profiles of ``n_occupations`` occupations (plus related ones), deterministic for ``seed``."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible benchmark, not a secret
    essential = {
        uri: [s for s, relation in pairs if relation == "essential"]
        for uri, pairs in taxonomy.occupation_skills.items()
    }
    optional = {uri: [s for s, r in pairs if r == "optional"] for uri, pairs in taxonomy.occupation_skills.items()}
    eligible = sorted(o.uri for o in taxonomy.occupations if len(essential.get(o.uri, [])) >= 6)
    anchors = [taxonomy.occupation_by_uri[u] for u in rng.sample(eligible, n_occupations)]
    by_group: dict[str, list[Occupation]] = {}
    for occ in taxonomy.occupations:
        if len(essential.get(occ.uri, [])) >= 6:
            by_group.setdefault(occ.isco_group[:4], []).append(occ)
    places = geo.load_places()
    cities = [c for c in places.cities if c.population >= 100_000]
    cities = rng.sample(cities, min(60, len(cities)))
    all_skills = [s.uri for s in taxonomy.skills]
    bench = Benchmark([], [], {}, {}, {}, {})

    def location() -> Location:
        city = rng.choice(cities)
        return Location(city.country_code, city.region_code, city.lat, city.lon)

    def skill_text(uris: Sequence[str], lang: str) -> str:
        return ". ".join(taxonomy.skill_by_uri[u].label(lang) for u in uris)

    for anchor in anchors:
        # A related occupation (same ISCO unit group) posts and applies too: partial matches.
        siblings = [o for o in by_group.get(anchor.isco_group[:4], []) if o.uri != anchor.uri]
        for occupation in [anchor, *rng.sample(siblings, min(1, len(siblings)))]:
            for _ in range(jobs_per):
                lang = rng.choice(("fr", "en"))
                skills = essential[occupation.uri]
                required = rng.sample(skills, min(len(skills), rng.randint(4, 10)))
                extra = rng.sample(optional.get(occupation.uri, []), min(3, len(optional.get(occupation.uri, []))))
                job = Job(
                    id=f"job{len(bench.jobs)}",
                    title=_title(occupation, lang, rng),
                    description=skill_text(required + extra, lang),
                    occupation=None,  # linked from the title by the engine, as for free-text records
                    required_skills=required,
                    optional_skills=extra,
                    languages=[rng.choice(LANGUAGES[:2])] if rng.random() < 0.5 else [],
                    location=location(),
                    remote=rng.random() < 0.05,
                )
                bench.jobs.append(job)
                bench.job_occupation[job.id] = occupation
                bench.job_text[job.id] = f"{job.title}. {job.description}"
            for _ in range(profiles_per):
                lang = rng.choice(("fr", "en"))
                skills = essential[occupation.uri]
                kept = rng.sample(skills, max(2, int(len(skills) * rng.uniform(0.3, 0.8))))
                noise = rng.sample(all_skills, rng.randint(0, 4))
                profile = Profile(
                    id=f"profile{len(bench.profiles)}",
                    title=_title(occupation, lang, rng),
                    summary=skill_text(kept + noise, lang),
                    skills=kept + noise,
                    validated_skills=kept[:1] if rng.random() < 0.3 else [],
                    languages=rng.sample(LANGUAGES, rng.randint(1, 3)),
                    location=location(),
                    mobility_km=rng.choice((50.0, 150.0, 400.0, None)),
                    experience_years=rng.uniform(0, 15),
                )
                bench.profiles.append(profile)
                bench.profile_occupation[profile.id] = occupation
                bench.profile_text[profile.id] = f"{profile.title}. {profile.summary}"
    return bench


def reachable(job: Job, profile: Profile) -> bool:
    if profile.languages and not set(job.languages) <= set(profile.languages):
        return False
    if job.remote or profile.mobility_km is None:
        return True
    a, b = job.location, profile.location
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return geo.haversine_km(a.lat, a.lon, b.lat, b.lon) <= profile.mobility_km


def grade(bench: Benchmark, job: Job, profile: Profile) -> int:
    ours, theirs = bench.job_occupation[job.id], bench.profile_occupation[profile.id]
    if not reachable(job, profile):
        return 0
    if ours.uri == theirs.uri:
        return 2
    return 1 if ours.isco_group[:4] == theirs.isco_group[:4] else 0


def metrics(ranked: Sequence[Sequence[str]], grades: Sequence[dict[str, int]]) -> dict[str, float]:
    """NDCG@10 (gains 2^g - 1), MRR of the first grade-2 item, Recall@50 of items with grade ≥ 1."""
    ndcg, mrr, recall = [], [], []
    for items, relevant in zip(ranked, grades, strict=True):
        gains = [2 ** relevant.get(i, 0) - 1 for i in items[:10]]
        ideal = sorted((2**g - 1 for g in relevant.values()), reverse=True)[:10]
        dcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains))
        idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
        ndcg.append(dcg / idcg if idcg else 0.0)
        first = next((r + 1 for r, i in enumerate(items) if relevant.get(i) == 2), 0)
        mrr.append(1 / first if first else 0.0)
        wanted = {i for i, g in relevant.items() if g >= 1}
        recall.append(len(wanted & set(items[:50])) / len(wanted) if wanted else 0.0)
    return {"NDCG@10": float(np.mean(ndcg)), "MRR": float(np.mean(mrr)), "Recall@50": float(np.mean(recall))}


def tfidf_ranker(corpus: dict[str, str]) -> Callable[[str, int], list[str]]:
    ids = list(corpus)
    vectorizer = TfidfVectorizer(sublinear_tf=True, strip_accents="unicode")
    matrix = vectorizer.fit_transform([corpus[i] for i in ids])

    def rank(text: str, k: int) -> list[str]:
        scores = (matrix @ vectorizer.transform([text]).T).toarray().ravel()
        return [ids[i] for i in np.argsort(-scores, kind="stable")[:k]]

    return rank


def main(*, taxonomy_dir: str | None = None, seed: int = 13) -> int:
    started = time.perf_counter()
    taxonomy = Taxonomy.load(taxonomy_dir)
    space = TermSpace.fit(taxonomy)
    from matching.engine import load_text_engine
    from matching.ranking.cli import resolver_for

    resolver = resolver_for(load_text_engine(taxonomy_dir))
    bench = generate(taxonomy, seed=seed)
    for job in bench.jobs:  # titles are free text: the engine links them, as it would for a real vacancy
        job.occupation = resolver.occupation(job.title)
    for profile in bench.profiles:
        linked = resolver.occupation(profile.title)
        profile.occupations = [linked] if linked else []
    rng = random.Random(seed + 1)  # noqa: S311 - a reproducible benchmark, not a secret
    k = 50
    print(f"Ranking benchmark (seed {seed}): {len(bench.jobs)} vacancies, {len(bench.profiles)} profiles")
    print(f"{'direction':<18} {'system':<8} {'NDCG@10':>8} {'MRR':>8} {'Recall@50':>10}")
    for direction in ("jobs-for-profile", "profiles-for-job"):
        queries: list[Job | Profile]
        corpus: list[Job | Profile]
        if direction == "jobs-for-profile":
            queries, corpus = list(bench.profiles), list(bench.jobs)
            corpus_text, query_text = bench.job_text, bench.profile_text
        else:
            queries, corpus = list(bench.jobs), list(bench.profiles)
            corpus_text, query_text = bench.profile_text, bench.job_text
        queries = rng.sample(queries, 300)
        grades = []
        for query in queries:
            pairs = [(c, query) if isinstance(c, Job) else (query, c) for c in corpus]
            g = {c.id: grade(bench, job, profile) for c, (job, profile) in zip(corpus, pairs, strict=True)}  # type: ignore[arg-type]
            grades.append({i: v for i, v in g.items() if v})
        ranker = Ranker(direction, space=space, taxonomy=taxonomy).index(corpus)
        engine = [[r.id for r in ranker.rank(q, k=k, explain=False)] for q in queries]
        tfidf = tfidf_ranker(corpus_text)
        baseline = [tfidf(query_text[q.id], k) for q in queries]
        ids = [c.id for c in corpus]
        shuffled = [rng.sample(ids, k) for _ in queries]
        for name, ranked in (("engine", engine), ("tfidf", baseline), ("random", shuffled)):
            m = metrics(ranked, grades)
            print(f"{direction:<18} {name:<8} {m['NDCG@10']:>8.3f} {m['MRR']:>8.3f} {m['Recall@50']:>10.3f}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0
