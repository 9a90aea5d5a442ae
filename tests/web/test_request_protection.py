"""CSRF on every state-changing request, body size limit, malformed input."""

from __future__ import annotations

from tests.support.web import PASSWORD, csrf, log_in, make_user


async def test_form_post_without_csrf_token_is_refused(client):
    response = await client.post("/signup", data={"email": "x@example.org"})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.text


async def test_form_post_with_a_wrong_csrf_token_is_refused(client, db):
    await make_user(db, email="csrf@example.org")
    await csrf(client)
    response = await client.post("/login", data={"email": "csrf@example.org", "password": PASSWORD, "_csrf": "forged"})
    assert response.status_code == 403


async def test_a_token_from_another_visitor_does_not_work(client, app, db):
    import httpx

    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other:
        stolen = await csrf(other)
    await csrf(client)
    response = await client.post("/forgot", data={"email": "a@example.org", "_csrf": stolen})
    assert response.status_code == 403


async def test_api_call_with_session_needs_the_csrf_header(client, db):
    await make_user(db, email="hdr@example.org")
    await log_in(client, "hdr@example.org")
    assert (await client.patch("/api/v1/me", json={"locale": "ar"})).status_code == 403


async def test_two_megabyte_form_is_refused_with_413(client):
    token = await csrf(client)
    response = await client.post("/signup", data={"_csrf": token, "display_name": "x" * 2_000_000})
    assert response.status_code == 413
    assert "trop volumineux" in response.text


async def test_malformed_json_gets_a_clear_400(client):
    token = await csrf(client)
    response = await client.post(
        "/api/v1/session", content=b"{not json", headers={"X-CSRF-Token": token, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "error" in response.json()


async def test_wrong_types_in_json_get_a_422_naming_the_field_not_a_500(client):
    token = await csrf(client)
    response = await client.post("/api/v1/session", json={"email": 3}, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert "email" in response.json()["fields"]
