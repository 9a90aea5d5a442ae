"""Public pages render in the visitor's language; errors are friendly pages, never stack traces."""

from __future__ import annotations


async def test_home_page_is_french_by_default(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in response.text
    assert "De retour au pays, avec vos compétences" in response.text


async def test_arabic_home_page_is_right_to_left(client):
    response = await client.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in response.text
    # The choice sticks for the next pages.
    again = await client.get("/about")
    assert 'dir="rtl"' in again.text


async def test_accept_language_picks_english(client):
    response = await client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr">' in response.text
    assert "Back home, with your skills" in response.text


async def test_unknown_page_is_a_friendly_404_in_french(client):
    response = await client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert "Traceback" not in response.text


async def test_api_errors_are_json(client):
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["status"] == 401


async def test_security_headers_are_set(client):
    response = await client.get("/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_no_inline_scripts_in_pages(client):
    for path in ["/", "/login", "/signup", "/about"]:
        html = (await client.get(path)).text
        assert "<script>" not in html and "onclick=" not in html
