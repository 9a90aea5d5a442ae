"""The scheduling integer program over (pair, slot) with aggregated tables, solved by HiGHS (``scipy.optimize.milp``).

Its LP relaxation gives the solver an upper bound and a guide; the integer program itself is the benchmark's exact
reference. One binary ``x[p, s]`` per pair and slot it could take (``Residual.open``); maximise ``sum w[p] x[p, s]``
subject to: each pair at most once; each person at most one meeting per slot and at most their meetings left; each
booth's seats per slot; the room's seats per slot. See :func:`matching.scheduling.residual.assign_tables` for why
aggregating the tables keeps the optimum of the program with a variable per (pair, slot, table).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp

from matching.scheduling.residual import Residual


@dataclass(frozen=True)
class ProgramResult:
    """What HiGHS returned. Values exclude the locked meetings' weight.

    Attributes:
        value: objective of the best solution found (for the LP, the relaxation's optimum); None without one.
        bound: a proven upper bound (the LP's optimum, or the MILP's dual bound); None when not proven.
        optimal: the solution is proven optimal (within ``mip_rel_gap`` for the MILP).
        x: ``R × S`` solution values (zeros without a solution). seconds: wall time. variables: number of columns.
    """

    value: float | None
    bound: float | None
    optimal: bool
    x: np.ndarray
    seconds: float
    variables: int
    message: str


def _rows(keys: np.ndarray, limits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Compact row numbers for constraint keys (one per variable) and the limit of each row."""
    unique, inverse = np.unique(keys, return_inverse=True)
    return inverse, limits[unique]


def solve_program(res: Residual, *, integral: bool, time_limit: float, mip_rel_gap: float = 1e-6) -> ProgramResult:
    """Solve the program (``integral``) or its LP relaxation within ``time_limit`` seconds."""
    started = time.perf_counter()
    n_pairs, n_slots = res.open.shape
    pair, slot = np.nonzero(res.open)
    n_vars = len(pair)
    x = np.zeros((n_pairs, n_slots))
    if n_vars == 0:
        return ProgramResult(0.0, 0.0, True, x, time.perf_counter() - started, 0, "no variables")
    a, b = res.pair_a[pair], res.pair_b[pair]
    n_people = len(res.room)
    has_booth = res.booth[pair] >= 0
    blocks = [
        _rows(pair, np.ones(n_pairs)),
        _rows(np.concatenate([a * n_slots + slot, b * n_slots + slot]), np.ones(n_people * n_slots)),
        _rows(np.concatenate([a, b]), res.room.astype(float)),
        _rows(res.booth[pair][has_booth] * n_slots + slot[has_booth], res.booth_room.ravel().astype(float)),
        _rows(slot, res.slot_room.astype(float)),
    ]
    columns = [
        np.arange(n_vars),
        np.concatenate([np.arange(n_vars)] * 2),
        np.concatenate([np.arange(n_vars)] * 2),
        np.flatnonzero(has_booth),
        np.arange(n_vars),
    ]
    offset, row_ids, upper = 0, [], []
    for inverse, limits in blocks:
        row_ids.append(inverse + offset)
        upper.append(limits)
        offset += len(limits)
    matrix = sp.csr_array(
        (np.ones(sum(len(r) for r in row_ids)), (np.concatenate(row_ids), np.concatenate(columns))),
        shape=(offset, n_vars),
    )
    weights = res.weight[pair]
    result = milp(
        -weights,
        integrality=np.full(n_vars, 1 if integral else 0),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(matrix, -np.inf, np.concatenate(upper)),
        options={"time_limit": max(time_limit, 0.01), "mip_rel_gap": mip_rel_gap, "presolve": True},
    )
    seconds = time.perf_counter() - started
    solved = result.x is not None
    values = (np.round(result.x) if integral else result.x) if solved else np.zeros(n_vars)
    value = float(weights @ values) if solved else None
    x[pair, slot] = values
    if integral:
        dual = getattr(result, "mip_dual_bound", None)
        bound = -float(dual) if dual is not None and np.isfinite(dual) else None
    else:
        bound = value if result.status == 0 else None
    return ProgramResult(value, bound, result.status == 0, x, seconds, n_vars, str(result.message))
