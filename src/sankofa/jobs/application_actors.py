"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs import runtime
from sankofa.jobs.broker import placeholder
from sankofa.services import application_stale


@dramatiq.actor(actor_name="applications.flag_stale", broker=placeholder, max_retries=3)
async def flag_stale() -> None:
    """Flag applications the employer has not touched for 14 days, and mail each employer one summary."""
    async with runtime.session() as session:
        await application_stale.flag_stale(session, settings=runtime.settings())


ALL: list[dramatiq.Actor] = [flag_stale]
