"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs.broker import placeholder


@dramatiq.actor(actor_name="applications.flag_stale", broker=placeholder, max_retries=3)
async def flag_stale() -> None:
    """Flag applications the employer has not touched for 14 days."""
    # TODO(owner of this area): call the service.


ALL: list[dramatiq.Actor] = [flag_stale]  # type: ignore[type-arg]
