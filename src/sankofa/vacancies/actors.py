"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import logging

import dramatiq

from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound
from sankofa.vacancies import posting as vacancy_posting

logger = logging.getLogger("sankofa.jobs")


@dramatiq.actor(actor_name="vacancies.close_expired", broker=unbound, max_retries=3)
async def close_expired() -> None:
    """Close published vacancies whose deadline has passed."""
    async with runtime.session() as session:
        closed = await vacancy_posting.close_expired(session)
    if closed:
        logger.info("closed %s vacancies past their deadline", closed)
