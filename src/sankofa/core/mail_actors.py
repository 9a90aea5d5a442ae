"""Mail actors: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import uuid

import dramatiq

from sankofa.core import mail
from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound


@dramatiq.actor(actor_name="mail.send", broker=unbound, max_retries=8, min_backoff=5_000)
async def send_mail(mail_id: str) -> None:
    """Send one stored mail (a no-op if it already went)."""
    async with runtime.session() as session:
        await mail.deliver(session, mail_id=uuid.UUID(mail_id), settings=runtime.settings())
