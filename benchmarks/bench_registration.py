"""Event registration under a rush, through HTTP: N returnees register at once for S seats (POST /events/{id}/register).

Creates a scratch database (127.0.0.1:5432 when reachable, else the embedded server under var/bench), one published
event with S seats for returnees, N returnees with a profile and a session (inserted in bulk), serves the real app
with uvicorn, and fires the N registrations with C in flight at a time. Every registration of one category queues
on its category row's lock (that is what keeps the seats exact), so the figure that matters is the throughput of
one category. The baseline measured in the same run is `/health/live` with the same concurrency. At the end the
seats are counted: exactly S registered, N - S on the waiting list.

    .venv/bin/python benchmarks/bench_registration.py [--people 2000] [--seats 500] [--concurrency 100]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_load import scratch_database  # noqa: E402 - the same scratch database as the other benchmarks
from bench_search import _percentiles  # noqa: E402


async def _load(url: str, *, people: int, seats: int) -> tuple[str, list[str]]:
    """The event (its public id) and the session cookies of `people` returnees."""
    from sankofa.core.db.engine import make_engine, make_session_factory
    from sankofa.events.models import Event, EventCategory, EventSession
    from sankofa.organisations.models import Organisation
    from tests.support.crowd import crowd

    engine = make_engine(url, pool_size=2)
    try:
        async with make_session_factory(engine)() as session:
            org = Organisation(kind="authority", name="Bench authority", status="verified")
            session.add(org)
            await session.flush()
            starts = datetime.now(UTC) + timedelta(days=30)
            event = Event(
                organisation_id=org.id or 0,
                kind="job_fair",
                status="published",
                title={"fr": "Bench"},
                country="SN",
                starts_at=starts,
                ends_at=starts + timedelta(hours=8),
                shared_fields=["name"],
            )
            session.add(event)
            await session.flush()
            session.add(EventSession(event_id=event.id or 0, starts_at=starts, ends_at=starts + timedelta(hours=8)))
            session.add(EventCategory(event_id=event.id or 0, kind="returnee", quota=seats))
            await session.commit()
            cookies = await crowd(session, count=people, prefix="bench")
            return str(event.public_id), cookies
    finally:
        await engine.dispose()


async def _fire(base: str, requests: list[dict[str, Any]], *, concurrency: int) -> tuple[list[float], float, Counter]:  # type: ignore[type-arg]
    """Send every request with `concurrency` in flight; (latencies in ms, wall time in s, status counts)."""
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    statuses: Counter = Counter()  # type: ignore[type-arg]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as http:

        async def one(request: dict[str, Any]) -> None:
            async with gate:
                started = time.perf_counter()
                response = await http.request(**request)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(request) for request in requests))
        return latencies, time.perf_counter() - started, statuses


def _report(label: str, latencies: list[float], wall: float) -> None:
    p50, p95, p99 = _percentiles(latencies)
    print(f"{label:<28} {len(latencies) / wall:7.0f} req/s   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   p99 {p99:7.1f} ms")


def run(base: str, *, event_id: str, cookies: list[str], concurrency: int, url: str, seats: int) -> None:
    from tests.support.crowd import CSRF

    health = [{"method": "GET", "url": "/health/live"} for _ in cookies]
    asyncio.run(_fire(base, health[:200], concurrency=concurrency))  # warm-up
    latencies, wall, _ = asyncio.run(_fire(base, health, concurrency=concurrency))
    _report("baseline /health/live", latencies, wall)
    registrations = [
        {
            "method": "POST",
            "url": f"/events/{event_id}/register",
            "data": {"consent": "1"},
            "headers": {"Cookie": f"sk_session={cookie}", "X-CSRF-Token": CSRF},
        }
        for cookie in cookies
    ]
    latencies, wall, statuses = asyncio.run(_fire(base, registrations, concurrency=concurrency))
    _report("POST register (one category)", latencies, wall)
    with psycopg.connect(url) as conn:
        counted = dict(conn.execute("SELECT status, count(*) FROM event_registration GROUP BY status").fetchall())
        taken = conn.execute("SELECT taken FROM event_category").fetchone()[0]  # type: ignore[index]
    print(f"answers {dict(statuses)}; registrations {counted}; seats taken {taken} of {seats}")
    exact = counted.get("registered") == seats == taken and counted.get("waitlisted") == len(cookies) - seats
    print("seats exact: " + ("yes" if exact else "NO"))


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    from sankofa.core.settings import get_settings
    from sankofa.prefork import load_engine
    from web.app import create_app

    with scratch_database("bench_registration", existing=None) as (url, _name):
        event_id, cookies = asyncio.run(_load(url, people=args.people, seats=args.seats))
        settings = replace(get_settings(), base_url="http://127.0.0.1", db_pool_size=20, db_pool_timeout=300.0)
        app = create_app(settings, database_url=url)
        # Loaded before serving: otherwise the app loads the text engine in the background while the baseline runs.
        load_engine()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", backlog=4096))
        thread = threading.Thread(target=uv.run, daemon=True)
        thread.start()
        try:
            while not uv.started:
                time.sleep(0.05)
            print(f"{args.people} returnees, {args.seats} seats, {args.concurrency} requests in flight")
            run(
                f"http://127.0.0.1:{port}",
                event_id=event_id,
                cookies=cookies,
                concurrency=args.concurrency,
                url=url,
                seats=args.seats,
            )
        finally:
            uv.should_exit = True
            thread.join(timeout=15)  # the app's shutdown stops its listeners before the database goes


if __name__ == "__main__":
    main()
