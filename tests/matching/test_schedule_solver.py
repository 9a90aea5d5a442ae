from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.scheduling import residual as reasons
from matching.scheduling.check import check_output
from matching.scheduling.problem import parse_problem
from matching.scheduling.program import solve_program
from matching.scheduling.residual import residual
from matching.scheduling.solver import schedule

REASONS = {
    reasons.FIXED_TABLES_DIFFER,
    reasons.NO_COMMON_SLOT,
    reasons.MAX_MEETINGS,
    reasons.NO_TABLE,
    reasons.LOST_TO_HIGHER_WEIGHT,
}
FAST = {"time_limit": 5.0, "iterations": 2_000, "patience": 2}


@st.composite
def problem_documents(draw: st.DrawFn, *, max_people: int = 7) -> dict:
    """Small problems with string and integer ids, gaps, maxima, booths and empty tables."""
    slot_ids = [f"s{i}" for i in range(draw(st.integers(1, 4)))]
    table_ids = list(range(draw(st.integers(0, 3))))
    people = [f"p{i}" if i % 2 else i for i in range(draw(st.integers(2, max_people)))]
    participants = [
        {
            "id": person,
            "available": draw(st.lists(st.sampled_from(slot_ids), unique=True)),
            "max_meetings": draw(st.integers(0, len(slot_ids))),
            "table": draw(st.none() | st.sampled_from(table_ids)) if table_ids and draw(st.booleans()) else None,
        }
        for person in people
    ]
    pairs = draw(st.lists(st.sampled_from(list(itertools.combinations(people, 2))), unique=True, max_size=14))
    weights = st.floats(0.5, 5, allow_nan=False).map(lambda w: round(w, 2))
    return {
        "slots": [{"id": s} for s in slot_ids],
        "tables": [{"id": t, "capacity": draw(st.integers(0, 2))} for t in table_ids],
        "participants": participants,
        "requests": [{"a": a, "b": b, "weight": draw(weights)} for a, b in pairs],
    }


def _solve(document: dict, **options):
    problem = parse_problem(document)
    result = schedule(problem, **{**FAST, **options})
    return problem, result, result.to_json(problem)


def _meeting_keys(output: dict) -> set[tuple]:
    return {(frozenset((m["a"], m["b"])), m["slot"], m["table"]) for m in output["meetings"]}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem_documents(), st.booleans())
def test_random_problems_get_schedules_without_violations(document: dict, lp: bool) -> None:
    problem, result, output = _solve(document, lp=lp)  # without the LP's bound the search always runs
    assert check_output(problem, output) == []
    met = {frozenset((m["a"], m["b"])) for m in output["meetings"]}
    left = {frozenset((u["a"], u["b"])) for u in output["unscheduled"]}
    requested = {frozenset((r["a"], r["b"])) for r in document["requests"]}
    assert met | left == requested and not met & left
    assert {u["reason"] for u in output["unscheduled"]} <= REASONS
    held = [r["weight"] for r in document["requests"] if frozenset((r["a"], r["b"])) in met]
    assert result.objective == pytest.approx(sum(held))
    assert result.bound is not None and result.objective <= result.bound + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem_documents(), st.data())
def test_locked_meetings_stay_where_they_are(document: dict, data: st.DataObject) -> None:
    _, _, first = _solve(document)
    locked = [m for m in first["meetings"] if data.draw(st.booleans())]
    problem, _, output = _solve({**document, "locked": locked})
    assert check_output(problem, output) == []  # the checker also requires every locked meeting, unmoved
    assert _meeting_keys({"meetings": locked}) <= _meeting_keys(output)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem_documents(), problem_documents())
def test_filling_unbooked_slots_keeps_the_existing_schedule(document: dict, later: dict) -> None:
    _, first_result, first = _solve(document)
    people = {p["id"] for p in document["participants"]}
    new = [r for r in later["requests"] if r["a"] in people and r["b"] in people]
    problem, result, output = _solve({**document, "requests": document["requests"] + new, "locked": first["meetings"]})
    assert check_output(problem, output) == []
    assert _meeting_keys(first) <= _meeting_keys(output)
    assert result.objective >= first_result.objective - 1e-9


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem_documents(max_people=6), st.booleans())
def test_small_problems_are_solved_to_the_milp_optimum(document: dict, lp: bool) -> None:
    problem, result, _ = _solve(document, iterations=None, patience=3, lp=lp)  # lp=False: the search alone
    exact = solve_program(residual(problem), integral=True, time_limit=30)
    assert exact.optimal
    assert result.objective == pytest.approx(exact.value, abs=1e-6)


def _booth_problem(**changes) -> dict:
    document = {
        "slots": [{"id": 1}, {"id": 2}],
        "tables": [{"id": "booth", "capacity": 1}, {"id": "booth-2", "capacity": 1}, {"id": "t", "capacity": 1}],
        "participants": [
            {"id": "employer", "available": [1, 2], "max_meetings": 2, "table": "booth"},
            {"id": "other-employer", "available": [1, 2], "max_meetings": 2, "table": "booth-2"},
            {"id": "ama", "available": [1, 2], "max_meetings": 1, "table": None},
            {"id": "kofi", "available": [2], "max_meetings": 2, "table": None},
            {"id": "awa", "available": [1], "max_meetings": 2, "table": None},
        ],
        "requests": [
            {"a": "ama", "b": "employer", "weight": 3},
            {"a": "employer", "b": "other-employer", "weight": 5},
            {"a": "ama", "b": "kofi", "weight": 1},
            {"a": "kofi", "b": "awa", "weight": 1},
        ],
    }
    document.update(changes)
    return document


def test_each_unscheduled_pair_says_why() -> None:
    _, result, output = _solve(_booth_problem())
    why = {frozenset((u["a"], u["b"])): u["reason"] for u in output["unscheduled"]}
    assert why == {
        frozenset(("employer", "other-employer")): reasons.FIXED_TABLES_DIFFER,
        frozenset(("ama", "kofi")): reasons.MAX_MEETINGS,
        frozenset(("kofi", "awa")): reasons.NO_COMMON_SLOT,
    }
    assert output["meetings"][0]["table"] == "booth"
    assert result.objective == 3
    assert result.bound == pytest.approx(3)


def test_a_full_room_leaves_the_lighter_pair_out() -> None:
    document = _booth_problem(
        tables=[{"id": "booth", "capacity": 1}, {"id": "booth-2", "capacity": 0}, {"id": "t", "capacity": 0}],
        requests=[{"a": "ama", "b": "kofi", "weight": 1}, {"a": "awa", "b": "employer", "weight": 2}],
    )
    document["participants"][3]["available"] = [1]
    _, _, output = _solve(document)
    assert [(m["a"], m["b"], m["table"]) for m in output["meetings"]] == [("awa", "employer", "booth")]
    assert output["unscheduled"][0]["reason"] == reasons.NO_TABLE


def test_a_pair_loses_its_only_slot_to_heavier_meetings() -> None:
    document = _booth_problem(
        requests=[
            {"a": "awa", "b": "ama", "weight": 1},
            {"a": "awa", "b": "employer", "weight": 2},
        ]
    )
    document["participants"][2]["available"] = [1]
    _, _, output = _solve(document)
    assert output["unscheduled"] == [
        {"a": "awa", "b": "ama", "reason": reasons.LOST_TO_HIGHER_WEIGHT, "detail": output["unscheduled"][0]["detail"]}
    ]


def _random_document(seed: int, *, people: int, slots: int, pairs: int) -> dict:
    rng = random.Random(seed)
    return {
        "slots": [{"id": s} for s in range(slots)],
        "tables": [{"id": "t", "capacity": people // 3}],
        "participants": [
            {"id": p, "available": rng.sample(range(slots), rng.randint(1, slots)), "max_meetings": rng.randint(1, 4)}
            for p in range(people)
        ],
        "requests": [
            {"a": a, "b": b, "weight": rng.randint(1, 3) + rng.random()}
            for a, b in rng.sample(list(itertools.combinations(range(people), 2)), pairs)
        ],
    }


def test_a_heavier_pair_takes_the_only_seat_from_a_booth_colleague() -> None:
    document = {
        "slots": [{"id": 1}],
        "tables": [{"id": "booth", "capacity": 1}],
        "participants": [
            {"id": "rep-1", "table": "booth"},
            {"id": "rep-2", "table": "booth"},
            {"id": "x"},
            {"id": "y"},
        ],
        "requests": [{"a": "rep-1", "b": "x", "weight": 1}, {"a": "rep-2", "b": "y", "weight": 2}],
    }
    problem, _, output = _solve(document, lp=False)
    assert check_output(problem, output) == []
    assert [(m["a"], m["b"]) for m in output["meetings"]] == [("rep-2", "y")]
    assert output["unscheduled"][0]["reason"] == reasons.NO_TABLE


def test_the_search_gives_up_a_heavy_meeting_for_two_lighter_ones() -> None:
    document = {
        "slots": [{"id": 1}, {"id": 2}],
        "tables": [{"id": "t", "capacity": 2}],
        "participants": [
            {"id": "ama", "max_meetings": 1},
            {"id": "kofi", "available": [1]},
            {"id": "awa"},
            {"id": "yaw", "available": [1]},
        ],
        "requests": [
            {"a": "kofi", "b": "ama", "weight": 3.19},
            {"a": "ama", "b": "awa", "weight": 2.74},
            {"a": "kofi", "b": "yaw", "weight": 1.89},
        ],
    }
    _, result, output = _solve(document, lp=False)  # the greedy takes kofi–ama: only a losing move gets out
    assert {(m["a"], m["b"]) for m in output["meetings"]} == {("ama", "awa"), ("kofi", "yaw")}
    assert result.objective == pytest.approx(4.63)


def test_a_locked_meeting_that_was_not_requested_counts_against_the_maximum() -> None:
    locked = [{"a": "awa", "b": "yaw", "slot": 2, "table": "t"}]
    document = {
        "slots": [{"id": 1}, {"id": 2}],
        "tables": [{"id": "t", "capacity": 2}],
        "participants": [{"id": "awa", "max_meetings": 1}, {"id": "kofi"}, {"id": "yaw"}],
        "requests": [{"a": "kofi", "b": "awa", "weight": 2}, {"a": "kofi", "b": "yaw", "weight": 1}],
        "locked": locked,
    }
    problem, result, output = _solve(document)
    assert check_output(problem, output) == []
    assert output["meetings"] == [{"a": "kofi", "b": "yaw", "slot": 1, "table": "t"}, *locked]
    assert [(u["a"], u["b"], u["reason"]) for u in output["unscheduled"]] == [("kofi", "awa", reasons.MAX_MEETINGS)]
    assert result.objective == 1


def test_the_same_seed_gives_the_same_schedule() -> None:
    document = _random_document(3, people=30, slots=6, pairs=120)
    assert _solve(document, seed=4)[2] == _solve(document, seed=4)[2]


def _run(
    document: object, *python_options: str, options: tuple[str, ...] = ("--time-limit", "2")
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_options, "-m", "matching", "schedule", *options],
        input=document if isinstance(document, str) else json.dumps(document),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_line_schedules_a_problem_without_importing_the_text_engine() -> None:
    completed = _run(_booth_problem(), "-X", "importtime")
    assert completed.returncode == 0
    output = json.loads(completed.stdout)
    assert set(output) == {"meetings", "objective", "bound", "unscheduled"}
    assert [(m["a"], m["b"], m["table"]) for m in output["meetings"]] == [("ama", "employer", "booth")]
    assert output["objective"] == 3
    imported = {line.rsplit("|", 1)[-1].strip() for line in completed.stderr.splitlines() if "import time:" in line}
    assert "matching.scheduling.solver" in imported
    assert not {name for name in imported if name.startswith(("matching.engine", "matching.cli", "matching.text"))}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"slots": [', "malformed JSON"),
        (_booth_problem(requests=[{"a": "ama", "b": "nobody", "weight": 1}]), "unknown participant id 'nobody'"),
        (
            _booth_problem(locked=[{"a": "ama", "b": "kofi", "slot": 1, "table": "t"}]),
            "locked meetings are infeasible",
        ),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_the_command_line_rejects_bad_input_with_exit_code_2(document: object, message: str) -> None:
    completed = _run(document)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert len(completed.stderr.splitlines()) == 1
    assert message in completed.stderr


def test_the_command_line_rejects_a_time_limit_that_is_not_positive() -> None:
    completed = _run({}, options=("--time-limit", "0"))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "--time-limit" in completed.stderr
