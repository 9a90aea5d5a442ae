"""Every mail about a seat carries a calendar entry: one UID per registration, SEQUENCE raised on each change,
METHOD:CANCEL when the registration or the event is cancelled; validated events approve or reject."""

from __future__ import annotations

import uuid

from icalendar import Calendar
from sqlmodel import col, select

from sankofa.core import mail
from sankofa.core.models import Mail
from sankofa.events.models import EventRegistration
from tests.support.events import event_form, in_days, make_authority, make_event
from tests.support.web import log_in, post_form
from tests.web.test_candidates_factories import make_returnee

EMAIL = "amina@example.org"


async def _entries(db, to: str = EMAIL) -> list[tuple[str, str, int, str]]:  # type: ignore[no-untyped-def]
    """(METHOD, UID, SEQUENCE, STATUS) of each calendar entry mailed to `to`, oldest first."""
    mails = (await db.exec(select(Mail).where(Mail.to_address == to).order_by(col(Mail.created_at)))).all()
    await db.commit()
    found = []
    for sent in mails:
        for attachment in sent.attachments:
            assert attachment["content_type"].startswith("text/calendar")
            calendar = Calendar.from_ical(attachment["content"])
            (entry,) = calendar.walk("VEVENT")
            found.append((str(calendar["METHOD"]), str(entry["UID"]), int(entry["SEQUENCE"]), str(entry["STATUS"])))
    return found


async def test_the_uid_stays_the_sequence_rises_and_a_cancellation_cancels(client, db):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    user, _profile = await make_returnee(db, email=EMAIL)
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    assert (await post_form(client, path, {"consent": "1"}, page=path)).status_code == 303
    client.cookies.clear()
    await log_in(client, organiser.email)
    edit = f"/organiser/events/{event.public_id}/edit"
    moved = event_form(session_0_date=in_days(31), session_0_start="10:00")
    assert (await post_form(client, edit, {**moved, "action": "save"}, page=edit)).status_code == 303
    cancel = f"/organiser/events/{event.public_id}/cancel"
    assert (await post_form(client, cancel, {"reason": ""}, page=cancel)).status_code == 303
    entries = await _entries(db)
    assert [method for method, *_ in entries] == ["REQUEST", "REQUEST", "CANCEL"]
    assert len({uid for _m, uid, _s, _st in entries}) == 1
    sequences = [sequence for _m, _u, sequence, _st in entries]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert entries[-1][3] == "CANCELLED"
    row = (await db.exec(select(EventRegistration))).one()
    assert entries[0][1] == f"{row.public_id}@sankofa"


async def test_cancelling_ones_registration_sends_a_cancel_with_the_same_uid(client, db):
    _organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    user, _profile = await make_returnee(db, email=EMAIL)
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    await post_form(client, path, {"consent": "1"}, page=path)
    row = (await db.exec(select(EventRegistration))).one()
    await db.commit()
    await post_form(client, f"/registrations/{row.public_id}/cancel", {}, page="/registrations")
    (first, second) = await _entries(db)
    assert first[0] == "REQUEST" and second[0] == "CANCEL" and first[1] == second[1] and second[2] > first[2]


async def test_a_validated_event_holds_the_seat_until_approved_or_rejected(client, db, settings, smtp):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id, mode="validated", quotas={"returnee": 1})
    amina, _p = await make_returnee(db, email=EMAIL)
    bob, _p = await make_returnee(db, email="bob@example.org", public_id=uuid.uuid4())
    for user in (amina, bob):
        client.cookies.clear()
        await log_in(client, user.email)
        path = f"/events/{event.public_id}/register"
        await post_form(client, path, {"consent": "1"}, page=path)
    rows = {r.user_id: r for r in (await db.exec(select(EventRegistration))).all()}
    await db.commit()
    assert rows[amina.id].status == "pending" and rows[bob.id].status == "waitlisted"
    client.cookies.clear()
    await log_in(client, organiser.email)
    roster = await client.get(f"/organiser/events/{event.public_id}/registrations")
    assert f"/organiser/registrations/{rows[amina.id].public_id}/approve" in roster.text
    rejected = await post_form(
        client, f"/organiser/registrations/{rows[amina.id].public_id}/reject", {}, page="/organiser/events"
    )
    assert rejected.status_code == 303
    fresh = {
        r.user_id: r for r in (await db.exec(select(EventRegistration).execution_options(populate_existing=True))).all()
    }
    await db.commit()
    assert fresh[amina.id].status == "rejected" and fresh[bob.id].status == "offered"
    entries = await _entries(db)
    assert [(method, status) for method, _uid, _seq, status in entries] == [
        ("REQUEST", "TENTATIVE"),
        ("CANCEL", "CANCELLED"),
    ]
    again = await post_form(
        client, f"/organiser/registrations/{rows[amina.id].public_id}/approve", {}, page="/organiser/events"
    )
    assert again.status_code == 409
    # The mail goes out over SMTP with the calendar as an attachment.
    sent = (await db.exec(select(Mail).where(Mail.to_address == EMAIL))).all()[-1]
    await db.commit()
    smtp.clear()
    await mail.deliver(db, mail_id=sent.id, settings=settings)
    await db.commit()
    (message,) = smtp.wait_for(EMAIL)
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert parts and parts[0].get_param("method") == "CANCEL"
