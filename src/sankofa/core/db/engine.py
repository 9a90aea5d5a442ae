"""Async engine and session factory. Engines are created lazily, once per process (and per event loop)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Executable, text
from sqlalchemy.engine import Result, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession


def async_url(url: str) -> str:
    """Turn any postgresql:// URL into the asyncpg dialect SQLAlchemy wants."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """Plain libpq URL (psycopg, dramatiq-postgres) for the same database."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    pool_timeout: float = 30.0,
    application_name: str = "sankofa",
) -> AsyncEngine:
    """Create the process' async engine for `url`.

    A web process keeps few connections and waits little for one (`pool_timeout`, then sqlalchemy's TimeoutError,
    answered 503): on a busy server, requests queued in the database make every one slow; refused early, a few
    retry and the rest stay fast.
    """
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        # Named in pg_stat_activity, so an operator sees which pool a connection belongs to.
        connect_args={"server_settings": {"application_name": application_name}},
    )


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def run_sql(session: AsyncSession, sql: Executable, params: dict[str, Any] | None = None) -> Result[Any]:
    """Run raw SQL or a Core statement inside the session's transaction (sqlmodel's `exec` only types ORM ones)."""
    connection = await session.connection()
    return await connection.execute(sql, params or {})


async def copy_records(
    session: AsyncSession, *, table: str, columns: Sequence[str], records: Iterable[Sequence[Any]]
) -> None:
    """COPY `records` (tuples in `columns`' order) into `table`, inside the session's transaction.

    The fastest way PostgreSQL takes many rows: no statement to compile, no parameter limit.
    """
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    if not driver.is_in_transaction():
        # SQLAlchemy begins its transaction with the first statement: one must go first, or COPY would autocommit.
        await connection.execute(text("SELECT 1"))
    await driver.copy_records_to_table(table, records=records, columns=list(columns))
