"""A person downloads all their data and deletes their account; both are logged."""

from __future__ import annotations

import json

from sqlmodel import select

from sankofa.core.models import AuditEvent
from sankofa.identity.models import User
from sankofa.organisations.models import Membership, Organisation
from tests.support.web import PASSWORD, log_in, make_user, post_form


async def test_download_contains_my_data_and_is_logged(client, db):
    await make_user(db, email="mine@example.org", name="Mariama", role="employer", org=("employer", "Shop"))
    await log_in(client, "mine@example.org")
    response = await client.get("/account/export")
    assert response.headers["content-disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "mine@example.org"
    assert data["organisations"][0]["name"] == "Shop"
    actions = (await db.exec(select(AuditEvent.action).where(AuditEvent.subject_user_id == 1))).all()
    assert "account.exported" in actions
    page = await client.get("/account")
    assert "Vous avez téléchargé vos données" in page.text


async def test_deleting_the_account_erases_identity_keeps_the_organisation_and_logs(client, db):
    await make_user(db, email="leaver@example.org", name="Leaver", role="employer", org=("employer", "Kept Org"))
    await log_in(client, "leaver@example.org")
    wrong = await post_form(client, "/account/delete", {"password": "not my password"}, page="/account/delete")
    assert wrong.status_code == 422 and "Mot de passe incorrect." in wrong.text
    done = await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account/delete")
    assert "Compte supprimé" in done.text

    db.expire_all()
    user = await db.get(User, 1)
    assert user.email is None and user.display_name == "" and user.password_hash is None
    assert user.deleted_at is not None
    assert await db.get(Organisation, 1) is not None
    assert (await db.exec(select(Membership))).all() == []
    assert "account.deleted" in (await db.exec(select(AuditEvent.action))).all()
    # Logged out everywhere, and the address cannot log in any more.
    assert (await client.get("/account")).status_code == 303
    again = await post_form(client, "/login", {"email": "leaver@example.org", "password": PASSWORD})
    assert again.status_code == 422


async def test_the_address_of_a_deleted_account_can_sign_up_again(client, db):
    await make_user(db, email="back@example.org")
    await log_in(client, "back@example.org")
    await post_form(client, "/account/delete", {"password": PASSWORD}, page="/account/delete")
    response = await post_form(
        client,
        "/signup",
        {"email": "back@example.org", "password": PASSWORD, "display_name": "Back", "role": "returnee"},
        page="/signup",
    )
    assert response.status_code == 303
