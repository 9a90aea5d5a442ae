"""Independent checker of every hard constraint of a schedule (it shares no state with the solver)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from matching.scheduling.problem import Problem


def violations(
    problem: Problem, meetings: list[tuple[int, int, int, int]], *, include_locked: bool = True
) -> list[str]:
    """Every broken hard constraint of ``meetings`` ((a, b, slot, table) indices), one message each.

    With ``include_locked``, every locked meeting must also appear exactly as given, and every non-locked meeting
    must be a requested pair.
    """
    found: list[str] = []
    person_slot: Counter[tuple[int, int]] = Counter()
    count: Counter[int] = Counter()
    pair_count: Counter[frozenset[int]] = Counter()
    table_slot: Counter[tuple[int, int]] = Counter()
    locked_keys = {frozenset((a, b)) for a, b, _, _ in problem.locked}
    for a, b, slot, table in meetings:
        names = problem.participant_ids[a], problem.participant_ids[b]
        if a == b:
            found.append(f"{names[0]} meets themself")
        key = frozenset((a, b))
        pair_count[key] += 1
        if include_locked and key not in problem.pair_index and key not in locked_keys:
            found.append(f"{names} was not requested")
        table_slot[table, slot] += 1
        for person, name in zip((a, b), names, strict=True):
            person_slot[person, slot] += 1
            count[person] += 1
            if not problem.available[person][slot]:
                found.append(f"{name} is not available in slot {problem.slot_ids[slot]}")
            fixed = problem.fixed_table[person]
            if fixed >= 0 and fixed != table:
                found.append(f"{name} meets at table {problem.table_ids[table]}, not at their own")
    found += [
        f"{problem.participant_ids[p]} has {n} meetings in slot {problem.slot_ids[s]}"
        for (p, s), n in person_slot.items()
        if n > 1
    ]
    found += [
        f"{problem.participant_ids[p]} has {n} meetings, more than {problem.max_meetings[p]}"
        for p, n in count.items()
        if n > problem.max_meetings[p]
    ]
    found += [f"pair {sorted(k)} meets {n} times" for k, n in pair_count.items() if n > 1]
    found += [
        f"table {problem.table_ids[t]} holds {n} meetings in slot {problem.slot_ids[s]}"
        for (t, s), n in table_slot.items()
        if n > problem.capacity[t]
    ]
    if include_locked:
        given = Counter((frozenset((a, b)), s, t) for a, b, s, t in meetings)
        for a, b, s, t in problem.locked:
            if given[frozenset((a, b)), s, t] < 1:
                found.append(f"locked meeting {problem.participant_ids[a], problem.participant_ids[b]} was moved")
    return found


def check_output(problem: Problem, output: dict[str, Any]) -> list[str]:
    """Violations of a JSON schedule (``{"meetings": [{"a", "b", "slot", "table"}]}``, ids as in the input)."""
    person = {pid: i for i, pid in enumerate(problem.participant_ids)}
    slot = {sid: i for i, sid in enumerate(problem.slot_ids)}
    table = {tid: i for i, tid in enumerate(problem.table_ids)}
    meetings: list[tuple[int, int, int, int]] = []
    for m in output.get("meetings", []):
        try:
            meetings.append((person[m["a"]], person[m["b"]], slot[m["slot"]], table[m["table"]]))
        except (KeyError, TypeError):
            return [f"meeting {m!r} names an unknown id"]
    return violations(problem, meetings)
