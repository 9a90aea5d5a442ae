"""The home page starts with a job search and shows the newest jobs near the visitor: a returnee's regions, the
country of the browser's language, or the place picked on the page; the site icon is served."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from sankofa.profiles.models import ReturneeProfile
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import make_returnee

JOB_LINK = re.compile(r'href="/jobs/([0-9a-f-]{36})"')


async def _jobs(db):  # type: ignore[no-untyped-def]
    """Three public jobs: Thiès (Senegal) and Dakar (Senegal) a day old, Casablanca (Morocco) the newest."""
    _user, org = await make_employer(db)
    day_ago = datetime.now(UTC) - timedelta(days=1)
    thies = await make_vacancy(db, organisation=org, title="Soudeur à Thiès", published_at=day_ago)
    dakar = await make_vacancy(
        db, organisation=org, title="Maçon à Dakar", location="Dakar", published_at=day_ago - timedelta(hours=1)
    )
    casablanca = await make_vacancy(db, organisation=org, title="Web developer", location="Casablanca")
    return thies, dakar, casablanca


def _listed(html: str) -> list[str]:
    return list(dict.fromkeys(JOB_LINK.findall(html)))


async def test_the_home_page_starts_with_a_job_search_box(client, db):
    await _jobs(db)
    page = (await client.get("/")).text
    main = page[page.index('<main id="main">') :]
    assert main.index('action="/jobs"') < main.index("<h2")  # the search comes before anything else
    assert 'name="q" type="search"' in main and 'name="place_text"' in main


async def test_anonymous_visitors_see_the_newest_jobs_of_the_country_their_browser_names(client, db):
    thies, dakar, casablanca = await _jobs(db)
    anywhere = await client.get("/", headers={"Accept-Language": "fr"})
    assert _listed(anywhere.text)[0] == str(casablanca.public_id)  # no hint: the newest anywhere

    senegal = await client.get("/", headers={"Accept-Language": "fr-SN,fr;q=0.9"})
    assert _listed(senegal.text) == [str(thies.public_id), str(dakar.public_id)]
    assert "Offres près de <bdi>Sénégal</bdi>" in senegal.text
    assert 'href="/jobs?place=country%3ASN"' in senegal.text


async def test_a_visitor_can_pick_the_country_to_see_jobs_in(client, db):
    _thies, _dakar, casablanca = await _jobs(db)
    morocco = await client.get("/?near=country:MA", headers={"Accept-Language": "fr-SN"})
    assert _listed(morocco.text) == [str(casablanca.public_id)]
    assert '<option value="country:MA" selected>Maroc</option>' in morocco.text
    unknown = await client.get("/?near=country:ZZ")
    assert unknown.status_code == 200 and _listed(unknown.text)[0] == str(casablanca.public_id)


async def test_a_signed_in_returnee_sees_the_jobs_of_their_regions_first(client, db):
    thies, dakar, _casablanca = await _jobs(db)
    user, profile = await make_returnee(db)  # region of return: Dakar
    await log_in(client, user.email)
    page = await client.get("/")
    assert page.status_code == 200 and "Bonjour" in page.text
    assert _listed(page.text) == [str(dakar.public_id)]
    assert 'href="/jobs?place=region%3ASN.01"' in page.text

    saved = (await db.exec(select(ReturneeProfile).where(ReturneeProfile.id == profile.id))).one()
    saved.mobility_regions = ["SN.01", "SN.07"]  # can also work in Thiès
    db.add(saved)
    await db.commit()
    wider = await client.get("/")
    assert _listed(wider.text) == [str(thies.public_id), str(dakar.public_id)]


async def test_an_employer_dashboard_has_no_job_search(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    page = await client.get("/")
    assert page.status_code == 200 and 'id="h-near"' not in page.text


async def test_the_site_icon_is_served_at_the_root(client):
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/")
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = (await client.get("/")).text
    assert '<link rel="icon" href="/favicon.ico"' in page and 'href="/static/logo.svg"' in page
    assert (await client.get("/static/logo.svg")).status_code == 200
