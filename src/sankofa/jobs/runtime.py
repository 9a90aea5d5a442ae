"""Per-process resources for actors: settings and a lazily created async engine."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import make_engine, make_session_factory
from sankofa.core.db.transaction import unit_of_work
from sankofa.core.settings import Settings, get_settings

_engine: AsyncEngine | None = None
_factory: async_sessionmaker[AsyncSession] | None = None
_settings: Settings | None = None


def configure(settings: Settings) -> None:
    """Use these settings in this process (the worker command and tests call it before starting)."""
    global _settings, _engine, _factory
    _settings = settings
    _engine = None
    _factory = None


def settings() -> Settings:
    return _settings or get_settings()


def session() -> AbstractAsyncContextManager[AsyncSession]:
    """The job's unit of work: a new session, committed once when the job's block ends, rolled back if it raises.

    The engine is created on first use, inside the worker's event loop.
    """
    global _engine, _factory
    if _factory is None:
        url = settings().database_url
        assert url, "the worker needs SANKOFA_DATABASE_URL (sankofa worker sets it up)"
        _engine = make_engine(url, pool_size=5)
        _factory = make_session_factory(_engine)
    return unit_of_work(_factory)


async def dispose() -> None:
    global _engine, _factory
    if _engine is not None:
        await _engine.dispose()
    _engine = None
    _factory = None
