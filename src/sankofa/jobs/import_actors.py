"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import dramatiq

from sankofa.jobs.broker import placeholder


@dramatiq.actor(actor_name="imports.run", broker=placeholder, max_retries=3)
async def run_import(import_id: str) -> None:
    """Process one uploaded vacancy file (resumes where a crashed run stopped)."""
    # TODO(owner of this area): call the service.


ALL: list[dramatiq.Actor] = [run_import]  # type: ignore[type-arg]
