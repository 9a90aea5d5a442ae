"""Every link the app shows a role, on the demo data, answers: no 5xx anywhere, no 4xx behind a link it showed.

One sample per route shape, in French, then a few of the pages in Arabic and English.
"""

from __future__ import annotations

import time

import pytest

from sankofa.seed import DEMO_PASSWORD, seed
from tests.conftest import truncate_tables
from tests.support.crawl import PAGE_COUNTS, crawl, language_pass, links_of, route_shape
from tests.support.web import log_in

ACCOUNTS = {
    "anonymous": None,
    "returnee": "aminata@returnee.test",
    "employer": "hr@baobab-btp.test",
    "partner": "caseworker@oim-partner.test",
    "authority": "events@ville-thies.test",
    "investor": "investor@diaspora-fund.test",
    "admin": "admin@sankofa.test",
}


@pytest.fixture(scope="module")
async def demo_data(app, database_url):  # type: ignore[no-untyped-def]
    """The data `sankofa seed` loads, shared by this module's tests (which only read), emptied at the end."""
    started = time.monotonic()
    assert await seed(database_url, demo=True)
    async with app.state.session_factory() as session:
        await app.state.live_index.load(session)
    print(f"demo data seeded in {time.monotonic() - started:.1f} s")
    yield
    truncate_tables(database_url)
    async with app.state.session_factory() as session:
        await app.state.live_index.load(session)  # forget the demo records: later tests reuse their ids


@pytest.mark.parametrize("role", list(ACCOUNTS))
async def test_every_link_shown_to_a_role_answers_without_error(client, demo_data, role):
    email = ACCOUNTS[role]
    if email is not None:
        await log_in(client, email, DEMO_PASSWORD)
    started = time.monotonic()
    result = await crawl(client, role=role, start=["/"], signed_in=email is not None)
    fetched, language_failures = await language_pass(client, pages=result.documents)
    PAGE_COUNTS[role] = (len(result.pages), fetched)
    print(f"{role}: {len(result.pages)} pages in fr, {fetched} in ar/en, {time.monotonic() - started:.1f} s")
    failures = result.failures + language_failures
    assert not failures, result.report() + "\n" + "\n".join(language_failures)
    # A crawl that found nothing would pass for nothing: the dashboard links somewhere.
    assert len(result.pages) > 5, result.pages


def test_route_shapes_merge_ids_and_values_but_not_parameter_names():
    assert route_shape("/jobs/7c649605-43fb-4448-ba7c-e7c40a06399a?page=2") == route_shape(
        "/jobs/0b1d2c3e-0000-4000-8000-000000000000?page=3"
    )
    assert route_shape("/employers/12") == route_shape("/employers/13") == "/employers/{n}"
    assert route_shape("/jobs?q=soudeur") != route_shape("/jobs?sector=health")
    assert route_shape("/profiles/x/edit/about") != route_shape("/profiles/x/edit/wishes")


def test_links_are_hrefs_get_forms_with_their_defaults_and_htmx_targets_of_this_site():
    page = (
        '<a href="/about#team">About</a><a href="https://example.org/">Out</a><a href="mailto:a@b.c">Mail</a>'
        '<a href="?lang=ar">عربي</a><a href="/static/app.css">CSS</a>'
        '<form action="/jobs"><input name="q" value="soudeur"><select name="sort"><option value="date">Date'
        '<option value="fit" selected>Fit</select><input type="checkbox" name="abroad" value="1"></form>'
        '<form method="post" action="/jobs/alerts"><input name="name"></form>'
        '<input name="place_text" hx-get="/suggest/places?field=place"><button hx-post="/profiles/x/edit/about">'
    )
    assert sorted(links_of(page, page_url="/jobs")) == [
        ("a", "/about"),
        ("form", "/jobs"),
        ("form", "/jobs?q=soudeur&sort=fit"),
        ("hx-get", "/suggest/places?field=place&place_text="),
        ("hx-post", "/profiles/x/edit/about"),
    ]
