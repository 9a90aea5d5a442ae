"""Actors of this area: thin shells that load ids and call a service. Idempotent."""

from __future__ import annotations

import uuid

import dramatiq

from sankofa.imports import report as vacancy_import_report
from sankofa.imports import run as vacancy_import_run
from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound

# A 100,000-row file takes minutes; dramatiq's default limit (10 min) would kill a slow one mid-way
# (it would resume on retry, but needlessly).
IMPORT_TIME_LIMIT_MS = 60 * 60 * 1000


@dramatiq.actor(actor_name="imports.run", broker=unbound, max_retries=3, time_limit=IMPORT_TIME_LIMIT_MS)
async def run_import(import_id: str) -> None:
    """Process one uploaded vacancy file (resumes where a crashed run stopped; a finished one is a no-op)."""
    async with runtime.session() as session:
        await vacancy_import_run.run(session, import_id=uuid.UUID(import_id))


@dramatiq.actor(actor_name="imports.build_report", broker=unbound, max_retries=3)
async def build_report(import_id: str) -> None:
    """Build and store a finished import's error report (one transaction: a killed build is redone whole)."""
    async with runtime.session() as session:
        await vacancy_import_report.ensure_built(session, import_id=uuid.UUID(import_id))
