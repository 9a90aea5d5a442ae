"""On a phone, in French and in Arabic, an employer reads an import's summary and its rejected rows without
scrolling the page sideways, and every value from the file keeps its own direction."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sankofa.identity.models import User
from sankofa.imports import run as vacancy_import_run
from sankofa.imports import uploads as vacancy_import
from tests.support.browser import log_in as log_in_page
from tests.support.imports import csv_bytes, rows_with_broken
from tests.support.vacancies import make_employer

pytestmark = pytest.mark.browser
# Set to a folder to keep the screenshots (before/after pictures for a review).
SHOTS = os.environ.get("SANKOFA_SCREENSHOTS")


async def _overflow(page) -> int:  # type: ignore[no-untyped-def]
    """How many CSS pixels the page is wider than the screen (0: nothing to scroll sideways)."""
    return int(await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


@pytest.mark.parametrize("locale", ["fr", "ar"])
async def test_import_summary_and_rejected_rows_fit_a_phone_screen(browser_page, live_server, db, locale):
    user, _org = await make_employer(db)
    fresh = await db.get(User, user.id)
    fresh.locale = locale
    await db.commit()
    rows, broken = rows_with_broken(30)
    rows[9]["external_ref"] = "RH-2026-RÉFÉRENCE-TRÈS-LONGUE-SANS-ESPACE-0009"
    rows[19]["location"] = "Atlantide-sur-Mer"
    job = await vacancy_import.create(
        db, user=user, filename="offres-été.csv", content=csv_bytes(rows), publish=True, locale=locale, max_bytes=10**7
    )
    await vacancy_import_run.run(db, import_id=job.id)
    page = browser_page
    await log_in_page(page, live_server, "rh@acier.example")

    await page.goto(f"{live_server}/employer/imports/{job.id}")
    assert await page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr")
    rejected = page.locator(".import-errors tbody tr")
    assert await rejected.count() == len(broken) + 1  # and the unknown place
    assert await _overflow(page) == 0
    # Each rejected row shows its row number and reference on screen, without scrolling.
    first = rejected.first
    box = await first.locator("[data-label]").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # The file's values (references, places, messages quoting cells) are isolated from the page's direction.
    assert await page.locator(".import-errors bdi", has_text="Atlantide-sur-Mer").count() == 1
    assert await page.locator(".import-errors bdi", has_text="RH-2026-RÉFÉRENCE").count() == 1
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / f"import-detail-{locale}.png"), full_page=True)

    await page.goto(f"{live_server}/employer/imports")
    assert await page.locator(".import-list tbody tr").count() == 1
    assert await _overflow(page) == 0
    assert await page.locator(".import-list bdi", has_text="offres-été.csv").count() == 1
    if SHOTS:
        await page.screenshot(path=str(Path(SHOTS) / f"import-list-{locale}.png"), full_page=True)
