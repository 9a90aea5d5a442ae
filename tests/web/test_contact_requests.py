"""An employer asks to contact an anonymous candidate; the returnee accepts (name revealed) or declines."""

from __future__ import annotations

from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent, Mail
from sankofa.profiles import contacts
from sankofa.profiles import view as profile_view
from sankofa.profiles.models import ContactGrant, ContactRequest
from tests.support.web import log_in, make_user, post_form
from tests.web.test_candidates_factories import PUBLIC_ID, SECRETS, make_returnee

PID = str(PUBLIC_ID)
NAME = SECRETS["full_name"]


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def _employer_asks(client, db, *, message: str = "We build schools in Thiès.") -> None:
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    response = await post_form(client, f"/candidates/{PID}/contact", {"message": message}, page=f"/candidates/{PID}")
    assert response.status_code == 303
    assert response.headers["location"] == f"/candidates/{PID}?sent=1"


async def _returnee_answers(client, decision: str) -> None:
    client.cookies.clear()
    await log_in(client, "amina@example.org")
    page = await client.get("/profile/requests")
    assert "Firm" in page.text and "We build schools in Thiès." in page.text
    answered = await post_form(client, "/profile/requests/1", {"decision": decision}, page="/profile/requests")
    assert answered.status_code == 303
    client.cookies.clear()
    await log_in(client, "boss@firm.example")


async def test_accepting_a_request_shows_the_name_to_that_employer_only(client, db):
    await make_returnee(db)
    await make_user(db, email="other@firm.example", role="employer", org=("employer", "Other Firm"))
    await _employer_asks(client, db)
    pending = await client.get(f"/candidates/{PID}")
    assert NAME not in pending.text
    assert fr("Request contact") not in pending.text  # no second request form while one is pending

    mail = (await db.exec(select(Mail).where(Mail.to_address == "amina@example.org"))).one()
    assert "Firm" in mail.subject and "/profile/requests" in mail.body_text and "We build schools" in mail.body_text

    await _returnee_answers(client, "accept")
    detail = await client.get(f"/candidates/{PID}")
    assert NAME in detail.text and SECRETS["phone"] in detail.text
    api = (await client.get(f"/api/v1/profiles/{PID}")).json()
    assert api["full_name"] == NAME and api["email"] == SECRETS["contact_email"]
    assert NAME in (await client.get("/candidates")).text

    client.cookies.clear()
    await log_in(client, "other@firm.example")
    assert NAME not in (await client.get(f"/candidates/{PID}")).text
    assert "full_name" not in (await client.get(f"/api/v1/profiles/{PID}")).json()

    actions = [e.action for e in (await db.exec(select(AuditEvent).order_by(AuditEvent.id))).all()]
    assert "contact.requested" in actions and "contact.accepted" in actions
    grant = (await db.exec(select(ContactGrant))).one()
    assert grant.reason == "accepted_request"


async def test_declining_keeps_the_profile_anonymous(client, db):
    await make_returnee(db)
    await _employer_asks(client, db)
    await _returnee_answers(client, "decline")
    detail = await client.get(f"/candidates/{PID}")
    assert detail.status_code == 200 and NAME not in detail.text
    assert "full_name" not in (await client.get(f"/api/v1/profiles/{PID}")).json()
    again = await post_form(client, f"/candidates/{PID}/contact", {"message": ""}, page=f"/candidates/{PID}")
    assert again.status_code == 409
    assert (await db.exec(select(ContactRequest))).one().status == "declined"
    assert (await db.exec(select(ContactGrant))).first() is None


async def test_one_request_per_organisation_and_a_bounded_message(client, db):
    await make_returnee(db)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    too_long = await post_form(client, f"/candidates/{PID}/contact", {"message": "x" * 2001}, page="/candidates")
    assert too_long.status_code == 422 and 'id="e-message"' in too_long.text
    first = await post_form(client, f"/candidates/{PID}/contact", {"message": ""}, page="/candidates")
    second = await post_form(client, f"/candidates/{PID}/contact", {"message": ""}, page="/candidates")
    assert (first.status_code, second.status_code) == (303, 409)
    assert len((await db.exec(select(ContactRequest))).all()) == 1


async def test_only_members_of_verified_employers_can_ask(client, db):
    await make_returnee(db)
    await make_user(db, email="new@firm.example", role="employer", org=("employer", "New"), org_status="unverified")
    await log_in(client, "new@firm.example")
    refused = await post_form(client, f"/candidates/{PID}/contact", {"message": ""}, page="/candidates")
    assert refused.status_code == 403
    client.cookies.clear()
    await make_user(db, email="angel@example.org", role="investor")
    await log_in(client, "angel@example.org")
    assert (await post_form(client, f"/candidates/{PID}/contact", {}, page="/candidates")).status_code == 403
    assert (await db.exec(select(ContactRequest))).first() is None


async def test_a_hidden_returnee_is_not_found_until_they_apply(client, db):
    _user, profile = await make_returnee(db, visible=False)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    assert (await client.get(f"/candidates/{PID}")).status_code == 404
    assert (await client.get(f"/api/v1/profiles/{PID}")).status_code == 404
    assert profile_view.handle(profile) not in (await client.get("/candidates")).text
    asked = await post_form(client, f"/candidates/{PID}/contact", {}, page="/candidates")
    assert asked.status_code == 404

    assert profile.id is not None
    await contacts.grant_for_application(db, profile_id=profile.id, organisation_id=1)
    await contacts.grant_for_application(db, profile_id=profile.id, organisation_id=1)  # idempotent
    await db.commit()
    assert NAME in (await client.get(f"/candidates/{PID}")).text
    assert (await client.get(f"/api/v1/profiles/{PID}")).json()["full_name"] == NAME


async def test_a_returnee_cannot_answer_someone_elses_request(client, db):
    await make_returnee(db)
    await _employer_asks(client, db)
    client.cookies.clear()
    await make_user(db, email="intruder@example.org", role="returnee")
    await log_in(client, "intruder@example.org")
    assert "Firm" not in (await client.get("/profile/requests")).text
    response = await post_form(client, "/profile/requests/1", {"decision": "accept"}, page="/profile/requests")
    assert response.status_code == 404
    assert (await db.exec(select(ContactRequest))).one().status == "pending"
