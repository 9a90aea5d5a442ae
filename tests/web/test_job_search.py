"""Job search: French and English stemming, accents, typos, every filter, the public rule, bad input, fit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sankofa.organisations.models import OrgStatus
from sankofa.vacancies.models import VacancyStatus
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import bricks_uri, make_returnee, welding_uri

THIES = "city:2244802"
DIAMNIADIO = "city:2595640"  # 28.5 km from Thiès, in the Dakar region


async def titles(client, **params) -> list[str]:
    response = await client.get("/api/v1/jobs", params=params)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_french_stemming_finds_soudeur_from_soudeurs(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    await make_vacancy(db, organisation=org, title="Comptable", description="Tenue des comptes d'une PME à Thiès.")
    assert await titles(client, q="soudeurs") == ["Soudeur"]


async def test_english_stemming_finds_welder_from_welders(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Welder", description="Arc welding of steel frames in Thiès.")
    await make_vacancy(db, organisation=org, title="Cook", description="Cooking for a hotel restaurant in Thiès.")
    assert await titles(client, q="welders") == ["Welder"]


async def test_a_word_typed_without_accents_finds_the_accented_title(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Mécanicien automobile", description="Entretien de véhicules.")
    assert await titles(client, q="mecanicien") == ["Mécanicien automobile"]


async def test_a_typo_still_finds_the_job(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    await make_vacancy(db, organisation=org, title="Mécanicien auto", description="Entretien de véhicules.")
    await make_vacancy(db, organisation=org, title="Comptable", description="Tenue des comptes d'une PME à Thiès.")
    assert await titles(client, q="sodeur") == ["Soudeur"]
    assert await titles(client, q="mecanicein") == ["Mécanicien auto"]


async def test_the_best_match_comes_first(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Chef d'atelier", description="Encadre les soudeurs de l'atelier.")
    await make_vacancy(db, organisation=org, title="Soudeur")
    assert (await titles(client, q="soudeur"))[0] == "Soudeur"


async def test_region_filter(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="In Thiès", location=THIES)
    await make_vacancy(db, organisation=org, title="In Diamniadio", location=DIAMNIADIO)
    assert await titles(client, place="region:SN.07") == ["In Thiès"]


async def test_distance_from_a_city(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="In Diamniadio", location=DIAMNIADIO)
    await make_vacancy(db, organisation=org, title="In Ziguinchor", location="Ziguinchor")
    assert await titles(client, place=THIES, radius_km="50") == ["In Diamniadio"]
    assert await titles(client, place=THIES, radius_km="10") == []


async def test_sector_contract_and_remote_filters(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Builder", sector="construction", contract_type="seasonal")
    await make_vacancy(db, organisation=org, title="Developer", sector="ict", work_mode="remote")
    assert await titles(client, sector="construction") == ["Builder"]
    assert await titles(client, contract="seasonal") == ["Builder"]
    assert await titles(client, work_mode="remote") == ["Developer"]


async def test_salary_filter_keeps_jobs_paying_enough_in_that_currency(client, db):
    _, org = await make_employer(db)
    await make_vacancy(
        db, organisation=org, title="Well paid", salary_min="200000", salary_max="300000", salary_currency="XOF"
    )
    await make_vacancy(
        db, organisation=org, title="Low paid", salary_min="80000", salary_max="100000", salary_currency="XOF"
    )
    await make_vacancy(
        db, organisation=org, title="In euros", salary_min="2000", salary_max="3000", salary_currency="EUR"
    )
    await make_vacancy(db, organisation=org, title="No salary")
    assert await titles(client, salary_min="250000", currency="XOF") == ["Well paid"]


async def test_posted_since_and_open_to_abroad_filters(client, db):
    _, org = await make_employer(db)
    old = datetime.now(UTC) - timedelta(days=10)
    await make_vacancy(db, organisation=org, title="Old offer", published_at=old, open_to_abroad="yes")
    await make_vacancy(db, organisation=org, title="New offer")
    assert await titles(client, since="7") == ["New offer"]
    assert await titles(client, abroad="1") == ["Old offer"]


async def test_newest_first_without_words(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Older", published_at=datetime.now(UTC) - timedelta(days=2))
    await make_vacancy(db, organisation=org, title="Newer")
    assert await titles(client) == ["Newer", "Older"]


async def test_a_suspended_employers_vacancies_vanish_at_once(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    assert await titles(client, q="soudeur") == ["Soudeur"]
    org.status = OrgStatus.SUSPENDED
    db.add(org)
    await db.commit()
    assert await titles(client, q="soudeur") == []
    assert "Soudeur" not in (await client.get("/jobs", params={"q": "soudeur"})).text


async def test_only_published_current_vacancies_of_verified_employers_show(client, db):
    _, org = await make_employer(db)
    _, unverified = await make_employer(db, email="rh@new.example", name="New Firm", status=OrgStatus.UNVERIFIED)
    await make_vacancy(db, organisation=org, title="Soudeur public")
    await make_vacancy(db, organisation=org, title="Soudeur draft", status=VacancyStatus.DRAFT)
    await make_vacancy(db, organisation=org, title="Soudeur closed", status=VacancyStatus.CLOSED)
    await make_vacancy(db, organisation=org, title="Soudeur removed", status=VacancyStatus.REMOVED)
    expired = await make_vacancy(db, organisation=org, title="Soudeur expired")
    expired.deadline = date.today() - timedelta(days=1)
    db.add(expired)
    await db.commit()
    await make_vacancy(db, organisation=unverified, title="Soudeur unverified")
    assert await titles(client, q="soudeur") == ["Soudeur public"]
    assert await titles(client) == ["Soudeur public"]


async def test_invalid_parameters_get_a_422_with_the_message(client, db):
    bad = {"radius_km": "abc", "page": "0", "sector": "spaceflight", "place": "city:2244802"}
    english = {"Accept-Language": "en"}
    response = await client.get("/api/v1/jobs", params=bad, headers=english)
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"radius_km", "page", "sector"}
    assert "between 1 and 500" in fields["radius_km"]
    page = await client.get("/jobs", params=bad, headers=english)
    assert page.status_code == 422
    assert "“spaceflight” is not one of the choices offered." in page.text
    assert 'aria-invalid="true" aria-describedby="e-radius_km"' in page.text
    salary = await client.get("/api/v1/jobs", params={"salary_min": "1000"})
    assert salary.status_code == 422 and "currency" in salary.json()["fields"]


async def test_the_page_shows_results_count_and_pager(client, db):
    _, org = await make_employer(db)
    for number in range(21):
        await make_vacancy(db, organisation=org, title=f"Soudeur {number}")
    page = await client.get("/jobs", params={"q": "soudeur"}, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert "21 jobs" in page.text
    assert 'href="/jobs?q=soudeur&amp;page=2"' in page.text
    second = await client.get("/api/v1/jobs", params={"q": "soudeur", "page": "2"})
    assert len(second.json()["items"]) == 1 and second.json()["total"] == 21


async def test_htmx_search_answers_only_the_results_block(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur")
    response = await client.get(
        "/jobs", params={"q": "soudeur"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "Soudeur" in response.text and "<html" not in response.text


async def test_the_api_shows_public_fields_only(client, db):
    _, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, title="Soudeur")
    item = (await client.get("/api/v1/jobs")).json()["items"][0]
    assert item["id"] == str(vacancy.public_id)
    assert item["employer"] == "Acier du Sahel"
    assert "organisation_id" not in item and "content_hash" not in item and "external_ref" not in item


async def test_a_returnee_sees_why_a_job_fits(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur", required_skills=[bricks_uri(), welding_uri()])
    user, _profile = await make_returnee(db, locale="en")
    await log_in(client, user.email)
    page = await client.get("/jobs", params={"q": "soudeur"})
    assert "you have 1 of 2 required skills" in page.text
    item = (await client.get("/api/v1/jobs", params={"q": "soudeur"})).json()["items"][0]
    assert item["fit"]["score"] == 0.5 and len(item["fit"]["missing_required"]) == 1


async def test_sort_by_fit_puts_the_best_fitting_job_first(client, db):
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur A", required_skills=[welding_uri()])
    await make_vacancy(db, organisation=org, title="Soudeur B", required_skills=[bricks_uri()])
    user, _profile = await make_returnee(db)
    await log_in(client, user.email)
    assert await titles(client, q="soudeur", sort="fit") == ["Soudeur B", "Soudeur A"]
