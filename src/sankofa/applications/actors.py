"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.applications import stale as application_stale
from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound


@dramatiq.actor(actor_name="applications.flag_stale", broker=unbound, max_retries=3)
async def flag_stale() -> None:
    """Flag applications the employer has not touched for 14 days, and mail each employer one summary."""
    async with runtime.session() as session:
        await application_stale.flag_stale(session, settings=runtime.settings())
