"""The hourly job closes published vacancies past their deadline, and only those."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from sankofa.core import outbox
from sankofa.vacancies import posting as vacancy_posting
from sankofa.vacancies.models import Vacancy
from tests.support.vacancies import make_employer, make_vacancy


def _day(offset: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


async def _statuses(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    rows = await db.exec(select(Vacancy).execution_options(populate_existing=True))
    return {v.title: v.status for v in rows.all()}


async def test_close_expired_closes_published_vacancies_past_their_deadline_and_leaves_the_others(db):
    _user, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Expired", deadline=_day(-1))
    await make_vacancy(db, organisation=org, title="Today", deadline=_day(0))
    await make_vacancy(db, organisation=org, title="Later", deadline=_day(30))
    await make_vacancy(db, organisation=org, title="No deadline")
    await make_vacancy(db, organisation=org, title="Old draft", status="draft", deadline=_day(-3))
    assert await vacancy_posting.close_expired(db) == 1
    assert await _statuses(db) == {
        "Expired": "closed",
        "Today": "published",
        "Later": "published",
        "No deadline": "published",
        "Old draft": "draft",
    }
    closed = (await db.exec(select(Vacancy).where(Vacancy.title == "Expired"))).one()
    assert closed.closed_at is not None
    assert await vacancy_posting.close_expired(db) == 0  # idempotent


async def test_the_worker_runs_close_expired(db, worker):
    _user, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Expired", deadline=_day(-2))
    await outbox.add(db, actor="vacancies.close_expired", args={})
    await db.commit()
    deadline = time.monotonic() + 15
    while (await _statuses(db))["Expired"] != "closed":
        assert time.monotonic() < deadline, "the worker did not close the vacancy"
        await asyncio.sleep(0.1)
