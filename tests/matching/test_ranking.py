"""The ranking engine: filters, scores with reasons, incremental updates, fairness by construction, CLI contract."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from matching.engine import TextEngine
from matching.ranking.cli import EXIT_SKIPPED, rank_files
from matching.ranking.model import LinearModel, fit_pairwise
from matching.ranking.ranker import Ranker
from matching.ranking.records import Investor, Job, Location, Profile, Project, profile_from
from matching.ranking.vectors import TermSpace

THIES = Location("SN", "SN.07", 14.79, -16.93)
DAKAR = Location("SN", "SN.01", 14.69, -17.44)
CASABLANCA = Location("MA", "MA.06", 33.57, -7.59)


@pytest.fixture(scope="module")
def space(engine: TextEngine) -> TermSpace:
    return TermSpace.fit(engine.taxonomy)


def _occupation(engine: TextEngine, label: str) -> str:
    return next(o.uri for o in engine.taxonomy.occupations if o.label_en == label)


def _essential(engine: TextEngine, occupation: str) -> list[str]:
    return [s for s, r in engine.taxonomy.occupation_skills[occupation] if r == "essential"]


@pytest.fixture(scope="module")
def welder(engine: TextEngine) -> str:
    return _occupation(engine, "welder")


@pytest.fixture(scope="module")
def jobs(engine: TextEngine, welder: str) -> list[Job]:
    mason = _occupation(engine, "bricklayer")
    weld_skills = _essential(engine, welder)
    return [
        Job("weld-thies", "Soudeur", occupation=welder, required_skills=weld_skills[:8], location=THIES),
        Job("mason-dakar", "Maçon", occupation=mason, required_skills=_essential(engine, mason)[:8], location=DAKAR),
        Job("weld-casa", "Welder", occupation=welder, required_skills=weld_skills[:8], location=CASABLANCA),
        Job("weld-en", "Welder", occupation=welder, required_skills=weld_skills[:8], languages=["en"], location=THIES),
    ]


def _profile(engine: TextEngine, welder: str, **changes: object) -> Profile:
    fields: dict[str, object] = {
        "id": "amina",
        "title": "soudeuse",
        "occupations": [welder],
        "skills": _essential(engine, welder)[:5],
        "validated_skills": _essential(engine, welder)[:2],
        "languages": ["fr", "wo"],
        "location": DAKAR,
        "mobility_km": 150.0,
    }
    fields.update(changes)
    return Profile(**fields)  # type: ignore[arg-type]


def test_jobs_beyond_mobility_or_in_an_unspoken_language_are_filtered_out(
    engine: TextEngine, space: TermSpace, jobs: list[Job], welder: str
) -> None:
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(jobs)
    ids = [r.id for r in ranker.rank(_profile(engine, welder), k=10)]
    assert ids[0] == "weld-thies"
    assert "weld-casa" not in ids  # 2,400 km away, mobility 150 km
    assert "weld-en" not in ids  # requires English
    # Willing to move to the Casablanca region: the distance no longer excludes it.
    willing = _profile(engine, welder, regions=["MA.06"])
    assert "weld-casa" in [r.id for r in ranker.rank(willing, k=10)]


def test_each_result_explains_matched_and_missing_skills_and_its_main_factors(
    engine: TextEngine, space: TermSpace, jobs: list[Job], welder: str
) -> None:
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(jobs)
    best = ranker.rank(_profile(engine, welder), k=1)[0]
    explanation = best.explanation
    matched = {s["uri"] for s in explanation["matched_skills"]}
    missing = {s["uri"] for s in explanation["missing_skills"]}
    assert matched == set(_essential(engine, welder)[:5])
    assert missing == set(_essential(engine, welder)[5:8])
    assert sum(s["validated"] for s in explanation["matched_skills"]) == 2
    assert explanation["factors"][0]["factor"] == "required_skills"
    assert all("trainable" in s for s in explanation["missing_skills"])
    assert explanation["distance_km"] == pytest.approx(56, abs=3)


def test_profiles_for_a_job_rank_the_closest_skills_first(engine: TextEngine, space: TermSpace, welder: str) -> None:
    skills = _essential(engine, welder)
    people = [
        _profile(engine, welder, id="few", skills=skills[:2], validated_skills=[]),
        _profile(engine, welder, id="many", skills=skills[:8], validated_skills=[]),
        _profile(engine, welder, id="other", occupations=[], skills=_essential(engine, _occupation(engine, "cook"))),
    ]
    ranker = Ranker("profiles-for-job", space=space, taxonomy=engine.taxonomy).index(people)
    job = Job("j", "Soudeur", occupation=welder, required_skills=skills[:8], location=THIES)
    assert [r.id for r in ranker.rank(job, k=3)][:2] == ["many", "few"]


def test_a_new_or_edited_vacancy_is_rankable_at_once_without_rebuild(
    engine: TextEngine, space: TermSpace, jobs: list[Job], welder: str
) -> None:
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(jobs)
    profile = _profile(engine, welder)
    fresh = Job(
        "weld-dakar", "Soudeur", occupation=welder, required_skills=_essential(engine, welder)[:5], location=DAKAR
    )
    ranker.upsert([fresh])
    assert ranker.rank(profile, k=1)[0].id == "weld-dakar"
    # Edited: now in Casablanca, out of reach; the old version is gone.
    ranker.upsert(
        [Job("weld-dakar", "Soudeur", occupation=welder, required_skills=fresh.required_skills, location=CASABLANCA)]
    )
    assert "weld-dakar" not in [r.id for r in ranker.rank(profile, k=10)]
    ranker.remove(["weld-thies"])
    assert "weld-thies" not in [r.id for r in ranker.rank(profile, k=10)]


def test_protected_attributes_cannot_change_a_score(engine: TextEngine, space: TermSpace, jobs: list[Job]) -> None:
    """Gender, age, nationality and return status are not read from records at all."""
    base = {
        "id": "p",
        "title": "soudeur",
        "summary": "soudure à l'arc",
        "languages": ["fr"],
        "location": {"lat": 14.69, "lon": -17.44},
    }
    a = profile_from({**base, "gender": "female", "birth_year": 1990, "nationality": "SN", "return_status": "returned"})
    b = profile_from({**base, "gender": "male", "birth_year": 1960, "nationality": "ML", "return_status": "planning"})
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(jobs)
    assert [(r.id, r.score) for r in ranker.rank(a, k=5)] == [(r.id, r.score) for r in ranker.rank(b, k=5)]


def test_investors_are_ranked_by_sector_region_and_ticket(engine: TextEngine, space: TermSpace) -> None:
    investors = [
        Investor(
            "agri-sn",
            "Diaspora fund for farming",
            sectors=["agriculture"],
            regions=["SN"],
            ticket_min=1_000,
            ticket_max=20_000,
        ),
        Investor("tech-ma", "Tech angel", sectors=["ict"], regions=["MA"], ticket_min=50_000, ticket_max=500_000),
        Investor("agri-big", "Large agri fund", sectors=["agriculture"], ticket_min=200_000, ticket_max=2_000_000),
    ]
    project = Project(
        "p", "Poulailler à Thiès", "Élevage de poulets", sector="agriculture", location=THIES, amount=8_000
    )
    ranker = Ranker("investors-for-project", space=space, taxonomy=engine.taxonomy).index(investors)
    ranked = [r.id for r in ranker.rank(project, k=3)]
    assert ranked[0] == "agri-sn"
    assert "tech-ma" not in ranked  # funds Morocco only


def test_a_learned_model_follows_the_outcomes_and_keeps_its_version(tmp_path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    groups = []
    for _ in range(40):
        features = rng.random((10, 12))
        grades = (features[:, 3] > 0.5).astype(int) * 2  # outcomes driven by occupation similarity only
        groups.append((features, grades))
    model = fit_pairwise("job-profile", groups, version="2026-11-26.1")
    assert max(model.weights, key=lambda name: model.weights[name]) == "occupation"
    model.save(tmp_path / "model.json")
    assert LinearModel.load(tmp_path / "model.json").weights == model.weights


def test_rank_command_writes_one_line_per_query_and_reports_records_without_id(
    engine: TextEngine, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "id": "v1",
                        "title": "Soudeur",
                        "required_skills": ["lire des plans standard"],
                        "location": {"lat": 14.79, "lon": -16.93},
                    }
                ),
                json.dumps({"title": "no id"}),
                "not json",
                json.dumps({"id": "v2", "title": "Web developer", "description": "JavaScript and Python web apps"}),
            ]
        ),
        encoding="utf-8",
    )
    queries = tmp_path / "queries.jsonl"
    queries.write_text(
        json.dumps({"id": "p1", "title": "développeuse web", "skills": ["JavaScript"]})
        + "\n"
        + json.dumps({"id": "p2", "title": "soudeur"})
        + "\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    code = rank_files(
        direction="jobs-for-profile",
        corpus=corpus,
        queries=queries,
        k=5,
        model=None,
        engine=engine,
        stdout=out,
        stderr=err,
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == EXIT_SKIPPED
    assert "corpus line 2" in err.getvalue() and "corpus line 3" in err.getvalue()
    assert [line["query_id"] for line in lines] == ["p1", "p2"]
    assert lines[0]["results"][0]["id"] == "v2"
    assert lines[1]["results"][0]["id"] == "v1"
    assert set(lines[0]["results"][0]) == {"id", "score", "explanation"}


def test_an_empty_index_ranks_nothing_without_error(engine: TextEngine, space: TermSpace, welder: str) -> None:
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index([])
    assert ranker.rank(_profile(engine, welder), k=5) == []
    ranker.upsert([Job("j", "Soudeur", occupation=welder, required_skills=_essential(engine, welder)[:3])])
    ranker.remove(["j"])
    assert ranker.rank(_profile(engine, welder), k=5) == []


def test_a_job_sharing_no_skill_or_occupation_is_never_ranked_however_near_fresh_or_preferred(
    engine: TextEngine, space: TermSpace, jobs: list[Job]
) -> None:
    """A care worker in Dakar is not offered the mason's job next door: distance, freshness and her preferred
    region and sector re-order jobs that fit, they do not make one fit."""
    care = _occupation(engine, "nurse assistant")
    carer = Profile(
        "aminata",
        "aide-soignante",
        occupations=[care],
        skills=_essential(engine, care)[:3],
        location=DAKAR,
        mobility_km=50.0,
        regions=["SN.01"],
        sectors=["construction"],
    )
    near = [
        *jobs,
        Job("mason-new", "Maçon", occupation=jobs[1].occupation, sector="construction", location=DAKAR, age_days=0),
    ]
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(near)
    assert ranker.rank(carer, k=10) == []
    care_job = Job("care-thies", "Aide-soignant", occupation=care, location=THIES)  # her occupation, 70 km away
    ranker.upsert([care_job])
    assert ranker.rank(carer, k=10) == []  # about 56 km away: beyond the 50 km she can travel
    carer.mobility_km = None
    assert [r.id for r in ranker.rank(carer, k=10)] == ["care-thies"]
    people = Ranker("profiles-for-job", space=space, taxonomy=engine.taxonomy).index([carer])
    assert people.rank(near[-1], k=10) == []


def test_how_recently_a_vacancy_was_published_never_changes_a_persons_score(
    engine: TextEngine, space: TermSpace, jobs: list[Job], welder: str
) -> None:
    people = [_profile(engine, welder), _profile(engine, welder, id="other", skills=_essential(engine, welder)[:2])]
    ranker = Ranker("profiles-for-job", space=space, taxonomy=engine.taxonomy).index(people)
    fresh, old = (
        Job(
            "j",
            "Soudeur",
            occupation=welder,
            required_skills=_essential(engine, welder)[:8],
            location=THIES,
            age_days=d,
            response_rate=r,
        )
        for d, r in ((0, 1.0), (300, 0.0))
    )
    today, last_year = ranker.rank(fresh, k=5), ranker.rank(old, k=5)
    assert [(r.id, r.score, r.explanation["match"]) for r in today] == [
        (r.id, r.score, r.explanation["match"]) for r in last_year
    ]
    factors = {f["factor"] for r in today for f in r.explanation["factors"]}
    assert not factors & {"freshness", "response_rate"}
    # For a returnee looking at jobs, a fresh offer still comes before the same offer a year old.
    both = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(
        [replace(old, id="old"), replace(fresh, id="fresh")]
    )
    assert [r.id for r in both.rank(people[0], k=2)] == ["fresh", "old"]


def test_the_match_is_the_share_of_an_ideal_candidate_and_follows_the_score(
    engine: TextEngine, space: TermSpace, welder: str
) -> None:
    skills = _essential(engine, welder)[:6]
    text = "Soudure à l'arc de charpentes métalliques sur chantier naval"
    job = Job(
        "j",
        "Soudeur",
        text,
        occupation=welder,
        required_skills=skills,
        languages=["fr"],
        location=THIES,
        sector="manufacturing",
        salary_max=300_000,
    )
    ideal = Profile(
        "ideal",
        "Soudeur",
        text,
        occupations=[welder],
        skills=skills,
        validated_skills=skills,
        languages=["fr"],
        location=THIES,
        regions=["SN.07"],
        sectors=["manufacturing"],
        experience_years=12,
        expected_pay=250_000,
    )
    partial = Profile("partial", "Soudeur", occupations=[welder], skills=skills[:2], languages=["fr"], location=DAKAR)
    barely = Profile("barely", "Soudeur", skills=skills[:1], location=CASABLANCA)
    ranked = (
        Ranker("profiles-for-job", space=space, taxonomy=engine.taxonomy).index([barely, partial, ideal]).rank(job, k=3)
    )
    assert [r.id for r in ranked] == ["ideal", "partial", "barely"]
    matches = [r.explanation["match"] for r in ranked]
    assert matches[0] == pytest.approx(1.0, abs=0.01)
    assert matches == sorted(matches, reverse=True) and 0 < matches[-1] < matches[1] < matches[0]


def test_a_copy_of_a_ranker_changes_while_the_original_keeps_serving(
    engine: TextEngine, space: TermSpace, jobs: list[Job], welder: str
) -> None:
    ranker = Ranker("jobs-for-profile", space=space, taxonomy=engine.taxonomy).index(jobs)
    profile = _profile(engine, welder)
    before = [r.id for r in ranker.rank(profile, k=10)]
    changed = ranker.copy()
    changed.remove(["weld-thies"])
    changed.upsert(
        [
            Job(
                "weld-dakar",
                "Soudeur",
                occupation=welder,
                required_skills=_essential(engine, welder)[:5],
                location=DAKAR,
            )
        ]
    )
    assert [r.id for r in ranker.rank(profile, k=10)] == before
    assert changed.rank(profile, k=1)[0].id == "weld-dakar"
    assert "weld-thies" not in [r.id for r in changed.rank(profile, k=10)]
