"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import logging

import dramatiq

from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound
from sankofa.search import alert_digests

logger = logging.getLogger("sankofa.jobs")


@dramatiq.actor(actor_name="alerts.send_digests", broker=unbound, max_retries=3)
async def send_digests() -> None:
    """Mail the digests of saved searches that are due (each search at most once per period)."""
    async with runtime.session() as session:
        sent = await alert_digests.send_due(session, settings=runtime.settings())
    if sent:
        logger.info("queued %s job alert digests", sent)
