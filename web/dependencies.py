"""Dependencies injected into handlers: a database session, the settings, the current user."""

from __future__ import annotations

from collections.abc import AsyncIterator

from litestar import Request
from litestar.datastructures import State
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.settings import Settings
from sankofa.identity.models import User


async def provide_db(state: State) -> AsyncIterator[AsyncSession]:
    """One session per request; services commit, anything left uncommitted is rolled back."""
    async with state.session_factory() as session:
        yield session


def provide_settings(state: State) -> Settings:
    return state.settings


def provide_user(request: Request) -> User | None:
    ctx = getattr(request.state, "ctx", None)
    return ctx.user if ctx else None
