"""500 returnees register at once, over real HTTP, for 100 seats: exactly 100 get a seat and 400 the waiting list.

The app is served by uvicorn (its own event loop and connection pool); 500 requests are in flight together, so the
registrations' transactions really overlap in PostgreSQL.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
import uvicorn
from sqlmodel import select

from sankofa.events.models import EventCategory, EventRegistration
from tests.support.crowd import CSRF, crowd
from tests.support.events import make_authority, make_event

PEOPLE, SEATS = 500, 100


@pytest.fixture
def busy_server(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app served with a pool that lets requests wait their turn (not answer "busy" after 5 s)."""
    from web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(replace(settings, db_pool_size=20, db_pool_timeout=120.0, base_url=f"http://127.0.0.1:{port}"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", backlog=2048)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


async def test_500_registrations_at_once_for_100_seats_give_100_seats_and_400_waiting(db, busy_server):
    _organiser, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": SEATS})
    cookies = await crowd(db, count=PEOPLE)
    path = f"/events/{event.public_id}/register"
    limits = httpx.Limits(max_connections=PEOPLE, max_keepalive_connections=PEOPLE)
    async with httpx.AsyncClient(base_url=busy_server, limits=limits, timeout=120) as http:

        async def register(cookie: str) -> int:
            response = await http.post(
                path,
                data={"consent": "1"},
                headers={"Cookie": f"sk_session={cookie}", "X-CSRF-Token": CSRF},
            )
            return response.status_code

        started = time.monotonic()
        answers = await asyncio.gather(*(register(cookie) for cookie in cookies))
        elapsed = time.monotonic() - started
    assert Counter(answers) == {303: PEOPLE}, Counter(answers)
    statuses = Counter((await db.exec(select(EventRegistration.status))).all())
    assert statuses == {"registered": SEATS, "waitlisted": PEOPLE - SEATS}
    category = (
        await db.exec(
            select(EventCategory)
            .where(EventCategory.id == categories["returnee"].id)
            .execution_options(populate_existing=True)
        )
    ).one()
    assert category.taken == SEATS
    print(f"{PEOPLE} registrations for {SEATS} seats in {elapsed:.1f} s")
