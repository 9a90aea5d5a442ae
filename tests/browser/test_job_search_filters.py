"""On a phone, the job search's place and occupation filters suggest as one types, and choosing one filters the
results without leaving /jobs (the suggestion request once took over the address bar and the list)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.support.vacancies import make_employer, make_vacancy

pytestmark = pytest.mark.browser


async def test_choosing_a_suggested_place_filters_the_jobs_and_keeps_the_address(browser_page, live_server, db):  # type: ignore[no-untyped-def]
    _employer, org = await make_employer(db)
    welder = await make_vacancy(db, organisation=org)  # in Thiès
    cook = await make_vacancy(db, organisation=org, title="Cuisinier", description="Cuisine.", location="Dakar")
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(live_server + "/jobs")
    place = page.locator("#f-place")
    await place.focus()
    await place.press_sequentially("Thiè", delay=40)
    option = page.locator("#l-place [role=option]").first
    await expect(option).to_contain_text("Thiès")
    assert re.search(r"/jobs$", page.url), page.url  # the suggestion request does not become the page's address
    await option.click()
    await page.wait_for_url(re.compile(r"/jobs\?(.*&)?place="))
    results = page.locator("#results")
    await expect(results.locator(f"a[href='/jobs/{welder.public_id}']")).to_have_count(1)
    await expect(results.locator(f"a[href='/jobs/{cook.public_id}']")).to_have_count(0)
    await page.reload()
    await expect(page.locator("#f-place")).to_have_value(re.compile("Thiès"))
    await expect(page.locator("#results").locator(f"a[href='/jobs/{welder.public_id}']")).to_have_count(1)
    assert errors == []


async def test_choosing_a_suggested_occupation_filters_the_jobs(browser_page, live_server, db):  # type: ignore[no-untyped-def]
    _employer, org = await make_employer(db)
    welder = await make_vacancy(db, organisation=org)
    cook = await make_vacancy(db, organisation=org, title="Cuisinier", description="Cuisine d'un restaurant.")
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(live_server + "/jobs")
    await page.locator("form[role=search] summary").click()  # on a phone the other filters are folded away
    occupation = page.locator("#f-occupation")
    await occupation.press_sequentially("soudeur", delay=40)
    option = page.locator("#l-occupation [role=option]").first
    await expect(option).to_be_visible(timeout=15_000)
    await occupation.press("ArrowDown")
    await occupation.press("Enter")
    await page.wait_for_url(re.compile(r"/jobs\?(.*&)?occupation=http"))
    results = page.locator("#results")
    await expect(results.locator(f"a[href='/jobs/{cook.public_id}']")).to_have_count(0)
    await expect(results.locator(f"a[href='/jobs/{welder.public_id}']")).to_have_count(1)
    assert errors == []
