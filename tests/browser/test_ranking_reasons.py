"""On a phone: a returnee sees the jobs that fit best first, with why; an employer sees ranked, anonymous candidates
with the reasons they rank there.

The app's live index follows the `ranking_item` feed (once a second); each test starts from an index of its own
database (`live_index`), writes the records with `ranking_index.refresh` as the worker would, then reloads the page
until the result shows (5 s at most).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid

import pytest
from playwright.async_api import expect

from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles import view as profile_view
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary
from tests.support.browser import log_in as log_in_page
from tests.support.vacancies import make_employer, make_vacancy
from tests.web.test_candidates_factories import SECRETS, bricks_uri, leaked, make_returnee

pytestmark = pytest.mark.browser

MASON = {
    "title": "Maçon / maçonne",
    "description": "Chantier de construction à Dakar: maçonnerie, pose de briques.",
    "location": "Dakar",
}
FEED_WAIT_S = 5.0


def fr(message: str) -> str:
    """A UI string as the French page shows it (English until its translation is filled in)."""
    with use_locale("fr"):
        return gettext(message)


async def _reload_until_shown(page, url: str, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Load `url` again until `selector` is on it: the index takes up to a second or two to follow the feed."""
    deadline = time.monotonic() + FEED_WAIT_S
    while True:
        await page.goto(url)
        if await page.locator(selector).count():
            return
        if time.monotonic() > deadline:
            shown = " ".join((await page.text_content("body") or "").split())[:300]
            raise AssertionError(f"{selector} not on {url} after {FEED_WAIT_S} s; the page says: {shown}")
        await asyncio.sleep(0.25)


async def test_returnee_sees_the_mason_job_first_with_the_skill_they_have_as_the_reason(
    browser_page, live_server, live_index, db
):  # type: ignore[no-untyped-def]
    user, profile = await make_returnee(db)  # lays bricks, validated abroad
    _, org = await make_employer(db)
    mason = await make_vacancy(db, organisation=org, **MASON, required_skills=bricks_uri())
    cook = await make_vacancy(db, organisation=org, title="Cuisinier", description="Cuisine", location="Dakar")
    welder = await make_vacancy(db, organisation=org)
    # The feed is applied in order: once the mason's record (written last) shows, the others are in the index.
    for kind, item_id in (
        (ItemKind.VACANCY, cook.id),
        (ItemKind.VACANCY, welder.id),
        (ItemKind.PROFILE, profile.id),
        (ItemKind.VACANCY, mason.id),
    ):
        await ranking_index.refresh(db, kind=kind, item_id=item_id)
    await db.commit()  # as the worker's job does

    page = browser_page
    await log_in_page(page, live_server, user.email)
    await _reload_until_shown(page, live_server + "/recommendations", f"a[href='/jobs/{mason.public_id}']")

    await expect(page.locator("h1")).to_have_text(fr("Jobs for you"))
    first = page.locator("li.recommendation").first
    await expect(first.locator(".item-title a")).to_have_text(mason.title)
    # The cook's and the welder's jobs share no skill with a mason: listed, if at all, after the mason's.
    titles = await page.locator("li.recommendation .item-title a").all_text_contents()
    assert titles[0] == mason.title, titles
    assert set(titles) <= {mason.title, cook.title, welder.title} and len(titles) == len(set(titles)), titles
    why = first.locator("details.why")
    await expect(why).to_have_attribute("open", "")
    await expect(why.locator("summary")).to_have_text(fr("Why this job"))
    await expect(why.locator(".reasons-title").first).to_have_text(fr("Required skills you have"))
    await expect(why.locator(".chip").first).to_contain_text(vocabulary.skill_label(bricks_uri(), "fr"))
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"


async def test_employer_sees_a_ranked_anonymous_candidate_with_reasons(browser_page, live_server, live_index, db):  # type: ignore[no-untyped-def]
    _, profile = await make_returnee(db)
    employer, org = await make_employer(db)
    mason = await make_vacancy(db, organisation=org, **MASON, required_skills=bricks_uri())
    for kind, item_id in ((ItemKind.VACANCY, mason.id), (ItemKind.PROFILE, profile.id)):
        await ranking_index.refresh(db, kind=kind, item_id=item_id)
    await db.commit()  # as the worker's job does

    page = browser_page
    await log_in_page(page, live_server, employer.email)
    url = f"{live_server}/employer/vacancies/{mason.public_id}/candidates"
    await _reload_until_shown(page, url, f"li.candidate a[href='/candidates/{profile.public_id}']")

    candidate = page.locator("li.candidate").first
    anonymous = fr("Candidate %(handle)s") % {"handle": profile_view.handle(profile)}
    await expect(candidate.locator("h2 a")).to_have_text(anonymous)
    await expect(candidate.locator(".reasons .reasons-title").first).to_have_text(fr("Required skills this person has"))
    await expect(candidate.locator(".reasons .chip").first).to_contain_text(vocabulary.skill_label(bricks_uri(), "fr"))
    # No contact grant: nothing on the page says who the person is.
    await expect(page.locator("[data-field=full_name]")).to_have_count(0)
    html = await page.content()
    assert leaked(html) == set(), "an employer without a grant must not see who the person is"
    assert SECRETS["full_name"] not in html
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"
    await expect(candidate.locator(".match strong")).to_have_text(re.compile(r"^\d+\s?%"))


async def test_employer_narrows_ranked_candidates_with_a_filter_swapped_in_place(
    browser_page, live_server, live_index, db
):  # type: ignore[no-untyped-def]
    _, validated = await make_returnee(db)  # lays bricks, validated by a partner
    _, declared = await make_returnee(
        db, email="binta@example.org", public_id=uuid.uuid4(), validated_abroad=False, summary="Maçonne"
    )
    employer, org = await make_employer(db)
    mason = await make_vacancy(db, organisation=org, **MASON, required_skills=bricks_uri())
    for kind, item_id in (
        (ItemKind.VACANCY, mason.id),
        (ItemKind.PROFILE, declared.id),
        (ItemKind.PROFILE, validated.id),
    ):
        await ranking_index.refresh(db, kind=kind, item_id=item_id)
    await db.commit()  # as the worker's job does

    page = browser_page
    await log_in_page(page, live_server, employer.email)
    url = f"{live_server}/employer/vacancies/{mason.public_id}/candidates"
    await _reload_until_shown(page, url, f"li.candidate a[href='/candidates/{validated.public_id}']")
    await expect(page.locator("li.candidate")).to_have_count(2)
    heading = await page.locator("h1").evaluate("element => { element.dataset.kept = 'yes'; return true }")
    assert heading
    await page.locator("summary", has_text=fr("Filters")).click()  # folded away on a phone
    await page.get_by_label(fr("Only people with a skill of this vacancy validated by a partner")).check()
    await expect(page.locator("li.candidate")).to_have_count(1)
    await expect(page.locator(f"li.candidate a[href='/candidates/{validated.public_id}']")).to_have_count(1)
    await expect(page).to_have_url(re.compile(r"validated=1"))
    await expect(page.locator("h1[data-kept=yes]")).to_have_count(1)  # swapped in place, not reloaded
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"
