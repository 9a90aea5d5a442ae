"""Where transactions end: services flush, the boundary (a request, a job, a command) commits once.

`unit_of_work` is that boundary for code that opens its own session. `checkpoint` is the one commit allowed inside
a unit of work, for long jobs that keep their progress on purpose. `own_transaction` is for the few writes that must
outlive a transaction that is going to be rolled back (a refused login still counts against the rate limit).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession


@asynccontextmanager
async def unit_of_work(factory: Callable[[], AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A new session whose work is committed once when the block ends normally, rolled back when it raises."""
    async with factory() as session:
        yield session  # an exception leaves the block uncommitted: closing the session rolls it back
        await session.commit()


async def checkpoint(session: AsyncSession) -> None:
    """Commit the work done so far in a long job (an import's batch), so that a killed run resumes after it."""
    await session.commit()


@asynccontextmanager
async def own_transaction(session: AsyncSession) -> AsyncIterator[AsyncConnection]:
    """A connection of its own on `session`'s engine, committed when the block ends, whatever `session` then does.

    Only for rows nothing else in the caller's transaction touches: a row it has locked would wait for itself.
    """
    engine = session.bind
    assert isinstance(engine, AsyncEngine), "own_transaction needs a session bound to an engine"
    async with engine.begin() as connection:
        yield connection
