"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs.broker import placeholder


@dramatiq.actor(actor_name="alerts.send_digests", broker=placeholder, max_retries=3)
async def send_digests() -> None:
    """Mail the digests of saved searches that are due."""
    # TODO(owner of this area): call the service.


ALL: list[dramatiq.Actor] = [send_digests]  # type: ignore[type-arg]
