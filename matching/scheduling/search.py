"""Local search over slot assignments: a greedy start, then ejection moves under simulated annealing.

A move takes an unscheduled pair and a slot it could have, ejects what stands in the way (the two people's meetings
in that slot, the cheapest meeting of a person at their maximum, the cheapest meeting at a full booth or in a full
room), places the pair, and puts each ejected pair back into a slot that is free for it when there is one, or else
into a slot where lighter pairs make way for it (one level of an ejection chain) — so a move is an insertion, a swap
of a cheap meeting for a dearer one, or meetings moved to other slots to make room. A person an ejected pair leaves
with a free slot then gets their heaviest waiting pair that fits (an augmenting path of the b-matching: dropping a
meeting of someone at their maximum makes room for two). Ejected pairs that find no slot wait in the pool for a
later move. A move that loses weight is kept with the annealing probability.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterable

import numpy as np

from matching.scheduling.residual import Residual, bitmasks

_EPS = 1e-9


def set_bits(mask: int, n_slots: int) -> list[int]:
    """The slots whose bit is set in ``mask``, in order."""
    return [s for s in range(n_slots) if mask >> s & 1]


class Assignment:
    """Pairs placed in slots, with every count the constraints need, each place/remove in O(1).

    People's free slots and the slots with a seat left (in the room, at each booth) are bitmasks, bit ``s`` for slot
    ``s``: the slots a pair can take now are a few integer ANDs, the hot path of the search. The state is kept in
    Python lists rather than numpy arrays because it is read and written one element at a time, where a list is
    about ten times faster.
    """

    def __init__(self, res: Residual) -> None:
        self.n_slots = res.n_slots
        self.pair_a: list[int] = res.pair_a.tolist()
        self.pair_b: list[int] = res.pair_b.tolist()
        self.weight: list[float] = res.weight.tolist()
        self.booth: list[int] = res.booth.tolist()
        self.pair_slots = bitmasks(res.open)
        by_weight = sorted(range(len(self.weight)), key=self.weight.__getitem__, reverse=True)
        self.pairs_of: list[list[int]] = [[] for _ in range(len(res.room))]
        for pair in by_weight:  # each person's placeable pairs, heaviest first
            if self.pair_slots[pair]:
                self.pairs_of[self.pair_a[pair]].append(pair)
                self.pairs_of[self.pair_b[pair]].append(pair)
        self._start = (bitmasks(res.free), res.room.tolist(), res.slot_room.tolist(), res.booth_room.tolist())
        self.reset()

    def reset(self) -> None:
        """Back to the empty assignment (only the locked meetings, which the residual already excludes)."""
        free, room, slot_room, booth_room = self._start
        n_slots = self.n_slots
        self.free = list(free)
        self.room = list(room)
        self.slot_room = list(slot_room)
        self.open = sum(1 << s for s in range(n_slots) if slot_room[s] > 0)
        self.booth_room = [list(row) for row in booth_room]
        self.booth_open = [sum(1 << s for s in range(n_slots) if row[s] > 0) for row in booth_room]
        self.slot_of = [-1] * len(self.pair_a)
        self.meeting = [-1] * (len(free) * n_slots)
        self.in_slot: list[set[int]] = [set() for _ in range(n_slots)]
        self.in_booth: list[list[set[int]]] = [[set() for _ in range(n_slots)] for _ in booth_room]
        self.value = 0.0
        self.pool = [p for p, mask in enumerate(self.pair_slots) if mask]
        self.pool_at = [-1] * len(self.pair_a)
        for index, pair in enumerate(self.pool):
            self.pool_at[pair] = index
        self.log: list[tuple[int, int]] = []

    def load(self, slot_of: list[int]) -> None:
        """Reset, then place each pair in its slot of ``slot_of`` (-1: unplaced)."""
        self.reset()
        for pair, slot in enumerate(slot_of):
            if slot >= 0:
                self.place(pair, slot)
        self.log.clear()

    def candidates(self, pair: int) -> int:
        """Mask of the slots ``pair`` can take right now without moving anything."""
        a, b = self.pair_a[pair], self.pair_b[pair]
        if self.room[a] <= 0 or self.room[b] <= 0:
            return 0
        mask = self.pair_slots[pair] & self.free[a] & self.free[b] & self.open
        booth = self.booth[pair]
        return mask & self.booth_open[booth] if booth >= 0 else mask

    def place(self, pair: int, slot: int) -> None:
        n_slots, bit = self.n_slots, 1 << slot
        a, b, booth = self.pair_a[pair], self.pair_b[pair], self.booth[pair]
        self.slot_of[pair] = slot
        self.free[a] &= ~bit
        self.free[b] &= ~bit
        self.room[a] -= 1
        self.room[b] -= 1
        self.meeting[a * n_slots + slot] = pair
        self.meeting[b * n_slots + slot] = pair
        self.slot_room[slot] -= 1
        if self.slot_room[slot] == 0:
            self.open &= ~bit
        self.in_slot[slot].add(pair)
        if booth >= 0:
            self.booth_room[booth][slot] -= 1
            if self.booth_room[booth][slot] == 0:
                self.booth_open[booth] &= ~bit
            self.in_booth[booth][slot].add(pair)
        self.value += self.weight[pair]
        index, last = self.pool_at[pair], self.pool[-1]
        self.pool[index], self.pool_at[last] = last, index
        self.pool.pop()
        self.pool_at[pair] = -1
        self.log.append((pair, -1))

    def remove(self, pair: int) -> None:
        n_slots, slot = self.n_slots, self.slot_of[pair]
        bit = 1 << slot
        a, b, booth = self.pair_a[pair], self.pair_b[pair], self.booth[pair]
        self.slot_of[pair] = -1
        self.free[a] |= bit
        self.free[b] |= bit
        self.room[a] += 1
        self.room[b] += 1
        self.meeting[a * n_slots + slot] = -1
        self.meeting[b * n_slots + slot] = -1
        self.slot_room[slot] += 1
        self.open |= bit
        self.in_slot[slot].discard(pair)
        if booth >= 0:
            self.booth_room[booth][slot] += 1
            self.booth_open[booth] |= bit
            self.in_booth[booth][slot].discard(pair)
        self.value -= self.weight[pair]
        self.pool_at[pair] = len(self.pool)
        self.pool.append(pair)
        self.log.append((pair, slot))

    def undo(self, mark: int) -> None:
        """Revert every place/remove logged after position ``mark`` of the log."""
        while len(self.log) > mark:
            pair, slot = self.log.pop()
            if slot < 0:
                self.remove(pair)
            else:
                self.place(pair, slot)
            self.log.pop()

    def cheapest(self, pairs: Iterable[int], taken: list[int]) -> int:
        """The lightest of ``pairs`` not in ``taken`` (-1 if none)."""
        best, best_weight = -1, math.inf
        for pair in pairs:
            if self.weight[pair] < best_weight and pair not in taken:
                best, best_weight = pair, self.weight[pair]
        return best

    def meetings_of(self, person: int) -> list[int]:
        row = person * self.n_slots
        return [p for p in self.meeting[row : row + self.n_slots] if p >= 0]

    def blockers(self, pair: int, slot: int) -> list[int]:
        """The placed pairs that must leave for ``pair`` to take ``slot`` (one of its ``pair_slots``)."""
        n_slots = self.n_slots
        a, b, booth = self.pair_a[pair], self.pair_b[pair], self.booth[pair]
        qa, qb = self.meeting[a * n_slots + slot], self.meeting[b * n_slots + slot]
        out = [q for q in (qa, qb) if q >= 0]
        # Each test below finds something to eject: a person at their maximum has meetings in other slots (their
        # meeting in this slot, if any, is ``qa``/``qb``), and a full table in a slot the pair may take holds placed
        # pairs, since it had seats to begin with. Only ``qa``, ``qb`` and a booth's ejection free a seat in this slot.
        if self.room[a] <= 0 and qa < 0:
            out.append(self.cheapest(self.meetings_of(a), out))
        if self.room[b] <= 0 and qb < 0:
            out.append(self.cheapest(self.meetings_of(b), out))
        freed = (qa >= 0) + (qb >= 0)
        if booth >= 0:
            freed_booth = (qa >= 0 and self.booth[qa] == booth) + (qb >= 0 and self.booth[qb] == booth)
            if self.booth_room[booth][slot] + freed_booth <= 0:
                out.append(self.cheapest(self.in_booth[booth][slot], out))
                freed += 1
        if self.slot_room[slot] + freed <= 0:
            out.append(self.cheapest(self.in_slot[slot], out))
        return out

    def move(self, pair: int, slot: int, *, temperature: float, rng: random.Random, depth: int = 1) -> bool:
        """Place ``pair`` in ``slot`` ejecting its blockers, re-place them where they fit; keep it if accepted.

        An ejected pair that fits nowhere as things are may, ``depth`` times down, take a random slot of its own by
        ejecting lighter blockers (an ejection chain).
        """
        mark, before = len(self.log), self.value
        self.insert(pair, slot)
        for q in self.ejected_since(mark):
            self.replace(q, rng=rng, depth=depth, keep=pair)
        for q in self.ejected_since(mark):
            self.refill(self.pair_a[q], rng)
            self.refill(self.pair_b[q], rng)
        gain = self.value - before
        if gain > -_EPS or (temperature > 0 and rng.random() < math.exp(gain / temperature)):
            return True
        self.undo(mark)
        return False

    def insert(self, pair: int, slot: int) -> None:
        """Eject the blockers of ``pair`` in ``slot``, then place it there."""
        for q in self.blockers(pair, slot):
            self.remove(q)
        self.place(pair, slot)

    def ejected_since(self, mark: int) -> list[int]:
        """The pairs removed after log position ``mark`` and not placed again, heaviest first."""
        out = [pair for pair, slot in self.log[mark:] if slot >= 0 and self.slot_of[pair] < 0]
        return sorted(set(out), key=self.weight.__getitem__, reverse=True)

    def refill(self, person: int, rng: random.Random) -> None:
        """Give a person left with a free slot by an ejection their heaviest waiting pair that fits as things are."""
        for pair in self.pairs_of[person]:
            if self.slot_of[pair] < 0:
                mask = self.candidates(pair)
                if mask:
                    self.place(pair, pick(mask, self.n_slots, rng))
                    return

    def replace(self, pair: int, *, rng: random.Random, depth: int, keep: int) -> None:
        """Put an ejected pair back: in a slot free for it, or (``depth`` > 0) where lighter pairs make way.

        ``keep``, the pair the move is for, never makes way: the chain would only undo the move.
        """
        if self.slot_of[pair] >= 0:
            return
        mask = self.candidates(pair)
        if mask:
            self.place(pair, pick(mask, self.n_slots, rng))
            return
        if depth <= 0 or not self.pair_slots[pair]:
            return
        slot = pick(self.pair_slots[pair], self.n_slots, rng)
        blockers = self.blockers(pair, slot)
        if keep in blockers or sum(self.weight[q] for q in blockers) >= self.weight[pair]:
            return
        mark = len(self.log)
        self.insert(pair, slot)
        for q in self.ejected_since(mark):
            self.replace(q, rng=rng, depth=depth - 1, keep=keep)


def pick(mask: int, n_slots: int, rng: random.Random) -> int:
    """A set bit of a non-zero ``mask``: the first one at or after a random slot, wrapping around."""
    start = rng.randrange(n_slots)
    rotated = ((mask >> start) | (mask << (n_slots - start))) & ((1 << n_slots) - 1)
    return (start + (rotated & -rotated).bit_length() - 1) % n_slots


def greedy(state: Assignment, res: Residual, *, guide: np.ndarray | None) -> None:
    """Place pairs one by one, best first, each in the free slot the guide (an LP solution) favours most.

    Without a guide: heaviest first, ties to the pair with fewer possible slots, each in its least contested slot
    (fewest pairs that could take it per seat; also the tie-break between slots the guide favours equally).
    """
    count = res.open.sum(axis=1)
    pressure = res.open.sum(axis=0) / np.maximum(res.slot_room, 1)
    pressure = pressure / max(float(pressure.max(initial=0.0)), 1.0)
    if guide is None:
        order = np.lexsort((count, -res.weight))
        score = np.broadcast_to(-pressure, res.open.shape)
    else:
        order = np.lexsort((count, -res.weight, -np.round(guide.sum(axis=1), 6)))
        score = guide - 1e-3 * pressure
    for pair in order.tolist():
        mask = state.candidates(pair)
        if mask:
            slots = set_bits(mask, state.n_slots)
            row = score[pair]
            state.place(pair, max(slots, key=row.__getitem__))
    state.log.clear()


def anneal(
    state: Assignment,
    rng: random.Random,
    *,
    iterations: int,
    temperature: tuple[float, float],
    deadline: float,
    target: float,
) -> tuple[float, list[int]]:
    """One annealing run from the current state; returns the best value seen and its ``slot_of``."""
    best_value, best = state.value, list(state.slot_of)
    hot, cold = temperature
    pool, weight, n_slots = state.pool, state.weight, state.n_slots
    current = hot
    for step in range(iterations):
        if not pool or best_value >= target - _EPS:
            break
        if step & 255 == 0:
            if time.perf_counter() > deadline:
                break
            current = hot * (cold / hot) ** (step / iterations)
        pair = pool[rng.randrange(len(pool))]
        other = pool[rng.randrange(len(pool))]
        if weight[other] > weight[pair]:
            pair = other
        mask = state.candidates(pair)
        if mask:
            state.place(pair, pick(mask, n_slots, rng))
        else:
            state.move(pair, pick(state.pair_slots[pair], n_slots, rng), temperature=current, rng=rng)
        state.log.clear()
        if state.value > best_value + _EPS:
            best_value, best = state.value, list(state.slot_of)
    return best_value, best
