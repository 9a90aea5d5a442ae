"""Seats: the only code that changes `event_category.taken`, always under the category row's lock.

Every transaction that takes, frees or passes on a seat first locks the category row (`SELECT ... FOR UPDATE`,
as pretix locks its quotas), then reads and writes the registrations of that category. Concurrent registrations
for one category therefore queue on one row: the 101st of 100 sees `taken = quota` and joins the waiting list,
whatever the interleaving, and the CHECK (0 <= taken <= quota) would refuse a bug rather than over-book. The
order of locks is always category, then registration, so the paths cannot deadlock one another.

A freed seat is never "free" while someone waits: in the same transaction it is offered to the next waitlisted
person (highest priority, then earliest), who holds it until the offer's deadline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import run_sql
from sankofa.events.models import Event, EventCategory, EventRegistration, RegistrationStatus

_LOCK = text("SELECT id, quota, taken FROM event_category WHERE id = :id FOR UPDATE")
_TAKE = text("UPDATE event_category SET taken = taken + 1 WHERE id = :id AND taken < quota RETURNING taken")
_FREE = text("UPDATE event_category SET taken = taken - 1 WHERE id = :id AND taken > 0 RETURNING taken")
# The next person on the waiting list. SKIP LOCKED: a waitlisted row another transaction holds is being changed
# by its owner (leaving the list); the seat goes to the next one rather than waiting on it.
_NEXT = text(
    "SELECT id FROM event_registration WHERE category_id = :id AND status = 'waitlisted' "
    "ORDER BY priority DESC, waitlisted_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"
)


async def lock(session: AsyncSession, *, category_id: int) -> tuple[int, int]:
    """Lock the category row for the rest of the transaction; returns (quota, taken)."""
    row = (await run_sql(session, _LOCK, {"id": category_id})).one()
    return int(row.quota), int(row.taken)


async def take(session: AsyncSession, *, category_id: int) -> bool:
    """Take one seat of a locked category; False when none is left."""
    return (await run_sql(session, _TAKE, {"id": category_id})).first() is not None


async def registration_for_update(session: AsyncSession, registration_id: int) -> EventRegistration:
    """The registration row, locked and read afresh (after its category's lock)."""
    result = await session.exec(
        select(EventRegistration)
        .where(EventRegistration.id == registration_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.one()


async def _offer(session: AsyncSession, *, event: Event, registration_id: int) -> EventRegistration:
    offered = await registration_for_update(session, registration_id)
    now = datetime.now(UTC)
    offered.status = RegistrationStatus.OFFERED
    offered.offered_at = now
    offered.offer_expires_at = now + timedelta(hours=event.offer_hours)
    offered.updated_at = now
    session.add(offered)
    await session.flush()
    return offered


async def free(session: AsyncSession, *, event: Event, category_id: int) -> EventRegistration | None:
    """A seat of a locked category was given up: offer it to the next waitlisted person, or count it free.

    Returns the registration now offered the seat (to be told by mail), if any.
    """
    found = (await run_sql(session, _NEXT, {"id": category_id})).first()
    if found is None:
        await run_sql(session, _FREE, {"id": category_id})
        return None
    return await _offer(session, event=event, registration_id=int(found.id))


async def fill(session: AsyncSession, *, event: Event, category_id: int) -> list[EventRegistration]:
    """Offer the free seats of a locked category (its quota was raised) to the waiting list, in order."""
    offered: list[EventRegistration] = []
    while await take(session, category_id=category_id):
        found = (await run_sql(session, _NEXT, {"id": category_id})).first()
        if found is None:
            await run_sql(session, _FREE, {"id": category_id})  # nobody waits: the seat stays free
            break
        offered.append(await _offer(session, event=event, registration_id=int(found.id)))
    return offered


async def categories_of(session: AsyncSession, *, event_id: int) -> list[EventCategory]:
    result = await session.exec(
        select(EventCategory).where(EventCategory.event_id == event_id).order_by(col(EventCategory.id))
    )
    return list(result.all())
