"""Anonymous searches come from memory until the database announces a change, and never outlive it.

The suite runs with the cache off (a test that writes then searches must not race the notification); here it is
on, served by an app of its own, and each test waits for the notification the way a visitor's next click would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from sankofa.organisations.models import OrgStatus
from sankofa.search import cache as search_cache
from sankofa.vacancies.models import VacancyStatus
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import bricks_uri, make_returnee, welding_uri


@pytest.fixture
async def cached_client(settings) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    from web.app import create_app

    application = create_app(replace(settings, search_cache_entries=50))
    for hook in application.on_startup:
        await hook(application)
    cache = search_cache.shared()
    for _ in range(100):  # the listener connects in its thread
        if cache.enabled:
            break
        await asyncio.sleep(0.05)
    assert cache.enabled
    transport = httpx.ASGITransport(app=application, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
    for hook in application.on_shutdown:
        await hook(application)
    assert not search_cache.shared().enabled


async def _titles(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get("/api/v1/jobs", params=params)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def _announced(generation: int) -> None:
    """Wait until the cache heard of a change after `generation` (the notification is sent at commit)."""
    for _ in range(100):
        if search_cache.shared().generation() != generation:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("no change was announced")


async def test_a_repeated_anonymous_search_is_answered_from_memory(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    cache = search_cache.shared()
    assert await _titles(cached_client, q="soudeur") == ["Soudeur"]
    hits = cache.hits
    assert await _titles(cached_client, q="soudeur") == ["Soudeur"]
    assert (await cached_client.get("/jobs", params={"q": "soudeur"})).status_code == 200
    assert cache.hits == hits + 2  # the API and the page share the result: the same search, the same locale


async def test_a_suspension_empties_the_cached_searches_at_commit(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    assert await _titles(cached_client, q="soudeur") == ["Soudeur"]
    generation = search_cache.shared().generation()
    org.status = OrgStatus.SUSPENDED
    db.add(org)
    await db.commit()
    await _announced(generation)
    assert await _titles(cached_client, q="soudeur") == []


async def test_a_new_or_closed_vacancy_shows_at_the_next_search(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur A")
    assert await _titles(cached_client, q="soudeur") == ["Soudeur A"]
    generation = search_cache.shared().generation()
    second = await make_vacancy(db, organisation=org, title="Soudeur B")
    await _announced(generation)
    assert sorted(await _titles(cached_client, q="soudeur")) == ["Soudeur A", "Soudeur B"]
    generation = search_cache.shared().generation()
    second.status = VacancyStatus.CLOSED
    db.add(second)
    await db.commit()
    await _announced(generation)
    assert await _titles(cached_client, q="soudeur") == ["Soudeur A"]


async def test_an_employer_renamed_shows_its_new_name_in_cached_cards(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    first = await cached_client.get("/api/v1/jobs", params={"q": "soudeur"})
    assert first.json()["items"][0]["employer"] == "Acier du Sahel"
    generation = search_cache.shared().generation()
    org.name = "Acier du Sénégal"
    db.add(org)
    await db.commit()
    await _announced(generation)
    again = await cached_client.get("/api/v1/jobs", params={"q": "soudeur"})
    assert again.json()["items"][0]["employer"] == "Acier du Sénégal"


async def test_a_signed_in_returnee_shares_the_cached_page_with_their_own_fit(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur", required_skills=[bricks_uri(), welding_uri()])
    english = {"accept-language": "en"}  # her language: the shared page is kept per language
    anonymous = await cached_client.get("/api/v1/jobs", params={"q": "soudeur"}, headers=english)
    assert anonymous.json()["items"][0]["fit"] is None
    cache = search_cache.shared()
    hits = cache.hits
    await make_returnee(db, locale="en")
    await log_in(cached_client, "amina@example.org")
    mine = (await cached_client.get("/api/v1/jobs", params={"q": "soudeur"})).json()["items"][0]
    assert cache.hits == hits + 1, "the page of everyone"
    assert mine["fit"]["score"] == 0.5 and len(mine["fit"]["missing_required"]) == 1, "with her fit on top"
    page = await cached_client.get("/jobs", params={"q": "soudeur"})
    assert "you have 1 of 2 required skills" in page.text and 'action="/jobs/alerts"' in page.text
    again = await cached_client.get("/api/v1/jobs", params={"q": "soudeur"})
    assert again.json()["items"][0]["fit"]["score"] == 0.5
    cached_client.cookies.clear()
    after = await cached_client.get("/api/v1/jobs", params={"q": "soudeur"}, headers=english)
    assert after.json()["items"][0]["fit"] is None, "her fit never reaches the shared page"


async def test_a_search_sorted_by_fit_is_never_cached(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    await make_returnee(db)
    await log_in(cached_client, "amina@example.org")
    cache = search_cache.shared()
    hits, misses = cache.hits, cache.misses
    for _ in range(3):
        assert await _titles(cached_client, q="soudeur", sort="fit") == ["Soudeur"]
    assert (cache.hits, cache.misses) == (hits, misses)


def test_without_its_listener_the_cache_answers_nothing():
    cache = search_cache.SearchCache(10)
    cache.set_live(True)
    generation = cache.generation()
    cache.put("k", "result", generation=generation)
    assert cache.get("k") == "result"
    cache.set_live(False)  # the listening connection dropped: a change could be missed
    assert cache.get("k") is None
    cache.set_live(True)
    assert cache.get("k") is None  # it comes back empty


def test_a_result_computed_across_a_change_is_not_kept():
    cache = search_cache.SearchCache(10)
    cache.set_live(True)
    generation = cache.generation()  # read before the search ran
    cache.invalidate()  # a vacancy changed while it ran
    cache.put("k", "stale result", generation=generation)
    assert cache.get("k") is None


def test_the_oldest_entry_leaves_first():
    cache = search_cache.SearchCache(2)
    cache.set_live(True)
    for key in ("a", "b", "c"):
        cache.put(key, key, generation=cache.generation())
    assert [cache.get(key) for key in ("a", "b", "c")] == [None, "b", "c"]


async def test_a_cached_search_page_shows_what_each_visitor_typed_in_their_language(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    pages = []
    for typed, locale in (("soudeur", "fr"), ("Soudeur", "fr"), ("soudeur", "en"), ("soudeur", "fr")):
        response = await cached_client.get("/jobs", params={"q": typed}, headers={"accept-language": locale})
        assert response.status_code == 200
        pages.append(response.text)
    first, capitalised, english, again = pages
    assert 'value="soudeur"' in first and 'value="Soudeur"' in capitalised, "the field keeps what was typed"
    assert "Trouver un emploi" in first and "Find a job" in english
    assert "Soudeur" in first and "/jobs/" in first, "the cards are there"
    assert again.count("job-filters") == first.count("job-filters") == 1, "the shared block is inserted once"


async def test_a_returnee_searching_after_visitors_still_gets_the_save_search_form(cached_client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    assert "/jobs/alerts" not in (await cached_client.get("/jobs", params={"q": "soudeur"})).text.split("<main")[1]
    await make_returnee(db)
    await log_in(cached_client, "amina@example.org")
    page = (await cached_client.get("/jobs", params={"q": "soudeur"})).text
    assert 'action="/jobs/alerts"' in page and "Soudeur" in page
