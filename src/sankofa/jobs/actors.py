"""Actors: thin shells named "area.verb" that take ids, load, and call a service. All idempotent."""

from __future__ import annotations

import uuid

import dramatiq

from sankofa.jobs import alert_actors, application_actors, import_actors, ranking_actors, runtime, vacancy_actors
from sankofa.jobs.broker import placeholder
from sankofa.services import mail, maintenance


@dramatiq.actor(actor_name="mail.send", broker=placeholder, max_retries=8, min_backoff=5_000)
async def send_mail(mail_id: str) -> None:
    """Send one stored mail (a no-op if it already went)."""
    async with runtime.session() as session:
        await mail.deliver(session, mail_id=uuid.UUID(mail_id), settings=runtime.settings())


@dramatiq.actor(actor_name="maintenance.purge", broker=placeholder, max_retries=3)
async def purge() -> None:
    """Drop expired sessions, old rate-limit windows and relayed outbox rows."""
    async with runtime.session() as session:
        await maintenance.purge(session)


ALL: list[dramatiq.Actor] = [
    send_mail,
    purge,
    *vacancy_actors.ALL,
    *import_actors.ALL,
    *application_actors.ALL,
    *alert_actors.ALL,
    *ranking_actors.ALL,
]
