"""On a 360 px phone: a local authority creates and publishes a job fair; a returnee registers (seeing exactly
what is shared, consenting) and sees the confirmation; the pages pass axe in French and Arabic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import expect
from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.events.models import Event, EventRegistration
from tests.browser import test_accessibility
from tests.browser.test_accessibility import phone  # noqa: F401 - a fixture, requested by name below
from tests.support.browser import log_in as log_in_page
from tests.support.events import in_days, make_authority
from tests.web.test_candidates_factories import SECRETS, make_returnee

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/sankofa-events")


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def _fits_the_phone(page) -> None:  # type: ignore[no-untyped-def]
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide on a 360px phone"


async def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def test_authority_publishes_a_job_fair_and_a_returnee_registers_with_consent(
    browser_page,
    another_phone,
    phone,  # noqa: F811 - the axe audit's pages (their CSP lets the injected script run)
    live_server,
    db,
):  # type: ignore[no-untyped-def]
    organiser, _org = await make_authority(db)
    returnee, _profile = await make_returnee(db)
    page = browser_page
    await log_in_page(page, live_server, organiser.email)
    await page.goto(live_server + "/organiser/events/new")
    await page.fill("#f-title_fr", "Forum emploi de Thiès")
    await page.fill("#f-description_fr", "Rencontrez les employeurs de la région.")
    await page.fill("#f-venue_name", "Centre culturel régional")
    await page.fill("#f-location", "Thiès")
    await page.fill("#f-session_0_date", in_days(30))
    await page.fill("#f-session_0_start", "09:00")
    await page.fill("#f-session_0_end", "13:00")
    await page.fill("#f-quota_returnee", "50")
    await _fits_the_phone(page)
    await _shot(page, "organiser-form-fr")
    await page.get_by_role("button", name=fr("Publish")).click()
    await page.wait_for_url(re.compile(r"/events/[0-9a-f-]{36}\?done=published"))
    await expect(page.locator("h1")).to_have_text("Forum emploi de Thiès")
    event = (await db.exec(select(Event))).one()
    await db.commit()
    assert event.status == "published"

    other = await another_phone()
    await log_in_page(other, live_server, returnee.email)
    await other.goto(f"{live_server}/events")
    await other.get_by_role("link", name="Forum emploi de Thiès").click()
    await _fits_the_phone(other)
    await _shot(other, "event-page-fr")
    await other.get_by_role("link", name=fr("Register")).click()
    sharing = other.locator("#sharing")
    await expect(sharing).to_contain_text(SECRETS["full_name"])
    await _fits_the_phone(other)
    await _shot(other, "register-fr")
    await other.get_by_role("button", name=fr("Register")).click()
    await expect(other.locator(".alert")).to_be_visible()  # no consent: refused, in French
    await other.get_by_label(fr("I agree to share these details with the organisers of this event.")).check()
    await other.get_by_role("button", name=fr("Register")).click()
    await other.wait_for_url(re.compile(r"done=registered"))
    await expect(other.locator("#my-registration")).to_contain_text(
        fr("You are registered. A confirmation with the calendar entry was sent to you by email.")
    )
    await _shot(other, "registered-fr")
    registration = (await db.exec(select(EventRegistration))).one()
    await db.commit()
    assert registration.status == "registered" and registration.consented_at is not None

    await other.goto(f"{live_server}/events/{event.public_id}?lang=ar")
    await expect(other.locator("html")).to_have_attribute("dir", "rtl")
    await _fits_the_phone(other)
    await _shot(other, "event-page-ar")
    await other.goto(f"{live_server}/events/{event.public_id}/register?lang=ar")
    await _shot(other, "register-ar")
    await page.goto(f"{live_server}/organiser/events/{event.public_id}/registrations?lang=ar")
    await _fits_the_phone(page)
    await _shot(page, "registrations-ar")

    auditor = await phone()
    await log_in_page(auditor, live_server, organiser.email)
    blocking = await test_accessibility._audit(
        auditor, live_server, ["/events", f"/events/{event.public_id}", f"/organiser/events/{event.public_id}/edit"]
    )
    assert blocking == {}, blocking
