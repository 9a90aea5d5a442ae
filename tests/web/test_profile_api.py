"""The returnee's profile through the JSON API: wrong ids get a 422 naming the field."""

from __future__ import annotations

from sankofa.reference import vocabulary
from tests.support.web import PASSWORD, csrf, make_user


async def _api_client(client, db):
    await make_user(db, email="api-returnee@example.org", name="Api Returnee")
    token = await csrf(client)
    session = await client.post(
        "/api/v1/session",
        json={"email": "api-returnee@example.org", "password": PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    return {"X-CSRF-Token": session.json()["csrf_token"]}


async def test_unknown_skill_id_gets_422_with_the_field_named(client, db):
    headers = await _api_client(client, db)
    response = await client.post(
        "/api/v1/profile/skills", json={"skills": ["http://data.europa.eu/esco/skill/x"]}, headers=headers
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["skill"]


async def test_unknown_occupation_id_gets_422_and_valid_fields_are_not_lost(client, db):
    headers = await _api_client(client, db)
    bad = await client.put(
        "/api/v1/profile/wishes",
        json={"desired_occupations": ["http://data.europa.eu/esco/occupation/x"], "sectors": ["construction"]},
        headers=headers,
    )
    assert bad.status_code == 422 and "desired_occupations" in bad.json()["fields"]
    welder = vocabulary.link_occupation("welder", locale="en", k=1)[0].id
    good = await client.put(
        "/api/v1/profile/wishes", json={"desired_occupations": [welder], "sectors": ["construction"]}, headers=headers
    )
    assert good.status_code == 200
    body = good.json()
    assert [o["uri"] for o in body["desired_occupations"]] == [welder] and body["sectors"] == ["construction"]


async def test_adding_skills_and_reading_the_profile_back(client, db):
    headers = await _api_client(client, db)
    skill = vocabulary.search_skills("souder", locale="fr", k=1)[0].id
    added = await client.post(
        "/api/v1/profile/skills", json={"skills": [skill], "level": "expert", "acquired": "host"}, headers=headers
    )
    assert added.status_code == 200
    me = (await client.get("/api/v1/profile")).json()
    assert me["skills"][0]["uri"] == skill and me["skills"][0]["level"] == "expert"
    assert me["skills"][0]["validated"] is False
    assert 0 < me["completeness"] < 100 and me["next_steps"]


async def test_analyse_refuses_text_over_50000_characters(client, db):
    headers = await _api_client(client, db)
    response = await client.post("/api/v1/profile/analyse", json={"text": "a" * 50_001}, headers=headers)
    assert response.status_code == 422 and "text" in response.json()["fields"]
    ok = await client.post(
        "/api/v1/profile/analyse", json={"text": "I cooked meals and managed the kitchen stock."}, headers=headers
    )
    assert ok.status_code == 200 and ok.json()["skills"]
