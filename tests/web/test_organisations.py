"""Organisations: invitations by email, membership, verification by admins and partners, suspension."""

from __future__ import annotations

from sqlmodel import select

from sankofa.organisations.models import Membership, Organisation
from tests.support.smtp import link_in
from tests.support.web import csrf, log_in, make_user, post_form


async def test_owner_invites_a_colleague_who_joins_by_the_emailed_link(client, app, db, smtp, worker):
    import httpx

    await make_user(db, email="owner@firm.example", role="employer", name="Owner", org=("employer", "Firm"))
    await log_in(client, "owner@firm.example")
    page = await client.get("/organisations/1")
    assert "Inviter un collègue" in page.text
    response = await post_form(
        client, "/organisations/1/invitations", {"email": "colleague@firm.example"}, page="/organisations/1"
    )
    assert "Invitation envoyée à colleague@firm.example." in response.text
    path = link_in(smtp.wait_for("colleague@firm.example")[0], "/invitations/")

    await make_user(db, email="colleague@firm.example", role="employer", name="Colleague")
    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other:
        await log_in(other, "colleague@firm.example")
        joined = await post_form(other, path, {}, page=path)
        assert joined.status_code == 303 and joined.headers["location"] == "/organisations/1"
        members = await other.get("/organisations/1")
        assert "Owner" in members.text and "Colleague" in members.text
        assert "Inviter un collègue" not in members.text  # members are not owners
        refused = await post_form(
            other, "/organisations/1/invitations", {"email": "x@firm.example"}, page="/organisations/1"
        )
        assert refused.status_code == 403
    rows = (await db.exec(select(Membership).where(Membership.organisation_id == 1))).all()
    assert len(rows) == 2


async def test_a_returnee_cannot_join_an_employer_through_an_invitation(client, db, smtp, worker):
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    await post_form(client, "/organisations/1/invitations", {"email": "ret@example.org"}, page="/organisations/1")
    path = link_in(smtp.wait_for("ret@example.org")[0], "/invitations/")
    client.cookies.clear()
    await make_user(db, email="ret@example.org", role="returnee")
    await log_in(client, "ret@example.org")
    response = await post_form(client, path, {}, page=path)
    assert response.status_code == 403


async def test_non_members_cannot_see_an_organisation(client, db):
    await make_user(db, email="a@firm.example", role="employer", org=("employer", "Firm A"))
    await make_user(db, email="b@firm.example", role="employer", org=("employer", "Firm B"))
    await log_in(client, "b@firm.example")
    assert (await client.get("/organisations/1")).status_code == 403
    assert (await client.get("/organisations/2")).status_code == 200


async def test_partner_caseworker_verifies_employers_but_not_other_organisations(client, db):
    await make_user(db, email="case@partner.example", role="partner", org=("partner", "Partner"))
    await make_user(
        db, email="new@firm.example", role="employer", org=("employer", "New Firm"), org_status="unverified"
    )
    await make_user(
        db, email="mayor@town.example", role="authority", org=("authority", "Town"), org_status="unverified"
    )
    await log_in(client, "case@partner.example")
    queue = await client.get("/verification")
    assert "New Firm" in queue.text and "Town" not in queue.text
    done = await post_form(client, "/verification/2", {"status": "verified"}, page="/verification")
    assert done.status_code == 303
    assert (await db.get(Organisation, 2)).status == "verified"
    refused = await post_form(client, "/verification/3", {"status": "verified"}, page="/verification")
    assert refused.status_code == 403
    cannot_suspend = await post_form(client, "/verification/2", {"status": "suspended"}, page="/verification")
    assert cannot_suspend.status_code == 403


async def test_unverified_partner_cannot_verify_employers(client, db):
    await make_user(db, email="case@new-partner.example", role="partner", org=("partner", "P"), org_status="unverified")
    await make_user(db, email="e@firm.example", role="employer", org=("employer", "F"), org_status="unverified")
    await log_in(client, "case@new-partner.example")
    response = await post_form(client, "/verification/2", {"status": "verified"}, page="/verification")
    assert response.status_code == 403


async def test_admin_verifies_and_suspends_any_organisation(client, db):
    await make_user(db, email="admin@sankofa.example", role="admin")
    await make_user(
        db, email="mayor@town.example", role="authority", org=("authority", "Town"), org_status="unverified"
    )
    await log_in(client, "admin@sankofa.example")
    await post_form(client, "/verification/1", {"status": "verified"}, page="/verification")
    assert (await db.get(Organisation, 1)).status == "verified"
    db.expire_all()
    await post_form(client, "/verification/1", {"status": "suspended"}, page="/verification")
    assert (await db.get(Organisation, 1)).status == "suspended"
    bad = await client.post("/verification/1", data={"status": "deleted", "_csrf": await csrf(client, "/verification")})
    assert bad.status_code == 422
