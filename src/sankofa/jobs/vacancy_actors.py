"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs.broker import placeholder


@dramatiq.actor(actor_name="vacancies.close_expired", broker=placeholder, max_retries=3)
async def close_expired() -> None:
    """Close published vacancies whose deadline has passed."""
    # TODO(owner of this area): call the service.


ALL: list[dramatiq.Actor] = [close_expired]  # type: ignore[type-arg]
