"""The broker actors are declared on at import: it refuses every message until a real broker is installed.

Dramatiq needs a broker when an actor is declared, long before the worker has built one from settings. A stub broker
there would keep every `send()` in memory and lose it silently; this one raises `BrokerNotInstalled` instead.
"""

from __future__ import annotations

from typing import NoReturn

import dramatiq
from dramatiq.middleware import AsyncIO


class BrokerNotInstalled(RuntimeError):
    """A message was sent before `sankofa.jobs.registry.install()` bound the actors to a real broker."""


class UnboundBroker(dramatiq.Broker):
    """Holds actor declarations (their names, queues and options) and refuses to enqueue or consume."""

    def __init__(self) -> None:
        super().__init__()
        self.queues: set[str] = set()
        self.add_middleware(AsyncIO())

    def declare_queue(self, queue_name: str) -> None:
        self.queues.add(queue_name)

    def get_declared_queues(self) -> set[str]:
        return set(self.queues)

    def enqueue(self, message: dramatiq.Message, *, delay: int | None = None) -> NoReturn:
        raise BrokerNotInstalled(
            f"cannot send {message.actor_name!r}: no broker is installed in this process "
            "(the worker calls sankofa.jobs.registry.install(); services write jobs to the outbox instead)"
        )

    def consume(self, queue_name: str, prefetch: int = 1, timeout: int = 30000) -> NoReturn:
        raise BrokerNotInstalled(f"cannot consume {queue_name!r}: no broker is installed in this process")


unbound = UnboundBroker()
