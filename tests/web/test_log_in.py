"""Logging in and out: one message for wrong credentials, rate limits, session rotation."""

from __future__ import annotations

import httpx

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


def _client_from(app, ip: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(ip, 50000)), base_url="http://testserver")


async def test_ten_wrong_passwords_from_an_attacker_do_not_lock_out_the_owner(app, db):
    await make_user(db, email="owner@example.org")
    async with _client_from(app, "198.51.100.1") as owner, _client_from(app, "192.0.2.66") as attacker:
        await log_in(owner, "owner@example.org")  # the owner's address is now known for this account
        tries = [
            (await post_form(attacker, "/login", {"email": "owner@example.org", "password": "guess-guess"})).status_code
            for _ in range(12)
        ]
        assert tries[:10] == [422] * 10 and tries[10:] == [429, 429]
        # The attacker's address stays throttled, even with the right password...
        assert (
            await post_form(attacker, "/login", {"email": "owner@example.org", "password": PASSWORD})
        ).status_code == 429
        # ...while the owner, from the address they logged in from before, gets in.
        owner.cookies.clear()
        await log_in(owner, "owner@example.org")
        assert "Mon compte" in (await owner.get("/account")).text


async def test_an_account_under_attack_refuses_addresses_it_has_never_seen(app, db):
    await make_user(db, email="owner2@example.org")
    async with _client_from(app, "192.0.2.67") as attacker, _client_from(app, "192.0.2.99") as second_attacker:
        for _ in range(10):
            await post_form(attacker, "/login", {"email": "owner2@example.org", "password": "guess-guess"})
        # A second address cannot go on guessing: the account-wide limit stops addresses never used to log in.
        refused = await post_form(second_attacker, "/login", {"email": "owner2@example.org", "password": PASSWORD})
        assert refused.status_code == 429 and "Trop de tentatives" in refused.text
