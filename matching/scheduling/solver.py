"""The meeting scheduler: maximise the total weight of the meetings held under every hard constraint.

``schedule(problem)`` keeps the locked meetings where they are, solves the LP relaxation of the aggregated program
when there is time for it (an upper bound, and a guide for the greedy start), places pairs greedily, improves by
simulated annealing over ejection moves (``search.py``) until the time limit, the bound, or ``patience`` runs
without improvement, and assigns concrete tables. Filling only the unbooked slots of an existing schedule is the
same call with the existing meetings given as locked.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matching.scheduling import residual as reasons
from matching.scheduling.problem import Problem
from matching.scheduling.program import solve_program
from matching.scheduling.residual import Residual, assign_tables, residual
from matching.scheduling.search import Assignment, anneal, greedy

LP_SHARE = 0.3
LP_MAX_VARIABLES = 400_000
# Annealing temperatures, as shares of the mean weight, and iterations per run and pair.
HOT, COLD = 0.15, 0.002
ITERATIONS_PER_PAIR = 15


@dataclass(frozen=True)
class Unscheduled:
    """A requested pair left out, with a reason code (``residual.*`` constants) and a sentence saying why."""

    pair: int
    reason: str
    detail: str


@dataclass(frozen=True)
class Schedule:
    """A solution. ``meetings`` are (a, b, slot, table) indices, the locked ones included, by slot then table.

    ``objective`` is the total weight of the requested pairs that meet (locked ones included); ``bound`` an upper
    bound on it (None when none was computed); ``stats`` how the search went (seconds, runs, iterations, LP).
    """

    meetings: list[tuple[int, int, int, int]]
    objective: float
    bound: float | None
    unscheduled: list[Unscheduled]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self, problem: Problem) -> dict[str, Any]:
        """The output document of ``python -m matching schedule``, with every id as given in the input."""
        person, slot, table = problem.participant_ids, problem.slot_ids, problem.table_ids
        return {
            "meetings": [
                {"a": person[a], "b": person[b], "slot": slot[s], "table": table[t]} for a, b, s, t in self.meetings
            ],
            "objective": self.objective,
            "bound": self.bound,
            "unscheduled": [
                {
                    "a": person[problem.pairs[u.pair][0]],
                    "b": person[problem.pairs[u.pair][1]],
                    "reason": u.reason,
                    "detail": u.detail,
                }
                for u in self.unscheduled
            ],
        }


def combinatorial_bound(res: Residual) -> float:
    """Upper bound without an LP: the placeable pairs' total weight, or half the sum over people of the weights of
    their best ``k`` placeable pairs (``k`` = meetings left, at most their free slots), whichever is lower."""
    placeable = res.open.any(axis=1)
    weight = res.weight[placeable]
    person = np.concatenate([res.pair_a[placeable], res.pair_b[placeable]])
    both = np.concatenate([weight, weight])
    order = np.lexsort((-both, person))
    person, both = person[order], both[order]
    rank = np.arange(len(person)) - np.searchsorted(person, person, side="left")
    keep = np.minimum(res.room, res.free.sum(axis=1))[person]
    return float(min(weight.sum(), both[rank < keep].sum() / 2))


def schedule(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    iterations: int | None = None,
    patience: int = 4,
    lp: bool = True,
) -> Schedule:
    """Schedule the requested pairs of ``problem`` around its locked meetings.

    Args:
        problem: a parsed problem (its locked meetings already checked).
        time_limit: seconds for the whole call (the LP gets at most ``LP_SHARE`` of it).
        seed: the search's seed. Given the seed the result is the same on every run, unless the time limit cut the
            search short (then it is the best found by then).
        iterations: iterations per annealing run (default: 15 per pair, at least 5,000).
        patience: annealing runs without improvement before stopping.
        lp: solve the LP relaxation (bound and greedy guide) when it is small enough; off, the bound is the
            combinatorial one and the greedy goes by weight.

    Returns:
        The schedule, every hard constraint satisfied.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    res = residual(problem)
    bound = combinatorial_bound(res)
    guide = None
    lp_seconds = None
    if lp and 0 < res.open.sum() <= LP_MAX_VARIABLES:
        relaxed = solve_program(res, integral=False, time_limit=LP_SHARE * time_limit)
        lp_seconds = relaxed.seconds
        if relaxed.bound is not None:
            bound = min(bound, relaxed.bound)
            guide = relaxed.x
    state = Assignment(res)
    greedy(state, res, guide=guide)
    greedy_value = state.value
    runs = improve(state, bound=bound, seed=seed, iterations=iterations, patience=patience, deadline=deadline)
    tables = assign_tables(problem, state.slot_of, booth_table=res.booth_table)
    meetings = list(problem.locked) + [
        (problem.pairs[p][0], problem.pairs[p][1], s, tables[p]) for p, s in enumerate(state.slot_of) if s >= 0
    ]
    meetings.sort(key=lambda m: (m[2], m[3]))
    objective = math.fsum(w for p, w in enumerate(problem.weights) if state.slot_of[p] >= 0 or res.locked_pair[p])
    total_bound = res.locked_weight + bound
    stats = {
        "seconds": time.perf_counter() - started,
        "lp_seconds": lp_seconds,
        "greedy": res.locked_weight + greedy_value,
        "runs": runs,
    }
    return Schedule(
        meetings=meetings,
        objective=objective,
        bound=max(total_bound, objective),
        unscheduled=explain(problem, res, state),
        stats=stats,
    )


def improve(
    state: Assignment, *, bound: float, seed: int, iterations: int | None, patience: int, deadline: float
) -> int:
    """Anneal in runs that each restart from the best schedule so far; leaves the best in ``state``.

    A run that finds nothing better makes the next one twice as hot. Stops at the deadline, at ``bound``, when
    every pair that could meet does, or after ``patience`` runs without improvement. Returns the number of runs.
    """
    rng = random.Random(seed)  # noqa: S311 (search moves, not security)
    scale = sum(state.weight) / len(state.weight) if state.weight else 0.0
    scale = scale or 1.0  # temperatures are relative to the mean weight
    per_run = iterations or max(5_000, ITERATIONS_PER_PAIR * len(state.weight))
    best_value, best = state.value, list(state.slot_of)
    runs, stale = 0, 0
    while stale < patience and state.pool and best_value < bound - 1e-9 and time.perf_counter() < deadline:
        value, slot_of = anneal(
            state,
            rng,
            iterations=per_run,
            temperature=(HOT * scale * 2**stale, COLD * scale * 2**stale),
            deadline=deadline,
            target=bound,
        )
        runs += 1
        if value > best_value + 1e-9:
            best_value, best, stale = value, slot_of, 0
        else:
            stale += 1
        state.load(best)
    # The search ends on a move, not on a sweep: place whatever still fits as it is.
    for pair in sorted(state.pool, key=state.weight.__getitem__, reverse=True):
        mask = state.candidates(pair)
        if mask:
            state.place(pair, (mask & -mask).bit_length() - 1)
    return runs


def explain(problem: Problem, res: Residual, state: Assignment) -> list[Unscheduled]:
    """Why each requested pair that does not meet was left out."""
    names = problem.participant_ids
    out: list[Unscheduled] = []
    available = np.array(problem.available, dtype=bool).reshape(len(names), len(problem.slot_ids))
    for pair, (a, b) in enumerate(problem.pairs):
        if state.slot_of[pair] >= 0 or res.locked_pair[pair]:
            continue
        who = f"{names[a]!r} and {names[b]!r}"
        full = [p for p in (a, b) if state.room[p] <= 0]
        both_free = state.pair_slots[pair] & state.free[a] & state.free[b]
        if res.conflict[pair]:
            code, detail = reasons.FIXED_TABLES_DIFFER, f"{who} each have their own fixed table"
        elif not (available[a] & available[b]).any():
            code, detail = reasons.NO_COMMON_SLOT, f"{who} share no available slot"
        elif not (res.free[a] & res.free[b]).any():
            code, detail = reasons.NO_COMMON_SLOT, f"the slots {who} share are taken by locked meetings"
        elif full:
            most = ", ".join(f"{names[p]!r} has their maximum of {problem.max_meetings[p]}" for p in full)
            code, detail = reasons.MAX_MEETINGS, f"{most} meetings"
        elif not res.open[pair].any() or both_free:
            code, detail = reasons.NO_TABLE, f"no table seat is left in the slots {who} both have free"
        else:
            code = reasons.LOST_TO_HIGHER_WEIGHT
            detail = f"every slot {who} share is taken by another meeting of one of them, kept instead"
        out.append(Unscheduled(pair, code, detail))
    return out
