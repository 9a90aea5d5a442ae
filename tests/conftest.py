"""Shared fixtures: a fresh PostgreSQL database per run, the app over ASGI, a real SMTP server, a worker.

PostgreSQL: the machine's server on 127.0.0.1:5432 when reachable (CI), else an embedded one under var/.
Isolation: tests commit for real (workers in other threads and processes must see the data), and every
table is truncated after each test.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn

from sankofa.core.db.engine import make_engine, make_session_factory, sync_url
from sankofa.core.settings import Settings, load_settings
from tests.support.smtp import SmtpSink

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
KEEP_TABLES = {
    "alembic_version",
    "esco_occupation",
    "esco_skill",
    "esco_occupation_skill",
    "esco_group",
    "country",
    "region",
    "city",
    "reference_version",
}


# The check that every template was rendered runs last, and only when the whole suite ran (or when named).
EVERY_TEMPLATE_TEST = "test_templates_rendered.py::test_every_template_is_rendered_by_some_test"


def pytest_configure(config: pytest.Config) -> None:
    from tests.support import templates

    templates.install()


def _whole_suite(config: pytest.Config) -> bool:
    roots = {ROOT, ROOT / "tests"}
    args = [(config.invocation_params.dir / arg.split("::")[0]).resolve() for arg in config.args]
    return (
        all(arg in roots for arg in args)
        and not config.option.keyword
        and config.option.markexpr in ("", "not browser")
        and not config.getoption("deselect", None)
        and not config.getoption("lf", False)
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    final = [item for item in items if item.nodeid.endswith(EVERY_TEMPLATE_TEST)]
    if not final:
        return
    others = [item for item in items if item not in final]
    named = any(arg.endswith(EVERY_TEMPLATE_TEST.split("::")[0]) or EVERY_TEMPLATE_TEST in arg for arg in config.args)
    if others and not named and not _whole_suite(config):
        config.hook.pytest_deselected(items=final)
        items[:] = others
        return
    items[:] = others + final


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    from tests.support.crawl import PAGE_COUNTS

    if PAGE_COUNTS:
        counts = ", ".join(f"{role} {fr} (+{other} en/ar)" for role, (fr, other) in PAGE_COUNTS.items())
        terminalreporter.write_line(f"crawl, pages per role: {counts}")


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def require_service(name: str, host: str, port: int) -> None:
    """Skip (with the reason) when a service is missing; under CI a missing service is an error."""
    if _port_open(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if IN_CI:
        pytest.fail(message + " (CI=true: services must be up; .ci/run starts them)")
    pytest.skip(message)


def url_for_database(server_url: str, name: str) -> str:
    """The same server, another database."""
    return re.sub(r"/postgres(\?|$)", rf"/{name}\1", server_url)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A PostgreSQL server URL (maintenance database)."""
    if _port_open("127.0.0.1", 5432):
        yield "postgresql://postgres@127.0.0.1:5432/postgres"
        return
    if IN_CI:
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 under CI")
    from sankofa.core.db import embedded

    server, url = embedded.start(ROOT / "var" / "test")
    yield url.replace("/sankofa?", "/postgres?")
    embedded.stop(server)


@pytest.fixture(scope="session")
def database_url(server_url: str) -> Iterator[str]:
    """A fresh, migrated database for this run, dropped at the end."""
    from sankofa.core.db import migrate
    from sankofa.reference import loading as reference_data

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = url_for_database(server_url, name)
    migrate.upgrade(url)
    reference_data.load_all(url)
    yield url
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback that keeps every message it receives."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def settings(database_url: str, smtp: SmtpSink, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    var_dir = tmp_path_factory.mktemp("var")
    base = load_settings(
        {
            "SANKOFA_ENV": "test",
            "SANKOFA_SECRET_KEY": "test-secret-key-0123456789",
            "SANKOFA_VAR_DIR": str(var_dir),
        }
    )
    return replace(
        base,
        database_url=database_url,
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        base_url="http://testserver",
        # Off for the suite: a test that changes a vacancy and searches at once must not race the notification
        # (tests/web/test_search_cache.py turns it on and waits for it).
        search_cache_entries=0,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings):  # type: ignore[no-untyped-def]
    from web.app import create_app

    application = create_app(settings)
    for hook in application.on_startup:
        await hook(application)
    yield application
    for hook in application.on_shutdown:
        await hook(application)


@pytest.fixture(scope="session")
async def db_factory(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url, pool_size=3)
    yield make_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def db(db_factory):  # type: ignore[no-untyped-def]
    async with db_factory() as session:
        yield session


def truncate_tables(url: str) -> None:
    """Empty every table but the reference data."""
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if row[0] not in KEEP_TABLES
        ]
        if tables:
            conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    """Empty every table after a test that touched the database.

    Tests on the demo data (the `demo_data` fixture of a module) share it: that fixture empties the tables itself.
    """
    url = request.getfixturevalue("database_url") if "database_url" in request.fixturenames else None
    yield
    if url is not None and "demo_data" not in request.fixturenames:
        truncate_tables(url)


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
def worker(settings: Settings, database_url: str) -> Iterator[None]:
    """Dramatiq worker threads + outbox relay on the PostgreSQL broker, inside the test process."""
    from sankofa.jobs.worker import running_worker

    with running_worker(settings, database_url=database_url, threads=2, fast_recovery=True):
        yield


@pytest.fixture(scope="session")
def served_app(settings) -> Iterator[tuple[object, str]]:  # type: ignore[no-untyped-def]
    """The app served by uvicorn in a thread, and its base URL."""
    from dataclasses import replace

    from web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    app = create_app(replace(settings, base_url=base))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield app, base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(served_app) -> str:  # type: ignore[no-untyped-def]
    return served_app[1]
