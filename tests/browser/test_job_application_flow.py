"""On a phone: a returnee finds a welder's job by searching, applies with a message; the employer sees who applied
on the pipeline board and shortlists them; the returnee sees the new status in the application's history."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect
from sqlmodel import select

from sankofa.applications.models import Application
from sankofa.core.i18n import gettext, ngettext, use_locale
from tests.support.browser import log_in as log_in_page
from tests.support.vacancies import make_employer, make_vacancy
from tests.web.test_candidates_factories import SECRETS, make_returnee

pytestmark = pytest.mark.browser

MESSAGE = "Bonjour, j'ai huit ans de soudure TIG en Italie et je suis disponible dès lundi."


def fr(message: str) -> str:
    """A UI string as the French page shows it (English until its translation is filled in)."""
    with use_locale("fr"):
        return gettext(message)


async def _fits_the_phone(page) -> None:  # type: ignore[no-untyped-def]
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide on a 360px phone"


async def test_returnee_finds_and_applies_then_employer_shortlists_and_returnee_sees_it(
    browser_page, another_phone, live_server, db
):  # type: ignore[no-untyped-def]
    user, _ = await make_returnee(db)
    employer, org = await make_employer(db)
    welder = await make_vacancy(db, organisation=org)  # "Soudeur / soudeuse" in Thiès
    cook = await make_vacancy(db, organisation=org, title="Cuisinier", description="Cuisine d'un restaurant.")
    page = browser_page
    await log_in_page(page, live_server, user.email)

    # Search: only the welder's job answers "soudeurs".
    await page.goto(live_server + "/jobs")
    await expect(page.locator(f"#results a[href='/jobs/{cook.public_id}']")).to_be_visible()  # no words: all jobs
    await page.fill("#f-q", "soudeurs")
    await page.locator("form[role=search]").get_by_role("button", name=fr("Search")).click()
    await page.wait_for_url(re.compile(r"/jobs\?(.*&)?q=soudeurs"))
    results = page.locator("#results")
    await expect(results.locator(f"a[href='/jobs/{cook.public_id}']")).to_have_count(0)
    found = results.locator(f"a[href='/jobs/{welder.public_id}']")
    await expect(found).to_have_text(welder.title)
    await _fits_the_phone(page)

    # The vacancy page, then apply with a message.
    await found.click()
    await expect(page.locator("h1")).to_have_text(welder.title)
    apply_box = page.locator("#apply")
    await expect(apply_box).to_contain_text(
        fr("Applying shares your profile, with your name and contact details, with this employer only.")
    )
    await _fits_the_phone(page)
    await apply_box.get_by_label(fr("Message to the employer (optional)")).fill(MESSAGE)
    await apply_box.get_by_role("button", name=fr("Apply now")).click()
    await expect(page.locator(".current-status .status")).to_have_text(fr("Submitted"))
    await expect(page.locator("h1")).to_have_text(welder.title)
    await expect(page.locator("blockquote.message")).to_have_text(MESSAGE)
    application = (await db.exec(select(Application))).one()
    assert page.url.endswith(f"/applications/{application.id}")

    # The employer's board: the applicant is named (applying shared the profile), and is moved to shortlisted.
    boss = await another_phone()
    await log_in_page(boss, live_server, employer.email)
    await boss.goto(f"{live_server}/employer/vacancies/{welder.public_id}/applications")
    card = boss.locator(f"#card-{application.id}")
    submitted = boss.locator("section.board-column[data-status=submitted]")
    await expect(submitted.locator(f"#card-{application.id}")).to_be_visible()
    await expect(card.locator("[data-field=full_name]")).to_have_text(SECRETS["full_name"])
    with use_locale("fr"):
        one_application = ngettext("%(num)s application", "%(num)s applications", 1) % {"num": 1}
    await expect(boss.locator(".board-summary")).to_contain_text(one_application)
    await _fits_the_phone(boss)
    await card.get_by_role("button", name=fr("Shortlisted"), exact=True).click()
    shortlisted = boss.locator("section.board-column[data-status=shortlisted]")
    await expect(shortlisted.locator(f"#card-{application.id}")).to_contain_text(SECRETS["full_name"])
    await expect(submitted.locator(".board-card")).to_have_count(0)
    await expect(shortlisted.locator(".count")).to_have_text("1")
    # The move was stored, not just drawn: a fresh load shows it too.
    await boss.reload()
    await expect(shortlisted.locator(f"#card-{application.id}")).to_be_visible()

    # Back to the returnee: the list, then the application's history, show the new status.
    await page.goto(live_server + "/applications")
    row = page.locator("table.applications tbody tr", has=page.locator(f"a[href='/applications/{application.id}']"))
    await expect(row.locator(".status")).to_have_text(fr("Shortlisted"))
    await row.get_by_role("link", name=welder.title).click()
    await expect(page.locator(".current-status .status")).to_have_text(fr("Shortlisted"))
    history = page.locator("ol.history .history-entry .status")
    await expect(history).to_have_text([fr("Submitted"), fr("Shortlisted")])
    await _fits_the_phone(page)
