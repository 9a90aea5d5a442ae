from __future__ import annotations

import pytest

from matching.scheduling.check import violations
from matching.scheduling.problem import ProblemError, parse_problem


def _problem(**extra):
    data = {
        "slots": [{"id": "s1"}, {"id": 2}],
        "tables": [{"id": "t", "capacity": 1}],
        "participants": [{"id": p, "available": ["s1", 2], "max_meetings": 2, "table": None} for p in "abc"],
        "requests": [{"a": "a", "b": "b", "weight": 1}, {"a": "b", "b": "a", "weight": 3}],
    }
    data.update(extra)
    return parse_problem(data)


def test_duplicate_requests_keep_the_highest_weight():
    assert _problem().weights == [3.0]


def test_unknown_ids_are_rejected_with_their_field():
    with pytest.raises(ProblemError, match=r"requests\[0\]\.b"):
        _problem(requests=[{"a": "a", "b": "zz", "weight": 1}])


def test_locked_meetings_that_overfill_a_table_are_rejected():
    locked = [{"a": "a", "b": "b", "slot": "s1", "table": "t"}, {"a": "c", "b": "a", "slot": "s1", "table": "t"}]
    with pytest.raises(ProblemError, match="locked meetings are infeasible"):
        _problem(locked=locked)


def test_the_checker_finds_a_double_booking():
    problem = _problem()
    assert any("2 meetings in slot" in v for v in violations(problem, [(0, 1, 0, 0), (0, 1, 0, 0)]))
