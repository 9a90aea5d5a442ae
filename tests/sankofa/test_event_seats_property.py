"""Any sequence of registrations, cancellations, offers taken or declined, rejections and expiries keeps the seats
right: never more seats held than the quota, the counter equal to the seats held, no seat left free while someone
waits, and nobody who is still in the game lost from the list."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

import psycopg
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlmodel import col, select

from sankofa.core.db.engine import make_engine, make_session_factory, sync_url
from sankofa.core.db.transaction import unit_of_work
from sankofa.core.errors import DomainError
from sankofa.events import decisions, offers
from sankofa.events import registration as registrations
from sankofa.events.models import ACTIVE, SEAT_HOLDING, EventCategory, EventRegistration
from sankofa.identity.models import User
from tests.support.crowd import crowd
from tests.support.events import make_authority, make_event

PEOPLE, QUOTA = 6, 3
person = st.integers(min_value=0, max_value=PEOPLE - 1)
operations = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["register", "cancel", "accept", "decline", "reject"]), person),
        st.tuples(st.just("expire"), st.just(0)),
    ),
    min_size=1,
    max_size=25,
)


async def _play(url: str, app_settings, steps: list[tuple[str, int]]) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url, pool_size=2)
    factory = make_session_factory(engine)
    try:
        async with factory() as db:
            organiser, org = await make_authority(db)
            event, _c = await make_event(db, organisation_id=org.id, quotas={"returnee": QUOTA})
            await crowd(db, count=PEOPLE)  # returnees with a profile, inserted without hashing passwords
            people = list((await db.exec(select(User).where(User.role == "returnee").order_by(col(User.id)))).all())
        before: dict[int, str] = {}
        for verb, n in steps:
            user = people[n]
            mine = before.get(user.id or 0)
            async with factory() as db:
                own = (await db.exec(select(EventRegistration).where(EventRegistration.user_id == user.id))).first()
            try:
                async with unit_of_work(factory) as db:
                    await _step(
                        db, verb, user=user, organiser=organiser, event=event, own=own, app_settings=app_settings
                    )
            except DomainError:
                pass  # a refusal (no offer to take, nothing to reject...) changes nothing
            async with factory() as db:
                rows = {r.user_id: r.status for r in (await db.exec(select(EventRegistration))).all()}
                taken = (await db.exec(select(EventCategory.taken))).one()
            statuses = Counter(rows.values())
            held = sum(statuses[s] for s in SEAT_HOLDING)
            assert held == taken <= QUOTA, (steps, rows)
            assert taken == QUOTA or statuses["waitlisted"] == 0, (steps, rows)  # no free seat while someone waits
            for user_id, status in before.items():
                if status in ACTIVE and rows.get(user_id) not in ACTIVE:
                    # Only one's own act, the organiser's rejection, or one's own offer running out takes one out.
                    actor = people[n].id == user_id and verb in {"cancel", "decline", "reject", "accept"}
                    expired = verb == "expire" and status == "offered"
                    assert actor or expired, (steps, verb, n, before, rows)
            assert mine is None or rows.get(user.id or 0) is not None  # nobody's row disappears
            before = rows
    finally:
        await engine.dispose()


async def _step(db, verb: str, *, user, organiser, event, own, app_settings) -> None:  # type: ignore[no-untyped-def]
    if verb == "register":
        await registrations.register(
            db, user=user, public_id=event.public_id, form={"consent": "1"}, locale="fr", settings=app_settings
        )
    elif verb == "expire":
        later = datetime.now(UTC) + timedelta(days=3)  # every offer made so far is past its deadline then
        await offers.expire_offers(db, settings=app_settings, now=later)
    elif own is not None and verb == "cancel":
        await registrations.cancel(db, user=user, public_id=own.public_id, settings=app_settings)
    elif own is not None and verb in {"accept", "decline"}:
        await offers.answer_offer(
            db, user=user, public_id=own.public_id, accept=verb == "accept", settings=app_settings
        )
    elif own is not None and verb == "reject":
        await decisions.decide(db, user=organiser, public_id=own.public_id, approve=False, settings=app_settings)


TOUCHED = (
    "event_registration, event_question, event_session, event_category, event_co_organiser, event, mail, "
    'outbox_message, audit_event, web_session, returnee_profile, membership, organisation, "user"'
)


def _forget(url: str) -> None:
    """Empty the tables an example wrote (faster than emptying them all, between hypothesis' examples)."""
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TOUCHED} RESTART IDENTITY CASCADE")


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_no_interleaving_overbooks_or_loses_anyone(database_url, settings, steps):  # type: ignore[no-untyped-def]
    try:
        asyncio.run(_play(database_url, settings, steps))
    finally:
        _forget(database_url)
