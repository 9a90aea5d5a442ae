"""Error pages (403, 404, 413, 429, 500) are friendly pages in the visitor's language, never a stack trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from html import unescape

import httpx
import pytest

from sankofa.core.i18n import gettext, use_locale
from tests.support.html_check import html_problems
from tests.support.web import csrf, log_in, make_user, post_form

LANGUAGES = ("fr", "en", "ar")
TITLES = {
    403: "You do not have access to this page",
    404: "Page not found",
    413: "What you sent is too large",
    429: "Too many attempts",
    500: "Something went wrong on our side",
}


def assert_error_page(response: httpx.Response, *, status: int, lang: str) -> None:
    assert response.status_code == status, response.text[:300]
    html = unescape(response.text)
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
    with use_locale(lang):
        title = gettext(TITLES[status])
    assert title in html
    if lang != "en":
        assert title != TITLES[status], f"{status} page title not translated into {lang}"
    assert "Traceback" not in html and 'href="/"' in html  # a way back home
    # Error pages carry the same protections as every page (no framing, no inline script).
    assert response.headers.get("x-frame-options") == "DENY", f"{status} page without security headers"
    assert "content-security-policy" in response.headers
    assert html_problems(response.text, full_page=True) == []


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_page_the_account_may_not_open_is_a_403_page(client, db, lang):
    await make_user(db, email="ret@example.org", role="returnee")
    await log_in(client, "ret@example.org")
    assert_error_page(await client.get(f"/admin/outbox?lang={lang}"), status=403, lang=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_an_unknown_address_is_a_404_page(client, lang):
    assert_error_page(await client.get(f"/no-such-page?lang={lang}"), status=404, lang=lang)


async def test_an_unknown_address_keeps_a_signed_in_visitor_signed_in(client, db):
    await make_user(db, email="ret@example.org", role="returnee", locale="ar")
    await log_in(client, "ret@example.org")
    response = await client.get("/no-such-page")
    assert_error_page(response, status=404, lang="ar")  # the account's language
    assert 'action="/logout"' in response.text  # the header still shows the account, not "log in"


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_too_large_form_is_a_413_page(client, lang):
    token = await csrf(client, f"/signup?lang={lang}")
    response = await client.post(f"/signup?lang={lang}", data={"_csrf": token, "display_name": "x" * 2_000_000})
    assert_error_page(response, status=413, lang=lang)


async def test_too_many_logins_give_a_429_page_in_each_language(client, db):
    await make_user(db, email="target@example.org")
    for _ in range(11):
        response = await post_form(client, "/login", {"email": "target@example.org", "password": "wrong-password"})
    for lang in LANGUAGES:
        token = await csrf(client, f"/login?lang={lang}")
        response = await client.post(
            f"/login?lang={lang}", data={"_csrf": token, "email": "target@example.org", "password": "wrong"}
        )
        assert_error_page(response, status=429, lang=lang)
        assert int(response.headers["retry-after"]) > 0


@pytest.fixture
async def app_without_database(settings) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The app started on a database that does not exist, as when PostgreSQL lost it or the URL is wrong."""
    from web.app import create_app

    url = settings.database_url.rsplit("/", 1)[0] + "/sankofa_no_such_database"
    application = create_app(replace(settings, database_url=url))
    for hook in application.on_startup:
        await hook(application)  # type: ignore[call-arg]
    transport = httpx.ASGITransport(app=application, client=("203.0.113.9", 50000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
    for hook in application.on_shutdown:
        await hook(application)  # type: ignore[call-arg]


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_page_that_fails_on_the_server_is_a_500_page(app_without_database, lang):
    response = await app_without_database.get(f"/jobs?lang={lang}")
    assert_error_page(response, status=500, lang=lang)
    assert "sankofa_no_such_database" not in response.text  # nothing about the cause leaks
