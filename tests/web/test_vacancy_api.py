"""A firm's HR system manages its vacancies with an API key: upsert by reference, per-item errors, isolation."""

from __future__ import annotations

from sqlmodel import select

from sankofa.organisations import api_keys
from sankofa.organisations.models import ApiKey
from sankofa.vacancies.models import Vacancy, VacancyStatus
from tests.support.imports import good_row
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import csrf, log_in


async def _key(db, user) -> str:  # type: ignore[no-untyped-def]
    _row, secret = await api_keys.create(db, user=user, name="SIRH")
    await db.commit()
    return secret


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


async def test_calls_without_a_key_or_with_a_revoked_key_get_401(client, db):
    user, _org = await make_employer(db)
    assert (await client.get("/api/v1/vacancies")).status_code == 401
    assert (await client.get("/api/v1/vacancies", headers=_auth("sk_live_made-up"))).status_code == 401
    secret = await _key(db, user)
    assert (await client.get("/api/v1/vacancies", headers=_auth(secret))).status_code == 200
    key = (await db.exec(select(ApiKey))).one()
    await api_keys.revoke(db, user=user, key_id=key.id)
    await db.commit()
    response = await client.post("/api/v1/vacancies", json={"vacancies": [good_row(1)]}, headers=_auth(secret))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "API key" in response.json()["error"]


async def test_items_are_upserted_by_reference_with_errors_per_item(client, db):
    user, org = await make_employer(db)
    secret = await _key(db, user)
    broken = {**good_row(2), "salary_min": "-10", "deadine": "2027-01-01"}
    skills_as_list = {**good_row(3), "required_skills": ["lire des plans standard", "comptabilité"]}
    body = {"vacancies": [good_row(1), broken, skills_as_list], "publish": True}
    first = (await client.post("/api/v1/vacancies", json=body, headers=_auth(secret))).json()
    assert (first["created"], first["errors"]) == (2, 1)
    assert [item["status"] for item in first["items"]] == ["created", "error", "created"]
    assert set(first["items"][1]["errors"]) == {"salary_min", "deadine"}

    again = (await client.post("/api/v1/vacancies", json=body, headers=_auth(secret))).json()
    assert (again["created"], again["unchanged"]) == (0, 2)
    changed = {"vacancies": [{**good_row(1), "title": "Chef soudeur"}]}
    updated = (await client.post("/api/v1/vacancies", json=changed, headers=_auth(secret))).json()
    assert updated["items"][0]["status"] == "updated"
    vacancies = (await db.exec(select(Vacancy).where(Vacancy.organisation_id == org.id))).all()
    assert len(vacancies) == 2

    one = (await client.get("/api/v1/vacancies/REF-00003", headers=_auth(secret))).json()
    assert one["status"] == "published" and len(one["required_skills"]) == 2
    drafts = (await client.get("/api/v1/vacancies?status=draft", headers=_auth(secret))).json()
    assert drafts["total"] == 0
    closed = await client.post("/api/v1/vacancies/REF-00003/close", headers=_auth(secret))
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


async def test_a_malformed_envelope_is_a_422_and_an_oversized_batch_is_refused(client, db):
    user, _org = await make_employer(db)
    secret = await _key(db, user)
    for body in ({"vacancy": []}, {"vacancies": "x"}, {"vacancies": []}, {"vacancies": [good_row(1)] * 1001}):
        response = await client.post("/api/v1/vacancies", json=body, headers=_auth(secret))
        assert response.status_code == 422, body
        assert "1 to 1,000 items" in response.json()["error"]


async def test_a_key_of_one_employer_never_reaches_another_employers_vacancy(client, db):
    user_a, _org_a = await make_employer(db)
    _user_b, org_b = await make_employer(db, email="rh@bois.example", name="Bois du Sahel")
    theirs = await make_vacancy(db, organisation=org_b, external_ref="SHARED-1")
    secret = await _key(db, user_a)
    assert (await client.get("/api/v1/vacancies/SHARED-1", headers=_auth(secret))).status_code == 404
    assert (await client.post("/api/v1/vacancies/SHARED-1/close", headers=_auth(secret))).status_code == 404
    assert (await client.get("/api/v1/vacancies", headers=_auth(secret))).json()["total"] == 0
    # The same reference in A's batch creates A's own vacancy; B's is untouched.
    body = {"vacancies": [{**good_row(1), "external_ref": "SHARED-1", "title": "Pirate"}]}
    result = (await client.post("/api/v1/vacancies", json=body, headers=_auth(secret))).json()
    assert result["items"][0]["status"] == "created"
    await db.refresh(theirs)
    assert theirs.title != "Pirate" and theirs.status == VacancyStatus.PUBLISHED


async def test_owners_create_a_key_shown_once_and_revoke_it_in_the_browser(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    token = await csrf(client, "/employer/api-keys")
    created = await client.post("/employer/api-keys", data={"_csrf": token, "name": "SIRH paie"})
    assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
    secret = created.text.split('<code class="secret">')[1].split("<")[0]
    assert secret.startswith("sk_live_")
    listing = await client.get("/employer/api-keys")
    assert "SIRH paie" in listing.text and secret not in listing.text
    key = (await db.exec(select(ApiKey))).one()
    assert key.key_hash == api_keys.key_hash(secret)
    revoked = await client.post(f"/employer/api-keys/{key.id}/revoke", data={"_csrf": token})
    assert revoked.status_code == 303
    assert (await client.get("/api/v1/vacancies", headers=_auth(secret))).status_code == 401
