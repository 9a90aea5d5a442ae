"""Actors of this area: thin shells that call a service. Idempotent."""

from __future__ import annotations

import logging

import dramatiq

from sankofa.events import offers
from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound

logger = logging.getLogger("sankofa.jobs")


@dramatiq.actor(actor_name="events.expire_offers", broker=unbound, max_retries=3)
async def expire_offers() -> None:
    """Seats offered from a waiting list and not taken in time pass to the next person."""
    async with runtime.session() as session:
        expired = await offers.expire_offers(session, settings=runtime.settings())
    if expired:
        logger.info("%s offered event seats expired and passed on", expired)
