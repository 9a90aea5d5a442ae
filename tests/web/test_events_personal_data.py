"""A registrant's data: in their download, and gone with their account (their seat passing to the next person)."""

from __future__ import annotations

import json
import uuid

from sqlmodel import select

from sankofa.events.models import EventCategory, EventRegistration
from tests.support.events import make_authority, make_event, make_registration
from tests.support.web import PASSWORD, log_in, post_form
from tests.web.test_candidates_factories import make_returnee


async def test_the_download_holds_the_registration_with_what_was_shared(client, db):
    _organiser, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, title="Forum de Thiès")
    user, _profile = await make_returnee(db, email="amina@example.org")
    await make_registration(
        db, event=event, category=categories["returnee"], user=user, shared_fields=["name"], answers={"1": "Maçon"}
    )
    await log_in(client, user.email)
    data = json.loads((await client.get("/account/export")).content)
    (row,) = data["event_registrations"]
    assert row["event"]["fr"] == "Forum de Thiès" and row["organiser"] == "Mairie de Thiès"
    assert row["shared_fields"] == ["name"] and row["answers"] == {"1": "Maçon"}
    assert "Mairie de Thiès" in (await client.get("/account/data")).text


async def test_deleting_the_account_deletes_the_registration_and_offers_its_seat(client, db):
    _organiser, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id, quotas={"returnee": 1})
    leaving, _p = await make_returnee(db, email="amina@example.org")
    waiting, _p = await make_returnee(db, email="bob@example.org", public_id=uuid.uuid4())
    await make_registration(db, event=event, category=categories["returnee"], user=leaving)
    await make_registration(db, event=event, category=categories["returnee"], user=waiting, status="waitlisted")
    await log_in(client, leaving.email)
    deleted = await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert deleted.status_code == 200
    rows = (await db.exec(select(EventRegistration).execution_options(populate_existing=True))).all()
    assert [(r.user_id, r.status) for r in rows] == [(waiting.id, "offered")]
    taken = (await db.exec(select(EventCategory.taken).execution_options(populate_existing=True))).one()
    assert taken == 1
