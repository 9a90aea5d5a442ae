"""Employer A never sees employer B's applicants: not on the board, the application page, a status change or the API."""

from __future__ import annotations

import uuid

from sqlmodel import select

from sankofa.applications.models import Application
from tests.support.applications import apply_as, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import post_form
from tests.web.test_candidates_factories import PUBLIC_ID, SECRETS, leaked, make_returnee

NAME = SECRETS["full_name"]


async def _two_employers_one_applicant(client, db):
    _a, org_a = await make_employer(db, email="rh@a.example", name="Entreprise A")
    _b, org_b = await make_employer(db, email="rh@b.example", name="Entreprise B")
    vacancy_a = await make_vacancy(db, organisation=org_a, title="Maçon")
    vacancy_b = await make_vacancy(db, organisation=org_b, title="Électricien")
    await make_returnee(db, visible=False)
    assert (await apply_as(client, "amina@example.org", vacancy_a, "Pour A seulement")).status_code == 303
    application = (await db.exec(select(Application))).one()
    return str(vacancy_a.public_id), str(vacancy_b.public_id), application.id


async def test_the_employer_applied_to_sees_the_applicant_in_html_and_api(client, db):
    vacancy_a, _vacancy_b, application_id = await _two_employers_one_applicant(client, db)
    await switch_to(client, "rh@a.example")
    assert NAME in (await client.get(f"/employer/vacancies/{vacancy_a}/applications")).text
    assert NAME in (await client.get(f"/applications/{application_id}")).text
    api = (await client.get(f"/api/v1/employer/applications?vacancy={vacancy_a}")).json()
    assert [row["id"] for row in api["results"]] == [application_id]
    assert api["results"][0]["applicant"]["full_name"] == NAME
    assert api["results"][0]["message"] == "Pour A seulement"
    everything = (await client.get("/api/v1/employer/applications")).json()
    assert len(everything["results"]) == 1


async def test_another_employer_gets_not_found_everywhere_and_no_identity(client, db):
    vacancy_a, vacancy_b, application_id = await _two_employers_one_applicant(client, db)
    await switch_to(client, "rh@b.example")
    responses = [
        await client.get(f"/employer/vacancies/{vacancy_a}/applications"),
        await client.get(f"/applications/{application_id}"),
        await post_form(client, f"/employer/applications/{application_id}/status", {"status": "rejected"}, page="/"),
        await post_form(client, f"/applications/{application_id}/messages", {"body": "Bonjour"}, page="/"),
        await client.get(f"/api/v1/employer/applications?vacancy={vacancy_a}"),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    own_board = await client.get(f"/employer/vacancies/{vacancy_b}/applications")
    own_api = await client.get("/api/v1/employer/applications")
    assert own_board.status_code == 200 and own_api.json() == {"results": []}
    candidate = await client.get(f"/candidates/{PUBLIC_ID}")
    candidate_api = await client.get(f"/api/v1/profiles/{PUBLIC_ID}")
    for response in [*responses, own_board, own_api, candidate, candidate_api]:
        assert leaked(response.text) == set(), response.url
    assert (await db.exec(select(Application.status))).one() == "submitted"


async def test_other_returnees_and_other_roles_cannot_open_an_application(client, db):
    _vacancy_a, _vacancy_b, application_id = await _two_employers_one_applicant(client, db)
    await make_returnee(db, email="other@example.org", public_id=uuid.uuid4())
    await switch_to(client, "other@example.org")
    assert (await client.get(f"/applications/{application_id}")).status_code == 404
    assert (await client.get("/api/v1/applications")).json() == {"results": []}
    withdraw = await post_form(client, f"/applications/{application_id}/withdraw", {}, page="/applications")
    assert withdraw.status_code == 404
