"""Logging in and out: one message for wrong credentials, rate limits, session rotation."""

from __future__ import annotations

from tests.support.web import PASSWORD, csrf, log_in, make_user, post_form


async def test_wrong_password_gives_one_message_for_both_fields(client, db):
    await make_user(db, email="ama@example.org")
    response = await post_form(client, "/login", {"email": "ama@example.org", "password": "nope-nope-nope"})
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in response.text
    unknown = await post_form(client, "/login", {"email": "nobody@example.org", "password": "nope-nope-nope"})
    assert "Adresse e-mail ou mot de passe incorrect." in unknown.text


async def test_twenty_wrong_passwords_in_a_row_are_rate_limited(client, db):
    await make_user(db, email="target@example.org")
    statuses = []
    for _ in range(20):
        response = await post_form(client, "/login", {"email": "target@example.org", "password": "wrong-password"})
        statuses.append(response.status_code)
    assert statuses[:10] == [422] * 10
    assert set(statuses[10:]) == {429}
    assert "Trop de tentatives" in response.text
    assert int(response.headers["retry-after"]) > 0
    # Even the right password is refused while the account is locked.
    locked = await post_form(client, "/login", {"email": "target@example.org", "password": PASSWORD})
    assert locked.status_code == 429


async def test_many_attempts_from_one_address_are_rate_limited_across_accounts(client, db):
    statuses = []
    for i in range(65):
        response = await post_form(client, "/login", {"email": f"u{i}@example.org", "password": "wrong-password"})
        statuses.append(response.status_code)
    assert statuses[0] == 422
    assert statuses[-1] == 429


async def test_login_rotates_the_session_and_logout_ends_it(client, db):
    await make_user(db, email="rot@example.org", name="Rot")
    await log_in(client, "rot@example.org")
    first = client.cookies.get("sk_session")
    assert first
    await log_in(client, "rot@example.org")
    second = client.cookies.get("sk_session")
    assert second and second != first
    # The old session id no longer works.
    client.cookies.set("sk_session", first)
    assert (await client.get("/account")).status_code == 303
    client.cookies.set("sk_session", second)
    assert "Mon compte" in (await client.get("/account")).text
    token = await csrf(client, "/account")
    await client.post("/logout", data={"_csrf": token})
    client.cookies.set("sk_session", second)
    assert (await client.get("/account")).status_code == 303


async def test_login_redirects_back_to_the_page_asked_for_but_never_off_site(client, db):
    await make_user(db, email="next@example.org")
    response = await client.get("/account")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2Faccount"
    ok = await post_form(client, "/login", {"email": "next@example.org", "password": PASSWORD, "next": "/account"})
    assert ok.headers["location"] == "/account"
    evil = await post_form(
        client, "/login", {"email": "next@example.org", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert evil.headers["location"] == "/"


async def test_api_login_returns_a_csrf_token_for_later_calls(client, db):
    await make_user(db, email="api@example.org", name="Api")
    anon_token = await csrf(client, "/login")
    response = await client.post(
        "/api/v1/session", json={"email": "api@example.org", "password": PASSWORD}, headers={"X-CSRF-Token": anon_token}
    )
    assert response.status_code == 201
    token = response.json()["csrf_token"]
    me = await client.get("/api/v1/me")
    assert me.json()["email"] == "api@example.org"
    refused = await client.patch("/api/v1/me", json={"locale": "en"})
    assert refused.status_code == 403
    accepted = await client.patch("/api/v1/me", json={"locale": "en"}, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 200 and accepted.json()["locale"] == "en"
