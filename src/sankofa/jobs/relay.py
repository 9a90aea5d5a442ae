"""Outbox relay and periodic scheduler: threads inside every worker process.

The relay LISTENs for the outbox NOTIFY (and polls as a fallback), claims rows with SKIP LOCKED, enqueues them
with the row id as message id, and marks them enqueued. Several worker processes can run it side by side.
"""

from __future__ import annotations

import logging
import threading

import dramatiq
import psycopg

from sankofa.core.db.engine import sync_url
from sankofa.core.outbox import NOTIFY_CHANNEL
from sankofa.jobs.periodic import PERIODIC

logger = logging.getLogger(__name__)


def relay_once(conn: psycopg.Connection, broker: dramatiq.Broker, *, batch: int = 100) -> int:
    """Enqueue up to `batch` pending outbox rows of the actors this worker knows; returns how many went out.

    A row for an actor this worker does not know (written by a newer web process during a rolling deploy) stays
    pending for a worker that knows it: it must not hold back the rows behind it.
    """
    known = sorted(broker.get_declared_actors())
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, actor, args FROM outbox_message WHERE enqueued_at IS NULL AND actor = ANY(%s) "
            "ORDER BY created_at LIMIT %s FOR UPDATE SKIP LOCKED",
            (known, batch),
        ).fetchall()
        for message_id, actor_name, args in rows:
            actor = broker.get_actor(actor_name)
            broker.enqueue(
                dramatiq.Message(
                    queue_name=actor.queue_name,
                    actor_name=actor_name,
                    args=(),
                    kwargs=args,
                    options={},
                    message_id=str(message_id),
                )
            )
            conn.execute("UPDATE outbox_message SET enqueued_at = now() WHERE id = %s", (message_id,))
    return len(rows)


def schedule_due(conn: psycopg.Connection) -> int:
    """Write an outbox row for each periodic job whose period has elapsed (one winner across processes)."""
    scheduled = 0
    with conn.transaction():
        for job in PERIODIC:
            conn.execute(
                "INSERT INTO scheduled_run (name, last_run_at) VALUES (%s, now() - make_interval(secs => %s)) "
                "ON CONFLICT (name) DO NOTHING",
                (job.name, job.seconds + 1),
            )
            won = conn.execute(
                "UPDATE scheduled_run SET last_run_at = now() WHERE name = %s "
                "AND last_run_at <= now() - make_interval(secs => %s) RETURNING name",
                (job.name, job.seconds),
            ).fetchone()
            if won:
                conn.execute(
                    "INSERT INTO outbox_message (id, actor, args, created_at) "
                    "VALUES (gen_random_uuid(), %s, '{}'::jsonb, now())",
                    (job.actor,),
                )
                scheduled += 1
        if scheduled:
            conn.execute(f"NOTIFY {NOTIFY_CHANNEL}")
    return scheduled


class Relay(threading.Thread):
    """Background thread moving outbox rows to the broker until `stop()`."""

    def __init__(self, *, database_url: str, broker: dramatiq.Broker, poll_seconds: float = 2.0) -> None:
        super().__init__(name="sankofa-outbox-relay", daemon=True)
        self.url = sync_url(database_url)
        self.broker = broker
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self._loop()
            except Exception:
                logger.exception("outbox relay failed; retrying")
                self.stopping.wait(1.0)

    def _loop(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as listen_conn, psycopg.connect(self.url) as conn:
            listen_conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            while not self.stopping.is_set():
                schedule_due(conn)
                while relay_once(conn, self.broker):
                    pass
                for _notify in listen_conn.notifies(timeout=self.poll_seconds, stop_after=1):
                    break
