"""Password reset by emailed, expiring, single-use link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from sankofa.identity.models import EmailToken
from tests.support.smtp import link_in
from tests.support.web import PASSWORD, log_in, make_user, post_form

NEW_PASSWORD = "a brand new passphrase"


async def test_reset_link_changes_the_password_once_and_ends_other_sessions(client, db, smtp, worker, app):
    await make_user(db, email="reset@example.org")
    await log_in(client, "reset@example.org")
    old_session = client.cookies.get("sk_session")
    client.cookies.delete("sk_session")

    response = await post_form(client, "/forgot", {"email": "reset@example.org"})
    assert "Si un compte existe pour cette adresse" in response.text
    path = link_in(smtp.wait_for("reset@example.org")[0], "/reset/")
    done = await post_form(client, path, {"password": NEW_PASSWORD}, page=path)
    assert done.status_code == 303 and done.headers["location"] == "/login?reset=1"

    reused = await post_form(client, path, {"password": "another passphrase!"}, page="/login")
    assert reused.status_code == 400
    assert (await post_form(client, "/login", {"email": "reset@example.org", "password": PASSWORD})).status_code == 422
    await log_in(client, "reset@example.org", NEW_PASSWORD)
    client.cookies.set("sk_session", old_session)
    assert (await client.get("/account")).status_code == 303  # the session from before the reset is gone


async def test_expired_reset_link_is_refused(client, db, smtp, worker):
    await make_user(db, email="late@example.org")
    await post_form(client, "/forgot", {"email": "late@example.org"})
    path = link_in(smtp.wait_for("late@example.org")[0], "/reset/")
    await db.exec(update(EmailToken).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    await db.commit()
    page = await client.get(path)
    assert page.status_code == 400 and "expiré" in page.text


async def test_unknown_address_gets_the_same_answer_and_no_mail(client, smtp, worker):
    response = await post_form(client, "/forgot", {"email": "ghost@example.org"})
    assert response.status_code == 200
    assert "Si un compte existe pour cette adresse" in response.text
    assert smtp.to("ghost@example.org") == []


async def test_reset_requests_are_rate_limited(client, db):
    await make_user(db, email="spam@example.org")
    statuses = [(await post_form(client, "/forgot", {"email": "spam@example.org"})).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]


async def test_a_reset_kills_every_older_reset_link(client, db, smtp, worker):
    await make_user(db, email="reset-twice@example.org")
    await post_form(client, "/forgot", {"email": "reset-twice@example.org"})
    await post_form(client, "/forgot", {"email": "reset-twice@example.org"})
    first, second = (link_in(m, "/reset/") for m in smtp.wait_for("reset-twice@example.org", count=2))
    assert first != second
    done = await post_form(client, second, {"password": NEW_PASSWORD}, page=second)
    assert done.status_code == 303
    # The older link, never used, no longer opens nor resets: it cannot undo the new password.
    assert (await client.get(first)).status_code == 400
    late = await post_form(client, first, {"password": "an attacker's passphrase"}, page="/login")
    assert late.status_code == 400 and "expiré" in late.text
    await log_in(client, "reset-twice@example.org", NEW_PASSWORD)
