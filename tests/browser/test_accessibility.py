"""axe-core on the main pages of each role, on a 360 px phone, in French and in Arabic: no serious or critical
violation. The counts per page are printed (pytest -s) for the figures in notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import PHONE
from tests.support.applications import make_application
from tests.support.browser import log_in as log_in_page
from tests.support.vacancies import make_employer, make_vacancy
from tests.web.test_candidates_factories import make_returnee
from tests.web.test_partner_case_files import agreement, caseworker

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING = {"serious", "critical"}


@pytest.fixture
async def phone(browser_page):  # type: ignore[no-untyped-def]
    """Opens 360 px pages whose CSP lets the injected axe script run (the pages' CSP allows no inline script).

    Only this audit bypasses the CSP; every other browser test runs under it, so a blocked style still shows.
    """
    contexts = []

    async def open_page():  # type: ignore[no-untyped-def]
        context = await browser_page.context.browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
        contexts.append(context)
        return await context.new_page()

    yield open_page
    for context in contexts:
        await context.close()


async def _violations(page, url: str) -> list[dict]:  # type: ignore[no-untyped-def]
    response = await page.goto(url)
    assert response is not None and response.status == 200, url
    await page.add_script_tag(content=AXE)
    result = await page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " target: v.nodes[0] && v.nodes[0].target.join(' ')}))"
    )
    return list(result)


async def _audit(page, base: str, paths: list[str]) -> dict[str, list[dict]]:  # type: ignore[no-untyped-def]
    """Serious or critical violations per page, in French then Arabic (the language is kept by ?lang=)."""
    blocking: dict[str, list[dict]] = {}
    for lang in ("fr", "ar"):
        for path in paths:
            url = f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"
            found = await _violations(page, url)
            print(f"axe {lang} {path}: {len(found)} violations, {[v['id'] for v in found]}")
            serious = [v for v in found if v["impact"] in BLOCKING]
            if serious:
                blocking[f"{lang} {path}"] = serious
    return blocking


async def test_public_pages_have_no_serious_accessibility_violation(phone, live_server, db):  # type: ignore[no-untyped-def]
    browser_page = await phone()
    _employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    paths = ["/", "/jobs?q=soudeur", f"/jobs/{vacancy.public_id}", "/login", "/signup", "/about"]
    assert await _audit(browser_page, live_server, paths) == {}


async def test_returnee_pages_have_no_serious_accessibility_violation(phone, live_server, db):  # type: ignore[no-untyped-def]
    browser_page = await phone()
    user, profile = await make_returnee(db)
    _employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    application = await make_application(db, vacancy=vacancy, profile=profile)
    await log_in_page(browser_page, live_server, user.email)
    steps = [f"/profiles/{profile.public_id}/edit/{step}" for step in ("about", "experience", "skills", "wishes")]
    paths = ["/", "/profile", *steps, "/applications", f"/applications/{application.id}", "/recommendations"]
    assert await _audit(browser_page, live_server, paths) == {}


async def test_employer_and_partner_pages_have_no_serious_accessibility_violation(phone, live_server, db):  # type: ignore[no-untyped-def]
    browser_page = await phone()
    employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await log_in_page(browser_page, live_server, employer.email)
    paths = [
        "/",
        "/employer/vacancies",
        "/employer/vacancies/new",
        f"/employer/vacancies/{vacancy.public_id}/candidates",
        "/candidates",
        "/employer/imports",
    ]
    assert await _audit(browser_page, live_server, paths) == {}

    partner_org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    await agreement(db, partner_org, ["identity", "professional", "needs"])
    partner = await phone()
    await log_in_page(partner, live_server, "case@ong.example")
    assert await _audit(partner, live_server, ["/", "/partner/returnees"]) == {}
