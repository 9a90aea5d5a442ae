"""Keeping the rankable records current: the worker writes them, every web process follows the feed.

`refresh` (in the worker, through the outbox job `ranking.refresh`) rebuilds one record from the database and
stores it in `ranking_item` with the next sequence number. Each process holds a `LiveIndex` that loads every
active record once (in the background at start-up) and then applies the changes past its last sequence number
every second: a vacancy published or edited is rankable within seconds, by an incremental update, and the
index survives restarts because the records live in PostgreSQL.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio
import psycopg
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.model import LinearModel
from matching.ranking.ranker import Ranked, Ranker
from matching.ranking.records import Job, Profile, job_from, profile_from
from matching.ranking.vectors import TermSpace
from sankofa.core import outbox
from sankofa.core.db.engine import sync_url
from sankofa.core.db.transaction import checkpoint
from sankofa.ranking import learning as ranking_learning
from sankofa.ranking import records as ranking_records
from sankofa.ranking.models import RANKING_SEQ, ItemKind, RankingItem
from sankofa.reference import vocabulary

logger = logging.getLogger(__name__)
SYNC_BATCH = 5_000
REFRESH_ACTOR = "ranking.refresh"
REFRESH_MANY_ACTOR = "ranking.refresh_many"


async def queue_refresh(session: AsyncSession, *, kind: ItemKind, item_id: int) -> None:
    """Re-rank `item_id` once the caller's transaction commits (the worker rebuilds its record)."""
    await outbox.add(session, actor=REFRESH_ACTOR, args={"kind": str(kind), "item_id": item_id})


async def queue_refresh_many(session: AsyncSession, *, kind: ItemKind, item_ids: list[int]) -> None:
    """One job for many records (a bulk import's batch)."""
    await outbox.add(session, actor=REFRESH_MANY_ACTOR, args={"kind": str(kind), "item_ids": item_ids})


async def refresh(session: AsyncSession, *, kind: ItemKind, item_id: int) -> bool:
    """Store the current record of one vacancy or profile (a tombstone if it must not rank). Returns active."""
    active = await store(session, kind=kind, item_id=item_id)
    await session.flush()
    return active


async def refresh_many(session: AsyncSession, *, kind: ItemKind, item_ids: list[int]) -> int:
    """`refresh` for many records in one transaction; returns how many are active."""
    active = sum([await store(session, kind=kind, item_id=item_id) for item_id in item_ids])
    await session.flush()
    return active


async def store(session: AsyncSession, *, kind: ItemKind, item_id: int) -> bool:
    """Write the record (or tombstone) in the caller's transaction: the feed carries it once that commits."""
    if kind == ItemKind.VACANCY:
        record = await ranking_records.vacancy_record(session, item_id)
    else:
        record = await ranking_records.profile_record(session, item_id)
    values = {
        "kind": str(kind),
        "item_id": item_id,
        "seq": RANKING_SEQ.next_value(),
        "active": record is not None,
        "record": record or {},
        "updated_at": datetime.now(UTC),
    }
    statement = insert(RankingItem).values(**values)
    statement = statement.on_conflict_do_update(
        constraint="uq_ranking_item_kind_item",
        set_={name: statement.excluded[name] for name in ("seq", "active", "record", "updated_at")},
    )
    await session.exec(statement)
    return record is not None


_TERM_SPACE: list[TermSpace] = []
_TERM_SPACE_LOCK = threading.Lock()


def term_space() -> TermSpace:
    """The ranking term space of the shipped taxonomy, fitted once per process (about 2 s).

    Under a lock: the index's thread and a request's thread asking at start-up would otherwise both fit it (and
    hold two copies until one is dropped).
    """
    if not _TERM_SPACE:
        with _TERM_SPACE_LOCK:
            if not _TERM_SPACE:
                _TERM_SPACE.append(TermSpace.fit(vocabulary.engine().taxonomy))
    return _TERM_SPACE[0]


def _age_days(record: dict[str, Any]) -> float | None:
    try:
        published = datetime.fromisoformat(str(record.get("published_at")))
    except ValueError:
        return None
    return max(0.0, (datetime.now(UTC) - published).total_seconds() / 86_400)


def job_of(record: dict[str, Any]) -> Job:
    return job_from({**record, "age_days": _age_days(record)})


def profile_of(record: dict[str, Any]) -> Profile:
    return profile_from(record)


@dataclass(frozen=True)
class StoredItem:
    """One row of the feed, as the index needs it."""

    kind: str
    item_id: int
    seq: int
    active: bool
    record: dict[str, Any]


class LiveIndex:
    """This process's rankers (vacancies for a profile, profiles for a vacancy), kept current from the feed.

    Copy-on-write: a change (`build`, `apply`, `set_model`) is computed on copies, outside any lock readers take,
    and the lock is held only to swap the new rankers in. A published ranker is never changed, so a query ranks
    on the rankers it picked up without holding anything, and never waits for the follower's work.
    """

    def __init__(self) -> None:
        self.seq = 0
        self.model_version = ""
        self.ready = threading.Event()
        self._lock = threading.Lock()  # guards the swap of (rankers, seq, version): held for microseconds
        self._writing = threading.Lock()  # one change at a time (the follower thread; `load` in tests)
        self._jobs: Ranker | None = None
        self._profiles: Ranker | None = None

    def build(self, items: Sequence[StoredItem], model: LinearModel | None) -> None:
        """Replace both rankers by ones built from `items` (every stored record)."""
        with self._writing:
            taxonomy = vocabulary.engine().taxonomy
            space = term_space()
            jobs = [job_of(r.record) for r in items if r.active and r.kind == ItemKind.VACANCY]
            profiles = [profile_of(r.record) for r in items if r.active and r.kind == ItemKind.PROFILE]
            job_ranker = Ranker("jobs-for-profile", space=space, taxonomy=taxonomy, model=model).index(jobs)
            profile_ranker = Ranker("profiles-for-job", space=space, taxonomy=taxonomy, model=model).index(profiles)
            with self._lock:
                self._jobs, self._profiles = job_ranker, profile_ranker
                self.seq = max((r.seq for r in items), default=0)
                self.model_version = model.version if model else "cold-start"
        self.ready.set()

    def apply(self, items: Sequence[StoredItem]) -> None:
        """Apply changes in feed order: upsert active records, remove tombstones (on copies, then swap)."""
        with self._writing:
            # A rebuild may have happened since these rows were read: what it already holds is as new or newer.
            items = [r for r in items if r.seq > self.seq]
            if not items:
                return
            changed = [
                self._applied(ranker, [r for r in items if r.kind == kind], convert)
                for kind, ranker, convert in (
                    (ItemKind.VACANCY, self._jobs, job_of),
                    (ItemKind.PROFILE, self._profiles, profile_of),
                )
            ]
            with self._lock:
                self._jobs, self._profiles = changed
                self.seq = max(self.seq, max(r.seq for r in items))

    @staticmethod
    def _applied(ranker: Ranker | None, mine: list[StoredItem], convert: Any) -> Ranker | None:
        if ranker is None or not mine:
            return ranker
        changed = ranker.copy()
        changed.remove([str(r.item_id) for r in mine if not r.active])
        changed.upsert([convert(r.record) for r in mine if r.active])
        return changed

    def set_model(self, model: LinearModel) -> None:
        """Score with `model` from now on (a promotion or a rollback); the index itself is unchanged."""
        with self._writing:
            jobs, profiles = (r.with_model(model) if r is not None else None for r in (self._jobs, self._profiles))
            with self._lock:
                self._jobs, self._profiles = jobs, profiles
                self.model_version = model.version

    async def load(self, session: AsyncSession, *, model: LinearModel | None = None) -> None:
        """Rebuild from the database through an async session (tests; processes use a `Follower`)."""
        rows = (await session.exec(select(RankingItem).order_by(col(RankingItem.seq)))).all()
        items = [StoredItem(r.kind, r.item_id, r.seq, r.active, r.record) for r in rows]
        await checkpoint(session)  # end the read transaction: hold no lock while building
        await anyio.to_thread.run_sync(self.build, items, model)

    def _rankers(self) -> tuple[Ranker | None, Ranker | None]:
        with self._lock:
            return self._jobs, self._profiles

    async def jobs_for(self, record: dict[str, Any], *, k: int) -> list[Ranked]:
        """The `k` vacancies that fit the profile `record` best; the ranking runs in a worker thread."""
        ranker = self._rankers()[0]
        if ranker is None:
            return []
        return await anyio.to_thread.run_sync(lambda: ranker.rank(profile_of(record), k=k))

    async def profiles_for(self, record: dict[str, Any], *, k: int) -> list[Ranked]:
        """The `k` profiles that fit the vacancy `record` best; the ranking runs in a worker thread."""
        ranker = self._rankers()[1]
        if ranker is None:
            return []
        return await anyio.to_thread.run_sync(lambda: ranker.rank(job_of(record), k=k))


MODEL_CHECK_EVERY = 30
FEED_SQL = "SELECT kind, item_id, seq, active, record FROM ranking_item WHERE seq > %s ORDER BY seq LIMIT %s"
ACTIVE_MODEL_SQL = (
    "SELECT version, weights, metrics FROM ranking_model WHERE family = %s AND status = 'active' "
    "ORDER BY promoted_at DESC NULLS LAST LIMIT 1"
)


class Follower(threading.Thread):
    """A thread of each web process: loads the index, then applies the feed every `interval` seconds.

    It has its own autocommit connection, so it never holds a transaction (or a lock) between polls, and it keeps
    going whatever the web event loop is doing. Every MODEL_CHECK_EVERY polls it also picks up a newly promoted
    (or rolled back) model.
    """

    def __init__(self, live: LiveIndex, database_url: str, *, interval: float = 1.0) -> None:
        super().__init__(name="ranking-follower", daemon=True)
        self.live, self.url, self.interval = live, sync_url(database_url), interval
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)

    def _model(self, conn: psycopg.Connection) -> LinearModel:
        row = conn.execute(ACTIVE_MODEL_SQL, (ranking_learning.FAMILY,)).fetchone()
        if row is None:
            return LinearModel.cold_start(ranking_learning.FAMILY)
        return LinearModel(ranking_learning.FAMILY, dict(row[1]), row[0], dict(row[2]))

    def _feed(self, conn: psycopg.Connection, after: int) -> list[StoredItem]:
        return [StoredItem(*row) for row in conn.execute(FEED_SQL, (after, SYNC_BATCH)).fetchall()]

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    self._follow(conn)
            except Exception:  # the database may be restarting or not migrated yet: try again shortly
                logger.exception("ranking follower: retrying in 5 s")
                self._stop_event.wait(5)

    def _follow(self, conn: psycopg.Connection) -> None:
        if not self.live.ready.is_set():
            items, batch = [], self._feed(conn, 0)
            while batch:
                items += batch
                batch = self._feed(conn, batch[-1].seq)
            self.live.build(items, self._model(conn))
            # The text engine and the index live as long as the process: keep them out of full collections, which
            # otherwise stop every thread (the event loop too) for about 0.4 s while a batch is being applied.
            gc.freeze()
        rounds = 0
        while not self._stop_event.wait(self.interval):
            rounds += 1
            batch = self._feed(conn, self.live.seq)
            while batch:
                self.live.apply(batch)
                batch = self._feed(conn, self.live.seq) if len(batch) == SYNC_BATCH else []
            if rounds % MODEL_CHECK_EVERY == 0:
                model = self._model(conn)
                if model.version != self.live.model_version:
                    self.live.set_model(model)
