"""`sankofa worker`: one process running Dramatiq worker threads, the outbox relay and the scheduler."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import dramatiq

from sankofa.core.settings import Settings
from sankofa.jobs import runtime
from sankofa.jobs.broker import make_broker
from sankofa.jobs.registry import install, uninstall
from sankofa.jobs.relay import Relay

logger = logging.getLogger(__name__)


@contextmanager
def running_worker(
    settings: Settings, *, database_url: str, threads: int = 4, fast_recovery: bool = False
) -> Iterator[dramatiq.Worker]:
    """Start worker threads and the relay; stop both on exit."""
    runtime.configure(replace(settings, database_url=database_url))
    broker = install(make_broker(settings, database_url=database_url, fast_recovery=fast_recovery))
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=200)
    worker.start()
    relay = Relay(database_url=database_url, broker=broker, poll_seconds=0.5 if fast_recovery else 2.0)
    relay.start()
    try:
        yield worker
    finally:
        relay.stop()
        worker.stop(timeout=10_000)
        relay.join(timeout=5)
        uninstall()
        broker.close()


def serve(settings: Settings, *, database_url: str, threads: int = 4, fast_recovery: bool = False) -> None:
    """Run until SIGINT or SIGTERM."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with running_worker(settings, database_url=database_url, threads=threads, fast_recovery=fast_recovery):
        logger.info("worker started (%s threads)", threads)
        print("sankofa worker: ready", flush=True)
        stop.wait()
    logger.info("worker stopped")
