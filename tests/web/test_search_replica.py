"""The job search reads from the search database when one is set (a read replica), and only from it."""

from __future__ import annotations

from dataclasses import replace

import httpx
import psycopg
from sqlalchemy.engine import make_url

from sankofa.core.db.engine import sync_url
from tests.support.vacancies import make_employer, make_vacancy


def _pools(url: str) -> dict[str, int]:
    """Connections to this test database, by application name."""
    name = make_url(url).database
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s GROUP BY 1", (name,)
        ).fetchall()
    return {row[0]: row[1] for row in rows}


async def test_searches_go_to_the_search_database_and_other_pages_do_not(settings, database_url, db):
    from web.app import create_app

    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    # The replica is this same database under another pool: what matters is which pool serves which page.
    application = create_app(replace(settings, search_database_url=database_url))
    for hook in application.on_startup:
        await hook(application)
    try:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            assert (await client.get("/about")).status_code == 200
            assert "sankofa-search" not in _pools(database_url)
            api = await client.get("/api/v1/jobs", params={"q": "soudeur"})
            assert [item["title"] for item in api.json()["items"]] == ["Soudeur"]
            page = await client.get("/jobs", params={"q": "soudeur"})
            assert page.status_code == 200 and "Soudeur" in page.text
            pools = _pools(database_url)
            assert pools.get("sankofa-search", 0) >= 1, pools
            assert application.state.search_engine.pool.checkedin() >= 1  # the search pool served them
    finally:
        for hook in application.on_shutdown:
            await hook(application)
