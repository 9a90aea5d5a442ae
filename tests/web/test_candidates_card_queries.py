"""Card lists cost a fixed number of SQL statements: a page of 30 cards takes no more than a page of 10.

Counted with SQLAlchemy's `before_cursor_execute` on the engine the app uses, for the two ranked lists: the
employer's candidates for a vacancy and the returnee's recommended jobs. Before cards were built in batches,
each candidate card cost about six statements (about 180 for 30 cards).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.ranking.models import ItemKind
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import (
    bricks_uri,
    fresh_index,
    grant,
    index_records,
    make_candidate,
    make_returnee,
)

# Statements for one whole page (session, user, organisation, vacancy, ranking record, the cards, the audit rows
# and impressions): whatever the number of cards.
MAX_STATEMENTS = 30
MASON = {"title": "Maçon / maçonne", "description": "Chantier de construction à Dakar: maçonnerie, pose de briques."}


@pytest.fixture
async def live(app, db: AsyncSession):  # type: ignore[no-untyped-def]
    return await fresh_index(app, db)


@contextmanager
def counted(engine: AsyncEngine) -> Iterator[list[str]]:
    """The SQL statements sent through `engine` inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def _statements(app, client, url: str, *, cards: str, expected: int) -> list[str]:  # type: ignore[no-untyped-def]
    with counted(app.state.engine) as statements:
        response = await client.get(url)
    assert response.status_code == 200
    assert response.text.count(cards) == expected
    return statements


async def test_thirty_ranked_candidates_cost_no_more_statements_than_ten(app, client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    employer, org = await make_employer(db)
    assert org.id is not None
    vacancy = await make_vacancy(db, organisation=org, **MASON, location="Dakar", required_skills=bricks_uri())
    people = [await make_candidate(db, name=f"Maçon {n}", skills=[bricks_uri()]) for n in range(30)]
    for person in people[::2]:  # every other card names the person: its view is audited
        await grant(db, profile=person, organisation_id=org.id)
    await index_records(db, live, (ItemKind.VACANCY, vacancy.id), *((ItemKind.PROFILE, p.id) for p in people))  # type: ignore[misc]
    await log_in(client, employer.email)
    url = f"/employer/vacancies/{vacancy.public_id}/candidates?per_page="
    await client.get(url + "5")  # the first request of a session loads what every later one reuses
    ten = await _statements(app, client, url + "10", cards='class="card candidate"', expected=10)
    thirty = await _statements(app, client, url + "30", cards='class="card candidate"', expected=30)
    print(f"ranked candidates: {len(ten)} statements for 10 cards, {len(thirty)} for 30")
    assert len(thirty) <= len(ten), "\n".join(thirty)
    assert len(thirty) <= MAX_STATEMENTS, "\n".join(thirty)


async def test_thirty_recommended_jobs_cost_no_more_statements_than_ten(app, client, db: AsyncSession, live) -> None:  # type: ignore[no-untyped-def]
    user, profile = await make_returnee(db)
    _, org = await make_employer(db)
    jobs = [
        await make_vacancy(
            db, organisation=org, **{**MASON, "title": f"Maçon {n}"}, location="Dakar", required_skills=bricks_uri()
        )
        for n in range(30)
    ]
    await index_records(db, live, (ItemKind.PROFILE, profile.id), *((ItemKind.VACANCY, v.id) for v in jobs))  # type: ignore[misc]
    await log_in(client, user.email)
    await client.get("/recommendations?per_page=5")
    cards = 'class="card recommendation"'
    ten = await _statements(app, client, "/recommendations?per_page=10", cards=cards, expected=10)
    thirty = await _statements(app, client, "/recommendations?per_page=30", cards=cards, expected=30)
    print(f"recommended jobs: {len(ten)} statements for 10 cards, {len(thirty)} for 30")
    assert len(thirty) <= len(ten), "\n".join(thirty)
    assert len(thirty) <= MAX_STATEMENTS, "\n".join(thirty)
