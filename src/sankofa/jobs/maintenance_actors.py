"""Maintenance actors: thin shells that call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs import maintenance, runtime
from sankofa.jobs.unbound import unbound


@dramatiq.actor(actor_name="maintenance.purge", broker=unbound, max_retries=3)
async def purge() -> None:
    """Drop expired sessions, old rate-limit windows and relayed outbox rows."""
    async with runtime.session() as session:
        await maintenance.purge(session)
