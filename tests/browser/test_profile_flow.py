"""On a phone: a returnee builds a profile from a French work description; an employer sees it anonymously,
then, once the returnee accepts the contact request, sees the name."""

from __future__ import annotations

import pytest
from sqlmodel import select

from sankofa.profiles.models import ReturneeProfile
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.support.web import PASSWORD, make_user

pytestmark = pytest.mark.browser

WORK = (
    "Pendant cinq ans j'ai été soudeur dans un chantier naval en Italie. Je faisais de la soudure à l'arc, "
    "du soudage TIG et MIG, je lisais les plans et je contrôlais la qualité des soudures."
)


async def _log_in(page, base: str, email: str) -> None:
    await page.goto(base + "/login")
    await page.fill("#f-email", email)
    await page.fill("#f-password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_selector("form[action='/logout']", state="attached")


async def test_returnee_profile_from_french_text_then_anonymous_then_named(browser_page, live_server, db):
    from playwright.async_api import async_playwright

    await make_user(db, email="fatou.phone@example.org", name="Fatou Ndiaye")
    await make_user(db, email="rh@atlas.example", role="employer", name="RH Atlas", org=("employer", "Atlas BTP"))
    page = browser_page
    await _log_in(page, live_server, "fatou.phone@example.org")

    await page.goto(live_server + "/profile")
    await page.click("text=Compléter mon profil")
    await page.click("nav.stepper a:has-text('À propos de vous')")
    await page.wait_for_selector("h1:has-text('À propos de vous')")
    await page.fill("#f-phone", "+221 77 987 65 43")
    await page.select_option("#f-origin_country", "SN")
    await page.click("button:has-text('Enregistrer et continuer')")
    await page.wait_for_selector("h1:has-text('Votre retour')")
    await page.check("input[name=return_status][value=returned]")
    await page.select_option("#f-origin_region", "SN.07")
    await page.click("button:has-text('Enregistrer et continuer')")
    await page.wait_for_selector("h1:has-text('Expérience')")

    await page.fill("#f-title", "Soudeur")
    await page.fill("#f-description", WORK)
    await page.select_option("#f-country", "IT")
    await page.click("button:has-text('Ajouter et suggérer des compétences')")
    await page.wait_for_selector("#suggestions input[name=skills]")
    proposed = await page.locator("#suggestions input[name=skills]:checked").count()
    assert proposed >= 3
    await page.click("button:has-text('Ajouter les compétences cochées')")
    await page.wait_for_selector("h1:has-text('Compétences')")
    assert await page.locator("article.skill").count() == proposed
    assert "soud" in (await page.text_content("#skills")).lower()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"

    profile = (await db.exec(select(ReturneeProfile))).one()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        employer = await (await browser.new_context(locale="fr-FR")).new_page()
        await _log_in(employer, live_server, "rh@atlas.example")
        await employer.goto(f"{live_server}/candidates/{profile.public_id}")
        text = await employer.text_content("main")
        assert "Fatou" not in text and "+221 77 987 65 43" not in text
        assert "soud" in text.lower()
        await employer.click("button:has-text('Demander à contacter')")
        await employer.wait_for_selector("text=Votre demande a été envoyée")

        await page.goto(live_server + "/profile/requests")
        await page.click("button:has-text('Accepter : partager')")
        await page.wait_for_selector(".badge:has-text('Acceptée')")

        await employer.goto(f"{live_server}/candidates/{profile.public_id}")
        named = await employer.text_content("main")
        assert "Fatou Ndiaye" in named and "+221 77 987 65 43" in named
        await browser.close()
