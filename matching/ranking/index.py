"""The candidate index of one direction: fast retrieval from sparse blocks, incremental updates, row access.

Stage one scores every candidate by a weighted sum of block dot products, computed from the columns of the
query's few non-zero terms only (CSC column slices), so its cost follows the postings touched, not the corpus.
New or edited records go to a small pending part that queries read at once; `compact` folds it into the main part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.ranking.encode import BLOCKS, SCALARS, Encoded, concat

COMPACT_AFTER = 5_000


@dataclass(frozen=True)
class Retrieval:
    """How stage one scores: (query block, candidate block, weight) triples."""

    terms: tuple[tuple[str, str, float], ...]


class CandidateIndex:
    """Candidates of one kind, addressable by id; rows are never reused (an update appends a new row)."""

    def __init__(self, encoded: Encoded | None = None) -> None:
        self._main: Encoded | None = None
        self._main_csc: dict[str, sp.csc_matrix] = {}
        self._pending: list[Encoded] = []
        self._pending_all: Encoded | None = None
        self._scalars: dict[str, np.ndarray] | None = None
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self.alive = np.zeros(0, dtype=bool)
        if encoded is not None and len(encoded):
            self.add_many([encoded])

    def __len__(self) -> int:
        return int(self.alive.sum())

    @property
    def n_rows(self) -> int:
        return len(self.ids)

    @property
    def n_main(self) -> int:
        return len(self._main) if self._main is not None else 0

    @classmethod
    def build(cls, parts: Sequence[Encoded]) -> CandidateIndex:
        """An index of all ``parts`` at once (one concatenation: the way to build a large index)."""
        index = cls()
        if parts:
            index.add_many(parts)
        return index

    def copy(self) -> CandidateIndex:
        """An index with the same rows that can be changed without changing this one.

        The encoded parts are never modified in place (adding appends, compacting builds new ones), so they are
        shared; only the row bookkeeping is copied: O(rows) list and dict copies, no matrix copy.
        """
        clone = CandidateIndex()
        clone._main, clone._main_csc = self._main, self._main_csc
        clone._pending = list(self._pending)
        clone._pending_all, clone._scalars = self._pending_all, self._scalars
        clone.ids = list(self.ids)
        clone.row_of = dict(self.row_of)
        clone.alive = self.alive.copy()
        return clone

    def add_many(self, parts: Sequence[Encoded]) -> None:
        """Add several encoded batches, then fold them into the main part once."""
        for part in parts:
            self._append(part)
        self.compact()

    def add(self, encoded: Encoded) -> None:
        """Add or replace (same id) records; they are searchable at once."""
        self._append(encoded)
        if sum(len(p) for p in self._pending) >= COMPACT_AFTER:
            self.compact()

    def _append(self, encoded: Encoded) -> None:
        if not len(encoded):
            return
        start = self.n_rows
        old = [self.row_of[i] for i in encoded.ids if i in self.row_of]
        self.alive[old] = False
        self.alive = np.concatenate([self.alive, np.ones(len(encoded), dtype=bool)])
        for offset, item_id in enumerate(encoded.ids):
            self.row_of[item_id] = start + offset
        self.ids.extend(encoded.ids)
        self._pending.append(encoded)
        self._pending_all = None
        self._scalars = None

    def remove(self, ids: Sequence[str]) -> None:
        rows = [self.row_of.pop(i) for i in ids if i in self.row_of]
        self.alive[rows] = False

    def compact(self) -> None:
        """Fold pending rows into the main part (rows keep their numbers)."""
        if not self._pending:
            return
        parts = ([self._main] if self._main is not None else []) + self._pending
        self._main = concat(parts)
        self._main_csc = {name: self._main.blocks[name].tocsc() for name in BLOCKS}
        self._pending = []
        self._pending_all = None
        self._scalars = None

    def _pending_block(self) -> Encoded | None:
        if not self._pending:
            return None
        if self._pending_all is None:
            self._pending_all = concat(self._pending)
        return self._pending_all

    @property
    def scalars(self) -> dict[str, np.ndarray]:
        """(n_rows,) arrays of every scalar, main then pending rows."""
        if self._scalars is None:
            parts = [p for p in (self._main, self._pending_block()) if p is not None]
            self._scalars = {
                name: np.concatenate([p.scalars[name] for p in parts]) if parts else np.zeros(0) for name in SCALARS
            }
        return self._scalars

    def retrieve_scores(self, query: Encoded, retrieval: Retrieval) -> np.ndarray:
        """(n_rows,) stage-one scores of every row for the single-row ``query`` (0 where nothing overlaps)."""
        scores = np.zeros(self.n_rows, dtype=np.float32)
        pending = self._pending_block()
        for query_block, candidate_block, weight in retrieval.terms:
            row = query.blocks[query_block]
            if row.nnz == 0:
                continue
            columns, values = row.indices, row.data * np.float32(weight)
            if self._main is not None:
                scores[: self.n_main] += self._main_csc[candidate_block][:, columns] @ values
            if pending is not None:
                scores[self.n_main :] += pending.blocks[candidate_block][:, columns] @ values
        return scores

    def gather(self, rows: np.ndarray, blocks: Sequence[str] = BLOCKS) -> Encoded:
        """The rows ``rows`` (global numbers) as an Encoded, in that order, with only ``blocks``."""
        rows = np.asarray(rows, dtype=np.int64)
        in_main = rows < self.n_main
        pending = self._pending_block()
        parts: dict[str, sp.csr_matrix] = {}
        for name in blocks:
            pieces = []
            if self._main is not None:
                pieces.append(self._main.blocks[name][rows[in_main]])
            if pending is not None:
                pieces.append(pending.blocks[name][rows[~in_main] - self.n_main])
            stacked = sp.vstack(pieces, format="csr") if len(pieces) > 1 else pieces[0]
            # Put rows back in the requested order (main rows came first).
            order = np.concatenate([np.flatnonzero(in_main), np.flatnonzero(~in_main)])
            inverse = np.empty_like(order)
            inverse[order] = np.arange(len(order))
            parts[name] = stacked[inverse] if len(order) and not np.all(in_main) else stacked
        scalars = {name: values[rows] for name, values in self.scalars.items()}
        return Encoded(ids=[self.ids[r] for r in rows], blocks=parts, scalars=scalars)
