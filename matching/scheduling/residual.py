"""What is left to schedule once the locked meetings are placed: the solver's view of a :class:`Problem`.

Tables are aggregated: a pair with a fixed table (a booth) needs a seat at that table, any other pair needs a seat
at any table. So the solver and the integer program only choose a slot per pair, under two capacities per slot —
the seats left at each booth and the seats left in the whole room — and concrete tables are assigned afterwards
(:func:`assign_tables`, where the proof that this loses nothing is).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.scheduling.problem import Problem

FIXED_TABLES_DIFFER = "fixed_tables_differ"
NO_COMMON_SLOT = "no_common_slot"
MAX_MEETINGS = "max_meetings"
NO_TABLE = "no_table"
LOST_TO_HIGHER_WEIGHT = "lost_to_higher_weight"


def bitmasks(matrix: np.ndarray) -> list[int]:
    """One Python int per row of a boolean ``n × S`` matrix, bit ``s`` set when column ``s`` is True."""
    if matrix.shape[1] == 0:
        return [0] * matrix.shape[0]
    packed = np.packbits(matrix, axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


@dataclass(frozen=True)
class Residual:
    """The free part of a problem. ``R`` requested pairs (the problem's order), ``P`` people, ``S`` slots, ``B`` booths.

    Attributes:
        open: ``R × S`` booleans, the slots a pair could still take on its own: both people available and not in a
            locked meeting then, both under their maximum, a seat left at the pair's booth (or in the room).
            All False for a locked pair, and for one that cannot be held at all.
        pair_a, pair_b: ``R`` people. weight: ``R`` floats. booth: ``R`` booth indices, -1 for a pair without one.
        free: ``P × S`` booleans, available and not in a locked meeting. room: ``P`` meetings left under the maximum.
        booth_room: ``B × S`` seats left at each booth table. slot_room: ``S`` seats left in the whole room.
        booth_table: ``B`` table indices. locked_pair: ``R`` booleans, the pair is already a locked meeting.
        conflict: ``R`` booleans, the two people have different fixed tables (the pair can never meet).
    """

    open: np.ndarray
    pair_a: np.ndarray
    pair_b: np.ndarray
    weight: np.ndarray
    booth: np.ndarray
    free: np.ndarray
    room: np.ndarray
    booth_room: np.ndarray
    slot_room: np.ndarray
    booth_table: np.ndarray
    locked_pair: np.ndarray
    conflict: np.ndarray

    @property
    def n_slots(self) -> int:
        return int(self.open.shape[1])

    @property
    def locked_weight(self) -> float:
        """Weight of the requested pairs that are locked meetings (part of every schedule's objective)."""
        return float(self.weight[self.locked_pair].sum())


def residual(problem: Problem) -> Residual:
    """Index what the locked meetings leave free, vectorised over pairs and slots."""
    n_people, n_slots = len(problem.participant_ids), len(problem.slot_ids)
    available = np.array(problem.available, dtype=bool).reshape(n_people, n_slots)
    busy = np.zeros_like(available)
    locked_count = np.zeros(n_people, dtype=np.int64)
    table_room = np.repeat(np.array(problem.capacity, dtype=np.int64)[:, None], n_slots, axis=1)
    locked_pair = np.zeros(len(problem.pairs), dtype=bool)
    for a, b, slot, table in problem.locked:
        busy[[a, b], slot] = True
        locked_count[[a, b]] += 1
        table_room[table, slot] -= 1
        index = problem.pair_index.get(frozenset((a, b)))
        if index is not None:
            locked_pair[index] = True
    free = available & ~busy
    room = np.array(problem.max_meetings, dtype=np.int64) - locked_count
    fixed = np.array(problem.fixed_table, dtype=np.int64)
    booth_table = np.unique(fixed[fixed >= 0])
    booth_of_table = np.full(max(len(problem.table_ids), 1), -1, dtype=np.int64)
    booth_of_table[booth_table] = np.arange(len(booth_table))
    pairs = np.array(problem.pairs, dtype=np.int64).reshape(-1, 2)
    pair_a, pair_b = pairs[:, 0], pairs[:, 1]
    fixed_a, fixed_b = fixed[pair_a], fixed[pair_b]
    conflict = (fixed_a >= 0) & (fixed_b >= 0) & (fixed_a != fixed_b)
    pair_table = np.where(fixed_a >= 0, fixed_a, fixed_b)
    booth = np.where(pair_table >= 0, booth_of_table[np.maximum(pair_table, 0)], -1)
    booth_room = table_room[booth_table]
    slot_room = table_room.sum(axis=0)
    open_ = free[pair_a] & free[pair_b] & (slot_room > 0)
    has_booth = booth >= 0
    open_[has_booth] &= booth_room[booth[has_booth]] > 0
    open_ &= ((room[pair_a] > 0) & (room[pair_b] > 0) & ~conflict & ~locked_pair)[:, None]
    return Residual(
        open=open_,
        pair_a=pair_a,
        pair_b=pair_b,
        weight=np.array(problem.weights, dtype=float),
        booth=booth,
        free=free,
        room=room,
        booth_room=booth_room,
        slot_room=slot_room,
        booth_table=booth_table,
        locked_pair=locked_pair,
        conflict=conflict,
    )


def assign_tables(problem: Problem, slot_of: list[int], *, booth_table: np.ndarray) -> list[int]:
    """A concrete table for each placed pair (``slot_of[p] >= 0``), -1 for the others.

    The aggregation loses nothing. Write ``c[t, s]`` for the seats left at table ``t`` in slot ``s`` after the locked
    meetings, ``B[t, s]`` for the placed pairs whose booth is ``t`` and ``F[s]`` for the other placed pairs. The
    solver keeps ``B[t, s] <= c[t, s]`` and ``F[s] + sum_t B[t, s] <= sum_t c[t, s]``. Seat every booth pair at its
    booth: it fits. The seats still free in ``s`` number ``sum_t (c[t, s] - B[t, s]) >= F[s]``, each ``>= 0``, so the
    other pairs fit one per free seat. Conversely every valid schedule satisfies both inequalities, so the aggregated
    program has the same optimum as the one with a variable per (pair, slot, table). Pairs without a booth take the
    tables nobody owns first, in input order, then booth seats left over.
    """
    n_tables, n_slots = len(problem.table_ids), len(problem.slot_ids)
    seats = [[problem.capacity[t]] * n_slots for t in range(n_tables)]
    for _, _, slot, table in problem.locked:
        seats[table][slot] -= 1
    owned = set(booth_table.tolist())
    order = [t for t in range(n_tables) if t not in owned] + [t for t in range(n_tables) if t in owned]
    tables = [-1] * len(slot_of)
    for pair, slot in enumerate(slot_of):
        a, b = problem.pairs[pair]
        fixed = max(problem.fixed_table[a], problem.fixed_table[b])
        if slot >= 0 and fixed >= 0:
            seats[fixed][slot] -= 1
            tables[pair] = fixed
    cursor = [0] * n_slots
    for pair, slot in enumerate(slot_of):
        if slot < 0 or tables[pair] >= 0:
            continue
        while seats[order[cursor[slot]]][slot] <= 0:
            cursor[slot] += 1
        tables[pair] = order[cursor[slot]]
        seats[tables[pair]][slot] -= 1
    return tables
