"""On a 360 px phone, in French and in Arabic (right to left): the main pages fit the screen without sideways
scrolling, the menu button opens the menu, form controls and navigation links are at least 44 px high (WCAG 2.5.5),
no page breaks the content security policy, and the home page's search box leads to job results."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from sankofa.applications.models import Application
from sankofa.core.i18n import gettext, use_locale
from tests.browser.conftest import PHONE
from tests.support.browser import log_in as log_in_page
from tests.support.vacancies import make_employer, make_vacancy
from tests.web.test_candidates_factories import make_returnee

pytestmark = pytest.mark.browser

LOCALES = ("fr", "ar")
TAP = 44  # px, WCAG 2.5.5 (target size, enhanced)
# Counts the CSP reports of the page (an inline style or script the policy refused).
CSP_PROBE = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + (e.sourceFile || '') + ' ' + (e.sample || '')));"
)
# Form controls and links a visitor taps, as (selector, what the target is): a checkbox or radio is tapped through
# its label, which wraps it.
TARGETS_JS = """
() => {
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden'; };
  const out = [];
  const add = (el, target) => { if (visible(target)) { const r = target.getBoundingClientRect();
    out.push({what: el.outerHTML.slice(0, 90), height: Math.round(r.height), width: Math.round(r.width)}); } };
  for (const el of document.querySelectorAll('main input, main select, main textarea, main button, main summary')) {
    if (el.type === 'hidden') continue;
    if (el.type === 'checkbox' || el.type === 'radio') add(el, el.closest('label') || el); else add(el, el);
  }
  const nav = '.topbar a, .topbar summary, .topbar button, .nav a, .nav button';
  for (const el of document.querySelectorAll(nav)) add(el, el);
  return out;
}
"""


def t(message: str, locale: str) -> str:
    with use_locale(locale):
        return gettext(message)


async def _site(db):  # type: ignore[no-untyped-def]
    """An employer with two public jobs, and a returnee of the Dakar region who applied to one of them."""
    returnee, profile = await make_returnee(db)
    _employer, org = await make_employer(db)
    welder = await make_vacancy(
        db,
        organisation=org,
        salary_min="150000",
        salary_max="200000",
        salary_currency="XOF",
        languages="fr;wo",
        open_to_abroad="1",
    )
    mason = await make_vacancy(
        db,
        organisation=org,
        title="Maçon qualifié",
        description="Chantier d'une école à Dakar. Pose de briques et de parpaings, coffrages, enduits.",
        location="Dakar",
    )
    assert mason.id is not None and profile.id is not None
    db.add(Application(vacancy_id=mason.id, profile_id=profile.id, message="Disponible dès lundi."))
    await db.commit()
    return returnee, org, welder, mason


async def _phone(browser_page, locale: str):  # type: ignore[no-untyped-def]
    """A new phone-sized browser context whose browser asks for `locale` (Accept-Language)."""
    context = await browser_page.context.browser.new_context(viewport=PHONE, locale=locale)
    await context.add_init_script(CSP_PROBE)
    return context, await context.new_page()


async def _check_page(page, url: str, locale: str) -> None:  # type: ignore[no-untyped-def]
    response = await page.goto(url)
    assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
    assert await page.get_attribute("html", "lang") == locale
    assert await page.get_attribute("html", "dir") == ("rtl" if locale == "ar" else "ltr")
    width = await page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} is {width} px wide on a {PHONE['width']} px phone ({locale})"
    assert await page.evaluate("window.__csp") == [], f"{url} broke the content security policy"


@pytest.mark.parametrize("locale", LOCALES)
async def test_main_pages_fit_a_360_px_phone_without_sideways_scrolling(browser_page, live_server, db, locale):  # type: ignore[no-untyped-def]
    returnee, org, welder, mason = await _site(db)
    returnee.locale = locale
    db.add(returnee)
    await db.commit()
    context, page = await _phone(browser_page, locale)
    try:
        for path in ("/", "/jobs?q=soudeur", f"/jobs/{welder.public_id}", f"/employers/{org.id}", "/signup", "/login"):
            await _check_page(page, live_server + path, locale)
        await log_in_page(page, live_server, returnee.email)
        for path in ("/", "/profile", "/applications", f"/jobs/{mason.public_id}", "/account", "/jobs"):
            await _check_page(page, live_server + path, locale)
    finally:
        await context.close()


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_menu_button_opens_the_menu_on_a_phone(browser_page, live_server, db, locale):  # type: ignore[no-untyped-def]
    returnee, *_ = await _site(db)
    returnee.locale = locale
    db.add(returnee)
    await db.commit()
    context, page = await _phone(browser_page, locale)
    try:
        await page.goto(live_server + "/")
        jobs_link = page.locator(".nav a[href='/jobs']")
        await expect(jobs_link).to_be_hidden()  # the header holds the logo, the languages and the menu button
        header = await page.locator(".topbar").bounding_box()
        assert header is not None and header["height"] <= 70
        await page.locator(".menu > summary").click()
        await expect(jobs_link).to_be_visible()
        await expect(page.locator(".nav a[href='/login']")).to_be_visible()

        await log_in_page(page, live_server, returnee.email)
        await expect(page.locator(".nav a[href='/applications']")).to_be_hidden()
        await page.locator(".menu > summary").click()
        await expect(page.locator(".nav a[href='/applications']")).to_have_text(t("My applications", locale))
        await page.locator(".nav a[href='/applications']").click()
        await expect(page.locator("h1")).to_have_text(t("My applications", locale))
        await expect(page.locator(".nav a[href='/applications']")).to_be_hidden()  # a new page: menu closed again
    finally:
        await context.close()


@pytest.mark.parametrize("locale", LOCALES)
async def test_form_controls_and_navigation_links_are_at_least_44_px_high(browser_page, live_server, db, locale):  # type: ignore[no-untyped-def]
    _returnee, _org, welder, _mason = await _site(db)
    context, page = await _phone(browser_page, locale)
    try:
        pages = {
            "/signup": None,  # radios of the roles, text fields, the submit button
            "/jobs?q=soudeur": ".filters-toggle > summary",  # the filters: selects, a checkbox
            f"/jobs/{welder.public_id}": "#report summary",  # the report form: radios, a textarea
        }
        for path, opener in pages.items():
            await page.goto(live_server + path)
            await page.locator(".menu > summary").click()  # the menu's links count too
            if opener:
                await page.locator(opener).click()
            targets = await page.evaluate(TARGETS_JS)
            assert len(targets) >= 5, (path, targets)
            small = [target for target in targets if target["height"] < TAP]
            assert small == [], f"{path} ({locale}): targets under {TAP} px high: {small}"
            narrow = [target for target in targets if "hreflang" in target["what"] and target["width"] < TAP]
            assert narrow == [], f"{path}: language links under {TAP} px wide: {narrow}"
    finally:
        await context.close()


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_home_page_search_box_leads_to_job_results(browser_page, live_server, db, locale):  # type: ignore[no-untyped-def]
    _returnee, _org, welder, mason = await _site(db)
    context, page = await _phone(browser_page, locale)
    try:
        await page.goto(live_server + "/")
        search = page.locator("main form[role=search]")
        box = search.get_by_label(t("Job title, skill or words", locale))
        await expect(box).to_be_visible()
        top = await box.bounding_box()
        assert top is not None and top["y"] + top["height"] <= PHONE["height"]  # on the first screen
        await expect(page.locator(f"main a[href='/jobs/{mason.public_id}']")).to_be_visible()  # newest jobs listed
        await box.fill("soudeur")
        await search.get_by_role("button", name=t("Search", locale)).click()
        await page.wait_for_url("**/jobs?*q=soudeur*")
        results = page.locator("#results")
        await expect(results.locator(f"a[href='/jobs/{welder.public_id}']")).to_be_visible()
        await expect(results.locator(f"a[href='/jobs/{mason.public_id}']")).to_have_count(0)
        # The results come right after the search box: the filters wait behind their button.
        first = await results.locator(".job").first.bounding_box()
        assert first is not None and first["y"] < PHONE["height"], "the first result is below the first screen"
        await expect(page.locator(".filters-toggle #f-sector")).to_be_hidden()
        assert await page.evaluate("window.__csp") == []
    finally:
        await context.close()
