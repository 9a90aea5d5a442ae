"""Dependencies injected into handlers: a database session, the settings, the current user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextvars import ContextVar
from dataclasses import dataclass

from litestar import Request
from litestar.datastructures import State
from litestar.types import ASGIApp
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.settings import Settings
from sankofa.identity.models import User

# Set on the session by `commit_despite_error`: commit although the handler answers with an error status.
COMMIT_DESPITE_ERROR = "sankofa_commit_despite_error"


@dataclass
class _Answer:
    """The status the handler answered with (None: not noted, or the handler's default, which is a success)."""

    status: int | None = None


# One per request, set before routing: dependencies may be resolved in child tasks, which share this object.
_answer: ContextVar[_Answer | None] = ContextVar("sankofa_answer", default=None)


def expect_answer() -> None:
    """Start noting the answer of a new request (the context middleware calls it before routing)."""
    _answer.set(_Answer())


async def note_answer(response: ASGIApp) -> ASGIApp:
    """App-wide `after_request`: remember the handler's status, for `provide_db` to commit or roll back."""
    if (answer := _answer.get()) is not None:
        answer.status = getattr(response, "status_code", None)
    return response


async def provide_db(state: State) -> AsyncIterator[AsyncSession]:
    """One session, one transaction per request: the boundary where services' work is committed, once.

    Committed when the handler answered a success or a redirect, before the response is sent (Litestar ends
    dependencies once the response is built), so a client following the redirect sees the data. Rolled back when
    the handler raised (the exception comes out of the `yield`) or answered an error page itself.
    """
    async with state.session_factory() as session:
        yield session
        answer = _answer.get()
        status = answer.status if answer is not None else None
        if status is None or status < 400 or session.info.get(COMMIT_DESPITE_ERROR):
            await session.commit()
        else:
            await session.rollback()


async def provide_search_db(state: State) -> AsyncIterator[AsyncSession]:
    """The job search's session: autocommit reads, on the search replica when one is configured.

    Closed, not rolled back: a rollback would expire the vacancies a cached result holds for later visitors.
    """
    async with state.search_session_factory() as session:
        yield session


def commit_despite_error(db: AsyncSession) -> None:
    """Commit this request although the handler answers with an error page: one that shows someone's data after a
    refused change (refused before any write, or undone), whose access audit must stay."""
    db.info[COMMIT_DESPITE_ERROR] = True


async def undo_refused(db: AsyncSession) -> None:
    """Roll back what a refused service call wrote, for a handler that shows an error page next: what the page then
    writes (the audit of the data it shows) is committed, despite its 4xx status."""
    await db.rollback()
    commit_despite_error(db)


def provide_settings(state: State) -> Settings:
    return state.settings


def provide_user(request: Request) -> User | None:
    ctx = getattr(request.state, "ctx", None)
    return ctx.user if ctx else None
