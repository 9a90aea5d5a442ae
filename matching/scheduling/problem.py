"""A meeting-scheduling problem (slots, tables, participants, requests, locked meetings), parsed from JSON.

Ids may be strings or integers and are kept as given; everything inside is indexed by position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Id = str | int


class ProblemError(ValueError):
    """The input is malformed or infeasible (unknown ids, bad types, locked meetings that break a constraint)."""


@dataclass(frozen=True)
class Problem:
    """Indexed problem. Participants ``P``, slots ``S``, tables ``T``, distinct requested pairs ``R``, locked ``L``.

    Attributes:
        available: ``P × S`` booleans (a list of rows).
        max_meetings: ``P`` ints. fixed_table: ``P`` table indices or -1.
        pairs: ``R`` (a, b) participant indices, in the order given (the first request of a pair gives its a/b).
        weights: ``R`` floats (max over duplicate requests of the same pair).
        locked: ``L`` (a, b, slot, table) indices.
    """

    slot_ids: list[Id]
    table_ids: list[Id]
    capacity: list[int]
    participant_ids: list[Id]
    available: list[list[bool]]
    max_meetings: list[int]
    fixed_table: list[int]
    pairs: list[tuple[int, int]]
    weights: list[float]
    locked: list[tuple[int, int, int, int]]
    pair_index: dict[frozenset[int], int] = field(default_factory=dict)


def _is_id(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _int(value: object, where: str, *, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ProblemError(f"{where}: expected an integer >= {minimum}, got {value!r}")
    return value


def _records(data: dict[str, Any], key: str, *, required: bool) -> list[dict[str, Any]]:
    if key not in data:
        if required:
            raise ProblemError(f"missing key {key!r}")
        return []
    items = data[key]
    if not isinstance(items, list):
        raise ProblemError(f"{key}: expected a list")
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            raise ProblemError(f"{key}[{number}]: expected an object")
    return items


def _index(items: list[dict[str, Any]], key: str) -> tuple[list[Id], dict[Id, int]]:
    ids: list[Id] = []
    position: dict[Id, int] = {}
    for number, item in enumerate(items):
        value = item.get("id")
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise ProblemError(f"{key}[{number}].id: expected a string or an integer, got {value!r}")
        if value in position:
            raise ProblemError(f"{key}[{number}].id: duplicate id {value!r}")
        position[value] = len(ids)
        ids.append(value)
    return ids, position


def _ref(value: object, position: dict[Id, int], where: str, kind: str) -> int:
    if not _is_id(value) or value not in position:
        raise ProblemError(f"{where}: unknown {kind} id {value!r}")
    return position[value]


def parse_problem(data: object) -> Problem:
    """Validate a decoded JSON document and index it.

    Raises:
        ProblemError: with a message naming the offending field.
    """
    if not isinstance(data, dict):
        raise ProblemError("expected a JSON object at the top level")
    slots = _records(data, "slots", required=True)
    tables = _records(data, "tables", required=True)
    people = _records(data, "participants", required=True)
    slot_ids, slot_at = _index(slots, "slots")
    table_ids, table_at = _index(tables, "tables")
    participant_ids, person_at = _index(people, "participants")
    capacity = [_int(t.get("capacity", 1), f"tables[{i}].capacity") for i, t in enumerate(tables)]
    available: list[list[bool]] = []
    max_meetings: list[int] = []
    fixed_table: list[int] = []
    for i, person in enumerate(people):
        row = [False] * len(slot_ids)
        listed = person.get("available", slot_ids)
        if not isinstance(listed, list):
            raise ProblemError(f"participants[{i}].available: expected a list of slot ids")
        for slot in listed:
            row[_ref(slot, slot_at, f"participants[{i}].available", "slot")] = True
        available.append(row)
        max_meetings.append(_int(person.get("max_meetings", len(slot_ids)), f"participants[{i}].max_meetings"))
        table = person.get("table")
        fixed_table.append(-1 if table is None else _ref(table, table_at, f"participants[{i}].table", "table"))
    pairs: list[tuple[int, int]] = []
    weights: list[float] = []
    pair_index: dict[frozenset[int], int] = {}
    for i, request in enumerate(_records(data, "requests", required=False)):
        a = _ref(request.get("a"), person_at, f"requests[{i}].a", "participant")
        b = _ref(request.get("b"), person_at, f"requests[{i}].b", "participant")
        if a == b:
            raise ProblemError(f"requests[{i}]: a participant cannot meet themself")
        weight = request.get("weight", 1)
        if not isinstance(weight, int | float) or isinstance(weight, bool) or not math.isfinite(weight) or weight < 0:
            raise ProblemError(f"requests[{i}].weight: expected a finite number >= 0, got {weight!r}")
        key = frozenset((a, b))
        if key in pair_index:  # duplicate request of the same pair: the highest weight wins
            weights[pair_index[key]] = max(weights[pair_index[key]], float(weight))
            continue
        pair_index[key] = len(pairs)
        pairs.append((a, b))
        weights.append(float(weight))
    locked: list[tuple[int, int, int, int]] = []
    for i, meeting in enumerate(_records(data, "locked", required=False)):
        a = _ref(meeting.get("a"), person_at, f"locked[{i}].a", "participant")
        b = _ref(meeting.get("b"), person_at, f"locked[{i}].b", "participant")
        slot = _ref(meeting.get("slot"), slot_at, f"locked[{i}].slot", "slot")
        table = _ref(meeting.get("table"), table_at, f"locked[{i}].table", "table")
        locked.append((a, b, slot, table))
    problem = Problem(
        slot_ids=slot_ids,
        table_ids=table_ids,
        capacity=capacity,
        participant_ids=participant_ids,
        available=available,
        max_meetings=max_meetings,
        fixed_table=fixed_table,
        pairs=pairs,
        weights=weights,
        locked=locked,
        pair_index=pair_index,
    )
    _check_locked(problem)
    return problem


def _check_locked(problem: Problem) -> None:
    """Locked meetings must satisfy every hard constraint among themselves."""
    from matching.scheduling.check import violations  # the checker is the single definition of the constraints

    found = violations(problem, problem.locked, include_locked=False)
    if found:
        raise ProblemError("locked meetings are infeasible: " + "; ".join(found[:5]))
