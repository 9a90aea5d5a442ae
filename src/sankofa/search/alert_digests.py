"""Digests of saved searches: new matching vacancies mailed daily or weekly, in the owner's language.

Run hourly by `alerts.send_digests`. Each due search is handled in its own savepoint: its row is locked, the
mail is queued and `last_sent_at` moved in the same transaction, so a crash never sends twice nor skips a window,
and two workers running the job at once never mail the same search twice (SKIP LOCKED).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import i18n, mail
from sankofa.core.db.types import utcnow
from sankofa.core.settings import LOCALES, Settings
from sankofa.identity.models import User
from sankofa.search import alerts
from sankofa.search import jobs as job_search
from sankofa.search.models import AlertFrequency, SavedSearch

logger = logging.getLogger("sankofa.alerts")
MAX_LISTED = 20
PERIODS = {AlertFrequency.DAILY: timedelta(days=1), AlertFrequency.WEEKLY: timedelta(days=7)}
# The job runs hourly and not always at the same second: without this, a digest sent at 9:05 would be due
# only at 10:00 the next day and drift by an hour a day.
GRACE = timedelta(minutes=15)
# Vacancies published in the last minutes may still sit in uncommitted transactions: they go in the next digest.
COMMIT_LAG = timedelta(minutes=2)


def _due_clause(now: datetime):
    start = func.coalesce(col(SavedSearch.last_sent_at), col(SavedSearch.created_at))
    return or_(
        *(
            (col(SavedSearch.frequency) == frequency) & (start <= now - period + GRACE)
            for frequency, period in PERIODS.items()
        )
    )


async def due_ids(session: AsyncSession, *, now: datetime) -> list[int]:
    """Active saved searches whose period has elapsed, of accounts that can receive mail."""
    result = await session.exec(
        select(SavedSearch.id)
        .join(User, col(User.id) == SavedSearch.user_id)
        .where(
            col(SavedSearch.active).is_(True),
            _due_clause(now),
            col(User.deleted_at).is_(None),
            col(User.email).is_not(None),
        )
        .order_by(col(SavedSearch.id))
    )
    return [i for i in result.all() if i is not None]


def _links(settings: Settings, search: SavedSearch) -> dict[str, str]:
    assert search.id is not None
    base = settings.base_url.rstrip("/")
    return {
        "search_url": f"{base}/jobs?{urlencode(alerts.query_of(search, sort='date'))}",
        "manage_url": f"{base}/jobs/alerts",
        "unsubscribe_url": f"{base}/alerts/unsubscribe/{alerts.unsubscribe_token(settings, search_id=search.id)}",
    }


async def send_one(session: AsyncSession, *, search_id: int, settings: Settings, now: datetime) -> bool:
    """Mail the digest of one saved search if it is due and has new vacancies; True when a mail was queued."""
    locked = await session.exec(
        select(SavedSearch).where(SavedSearch.id == search_id, _due_clause(now)).with_for_update(skip_locked=True)
    )
    search = locked.first()
    user = await session.get(User, search.user_id) if search is not None and search.active else None
    if search is None or user is None or not user.email:
        return False
    locale = user.locale if user.locale in LOCALES else settings.default_locale
    since = search.last_sent_at or search.created_at
    until = now - COMMIT_LAG
    with i18n.use_locale(locale):
        params = replace(alerts.stored_params(search, locale=locale), since=None, page=1)
        query = job_search.build(params, published_after=since, published_before=until)
        found = await job_search.find(session, query=query, sort="date", limit=MAX_LISTED)
        if not found.ids:
            # Nothing new: no mail, and the window stays open so the next vacancy is mailed at the next run.
            return False
        total, capped = found.total, found.capped
        hits = await job_search.load_hits(session, ids=found.ids, locale=locale)
        links = _links(settings, search)
        base = settings.base_url.rstrip("/")
        await mail.queue(
            session,
            to=user.email,
            template="job_digest",
            locale=locale,
            context={
                "name": search.name,
                "display_name": user.display_name,
                "total": total,
                "capped": capped,
                "more": max(0, total - len(hits)),
                "jobs": [
                    {
                        "title": hit.vacancy.title,
                        "employer": hit.employer,
                        "place": hit.place_label or "",
                        "url": f"{base}/jobs/{hit.vacancy.public_id}",
                    }
                    for hit in hits
                ],
                **links,
            },
            headers={
                "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    search.last_sent_at = until
    await session.flush()
    return True


async def send_due(session: AsyncSession, *, settings: Settings, now: datetime | None = None) -> int:
    """Queue the digest of every due saved search; returns how many mails were queued. Idempotent."""
    now = now or utcnow()
    sent = 0
    for search_id in await due_ids(session, now=now):
        try:
            async with session.begin_nested():  # a savepoint per search: a failure undoes that search's work only
                sent += await send_one(session, search_id=search_id, settings=settings, now=now)
        except Exception:  # one broken search must not stop the others' digests
            logger.exception("digest of saved search %s failed", search_id)
    return sent
