"""In a real browser on a phone-sized screen: sign up, confirm by mail (which logs in), switch to Arabic (RTL)."""

from __future__ import annotations

import pytest

from tests.support.smtp import link_in
from tests.support.web import PASSWORD

pytestmark = pytest.mark.browser


async def test_sign_up_confirm_the_email_and_read_arabic_right_to_left(browser_page, live_server, smtp, worker):
    page = browser_page
    await page.goto(live_server + "/")
    assert await page.get_attribute("html", "lang") == "fr"
    await page.click("text=S'inscrire comme personne de retour")
    await page.fill("#f-display_name", "Awa Traoré")
    await page.fill("#f-email", "awa.browser@example.org")
    await page.fill("#f-password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Consultez vos e-mails")

    path = link_in(smtp.wait_for("awa.browser@example.org")[0], "/verify/")
    await page.goto(live_server + path)
    await page.click("text=Confirmer mon adresse e-mail")
    # Confirming logs in: the dashboard greets the new returnee, no login form in between.
    await page.wait_for_selector("h1:has-text('Bonjour Awa Traoré')")
    await page.wait_for_selector("text=Votre adresse e-mail est confirmée")

    # The page fits a 360 px phone: nothing wider than the viewport.
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360

    await page.click("a[hreflang=ar]")
    await page.wait_for_selector("html[dir=rtl]", state="attached")
    assert await page.get_attribute("html", "lang") == "ar"
    assert await page.text_content("h1") == "مرحبًا Awa Traoré"
    direction = await page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    # The choice is kept on the account: a new page stays in Arabic.
    await page.goto(live_server + "/account")
    assert await page.get_attribute("html", "dir") == "rtl"
