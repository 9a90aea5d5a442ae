"""Applications the employer has left unanswered for 14 days: flagged once, one summary mail per organisation."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import access as application_access
from sankofa.applications.lifecycle import OPEN, STALE_DAYS
from sankofa.applications.models import Application
from sankofa.core import i18n, mail
from sankofa.core.settings import Settings
from sankofa.organisations.models import Organisation
from sankofa.vacancies.models import Vacancy

MAX_LISTED = 50  # per mail; the board shows them all


async def flag_stale(session: AsyncSession, *, settings: Settings, now: datetime | None = None) -> int:
    """Flag open applications untouched for 14 days and mail each employer a summary. Idempotent.

    Returns:
        How many applications were flagged in this run.
    """
    now = now or datetime.now(UTC)
    waiting_since = func.coalesce(col(Application.employer_touched_at), col(Application.created_at))
    result = await session.exec(
        select(Application, Vacancy, Organisation)
        .join(Vacancy, col(Vacancy.id) == Application.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(
            col(Application.status).in_(OPEN),
            col(Application.stale_flagged_at).is_(None),
            waiting_since < now - timedelta(days=STALE_DAYS),
        )
        .order_by(col(Application.created_at))
        # Two runs at once (a retry overlapping the hourly run) must not mail twice.
        .with_for_update(of=Application, skip_locked=True)
    )
    by_org: dict[int, list[tuple[Application, Vacancy]]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for application, vacancy, organisation in result.all():
        application.stale_flagged_at = now
        session.add(application)
        assert organisation.id is not None
        by_org[organisation.id].append((application, vacancy))
        organisations[organisation.id] = organisation
    for org_id, rows in by_org.items():
        for address, locale in await application_access.member_addresses(session, organisation_id=org_id):
            locale = locale or settings.default_locale
            with i18n.use_locale(locale):
                items = [
                    {
                        "vacancy": vacancy.title,
                        "applied_on": i18n.format_date(application.created_at),
                        "link": f"{settings.base_url}/employer/vacancies/{vacancy.public_id}/applications",
                    }
                    for application, vacancy in rows[:MAX_LISTED]
                ]
            await mail.queue(
                session,
                to=address,
                template="applications_stale",
                locale=locale,
                context={
                    "organisation": organisations[org_id].name,
                    "count": len(rows),
                    "items": items,
                    "more": max(0, len(rows) - MAX_LISTED),
                    "days": STALE_DAYS,
                },
            )
    await session.flush()
    return sum(len(rows) for rows in by_org.values())
