"""A full category puts people on the waiting list; a freed seat is offered to the next (priority, then time) with a
deadline; accepted in time it is theirs, unanswered it passes on."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from sankofa.events import offers
from sankofa.events.models import EventCategory, EventRegistration
from tests.support.events import make_authority, make_event, make_registration
from tests.support.web import log_in, post_form
from tests.web.test_candidates_factories import make_returnee


async def _returnee(db, n: int):  # type: ignore[no-untyped-def]
    user, _profile = await make_returnee(db, email=f"r{n}@example.org", public_id=uuid.uuid4())
    return user


async def _status(db, user_id: int) -> str:  # type: ignore[no-untyped-def]
    row = (
        await db.exec(
            select(EventRegistration.status)
            .where(EventRegistration.user_id == user_id)
            .execution_options(populate_existing=True)
        )
    ).one()
    await db.commit()
    return row


async def _register(client, event, user) -> None:  # type: ignore[no-untyped-def]
    client.cookies.clear()
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    assert (await post_form(client, path, {"consent": "1"}, page=path)).status_code == 303


async def test_the_second_person_waits_and_is_offered_the_seat_freed_by_the_first(client, db):
    _org_user, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id, quotas={"returnee": 1})
    first, second, third = [await _returnee(db, n) for n in range(3)]
    for user in (first, second, third):
        await _register(client, event, user)
    assert [await _status(db, u.id) for u in (first, second, third)] == ["registered", "waitlisted", "waitlisted"]
    page = await client.get(f"/events/{event.public_id}")
    assert "2" in page.text  # two people waiting
    client.cookies.clear()
    await log_in(client, first.email)
    mine = (await db.exec(select(EventRegistration).where(EventRegistration.user_id == first.id))).one()
    await db.commit()
    assert (
        await post_form(client, f"/registrations/{mine.public_id}/cancel", {}, page="/registrations")
    ).status_code == 303
    assert await _status(db, second.id) == "offered" and await _status(db, third.id) == "waitlisted"
    offered = (
        await db.exec(
            select(EventRegistration)
            .where(EventRegistration.user_id == second.id)
            .execution_options(populate_existing=True)
        )
    ).one()
    await db.commit()
    assert offered.offer_expires_at is not None
    assert timedelta(hours=47) < offered.offer_expires_at - datetime.now(UTC) <= timedelta(hours=48)
    client.cookies.clear()
    await log_in(client, second.email)
    listing = await client.get("/registrations")
    assert f"/registrations/{offered.public_id}/accept" in listing.text
    taken = await post_form(client, f"/registrations/{offered.public_id}/accept", {}, page="/registrations")
    assert taken.status_code == 303
    assert await _status(db, second.id) == "registered"
    category = (await db.exec(select(EventCategory).execution_options(populate_existing=True))).one()
    assert category.taken == 1 == category.quota


async def test_an_unanswered_offer_expires_and_passes_to_the_next_by_priority_then_time(db, settings):
    _org_user, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": 1}, offer_hours=1)
    seat = categories["returnee"]
    holder, late, early, vip = [await _returnee(db, n) for n in range(4)]
    offered = await make_registration(db, event=event, category=seat, user=holder, status="offered")
    offered.offered_at = datetime.now(UTC) - timedelta(hours=2)
    offered.offer_expires_at = datetime.now(UTC) - timedelta(hours=1)
    db.add(offered)
    await db.commit()
    early_row = await make_registration(db, event=event, category=seat, user=early, status="waitlisted")
    late_row = await make_registration(db, event=event, category=seat, user=late, status="waitlisted")
    late_row.waitlisted_at = early_row.waitlisted_at + timedelta(minutes=5)  # type: ignore[operator]
    db.add(late_row)
    await make_registration(db, event=event, category=seat, user=vip, status="waitlisted", priority=1)
    await db.commit()
    assert await offers.expire_offers(db, settings=settings) == 1
    await db.commit()
    assert await offers.expire_offers(db, settings=settings) == 0  # idempotent
    await db.commit()
    assert await _status(db, holder.id) == "expired"
    assert await _status(db, vip.id) == "offered"  # priority first
    vip_row = (await db.exec(select(EventRegistration).where(EventRegistration.user_id == vip.id))).one()
    vip_row.offer_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.add(vip_row)
    await db.commit()
    assert await offers.expire_offers(db, settings=settings) == 1
    await db.commit()
    assert await _status(db, early.id) == "offered" and await _status(db, late.id) == "waitlisted"  # then time
    category = (await db.exec(select(EventCategory).execution_options(populate_existing=True))).one()
    assert category.taken == 1


async def test_an_expired_offer_cannot_be_accepted_and_a_declined_one_moves_on(client, db):
    _org_user, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": 1})
    seat = categories["returnee"]
    slow, next_one = await _returnee(db, 1), await _returnee(db, 2)
    row = await make_registration(db, event=event, category=seat, user=slow, status="offered")
    row.offer_expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.add(row)
    await db.commit()
    await make_registration(db, event=event, category=seat, user=next_one, status="waitlisted")
    await log_in(client, slow.email)
    late = await post_form(client, f"/registrations/{row.public_id}/accept", {}, page="/registrations")
    assert late.status_code == 409
    fresh = (await db.exec(select(EventRegistration).where(EventRegistration.user_id == next_one.id))).one()
    await db.commit()
    fresh.status, fresh.offer_expires_at = "offered", datetime.now(UTC) + timedelta(hours=48)
    db.add(fresh)
    await db.commit()
    client.cookies.clear()
    await log_in(client, next_one.email)
    declined = await post_form(client, f"/registrations/{fresh.public_id}/decline", {}, page="/registrations")
    assert declined.status_code == 303 and await _status(db, next_one.id) == "declined"


async def test_raising_a_quota_offers_the_new_seats_to_the_waiting_list(client, db):
    organiser, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": 1})
    seat = categories["returnee"]
    await make_registration(db, event=event, category=seat, user=await _returnee(db, 1))
    waiting = await _returnee(db, 2)
    await make_registration(db, event=event, category=seat, user=waiting, status="waitlisted")
    await log_in(client, organiser.email)
    edit = f"/organiser/events/{event.public_id}/edit"
    form = await client.get(edit)
    assert form.status_code == 200
    from tests.support.events import event_form

    fields = event_form(quota_returnee="2", session_0_date=(datetime.now(UTC).date() + timedelta(days=30)).isoformat())
    lowered = await post_form(client, edit, {**fields, "quota_returnee": "0", "action": "save"}, page=edit)
    assert lowered.status_code == 422  # below the seats taken
    saved = await post_form(client, edit, {**fields, "action": "save"}, page=edit)
    assert saved.status_code == 303, saved.text[:2000]
    assert await _status(db, waiting.id) == "offered"


async def test_the_organiser_raises_a_waiting_persons_priority_and_they_are_offered_the_seat_first(client, db):
    organiser, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": 1})
    seat = categories["returnee"]
    holder, first, second = await _returnee(db, 1), await _returnee(db, 2), await _returnee(db, 3)
    held = await make_registration(db, event=event, category=seat, user=holder)
    await make_registration(db, event=event, category=seat, user=first, status="waitlisted")
    later = await make_registration(db, event=event, category=seat, user=second, status="waitlisted")
    await log_in(client, organiser.email)
    roster = f"/organiser/events/{event.public_id}/registrations"
    path = f"/organiser/registrations/{later.public_id}/priority"
    assert path in (await client.get(roster)).text
    refused = await post_form(client, path, {"priority": "12"}, page=roster)
    assert refused.status_code == 422
    assert (await post_form(client, path, {"priority": "3"}, page=roster)).status_code == 303
    not_waiting = await post_form(
        client, f"/organiser/registrations/{held.public_id}/priority", {"priority": "1"}, page=roster
    )
    assert not_waiting.status_code == 409
    client.cookies.clear()
    await log_in(client, holder.email)
    await post_form(client, f"/registrations/{held.public_id}/cancel", {}, page="/registrations")
    assert await _status(db, second.id) == "offered" and await _status(db, first.id) == "waitlisted"
