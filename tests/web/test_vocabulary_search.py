"""Autocomplete for skills, occupations and places: typo- and accent-tolerant, FR/EN, through HTTP."""

from __future__ import annotations


async def test_skill_search_tolerates_typos_and_missing_accents(client):
    for query in ["soudure", "soduure", "soudure a l arc"]:
        response = await client.get("/api/v1/skills", params={"q": query, "lang": "fr"})
        assert response.status_code == 200
        labels = " ".join(r["label"] for r in response.json()["results"][:5]).lower()
        assert "soud" in labels, (query, labels)


async def test_occupation_search_in_english_and_french(client):
    english = await client.get("/api/v1/occupations", params={"q": "welder", "lang": "en"})
    assert any("welder" in r["label"].lower() for r in english.json()["results"][:3])
    french = await client.get("/api/v1/occupations", params={"q": "electricien", "lang": "fr"})
    assert any("électricien" in r["label"].lower() for r in french.json()["results"][:5])


async def test_place_search_finds_cities_with_typos(client):
    response = await client.get("/api/v1/places", params={"q": "Ouagadougu", "lang": "fr"})
    results = response.json()["results"]
    assert results and results[0]["id"].startswith("city:") and "Ouagadougou" in results[0]["label"]
    assert "Burkina Faso" in results[0]["label"]


async def test_empty_or_overlong_queries_are_handled(client):
    assert (await client.get("/api/v1/skills", params={"q": ""})).json()["results"] == []
    # Refused values answer 422 naming the field (web/errors.py), as the OpenAPI document says.
    too_long = await client.get("/api/v1/skills", params={"q": "x" * 500}, headers={"Accept-Language": "en"})
    assert too_long.status_code == 422
    assert too_long.json()["fields"] == {"q": "Use at most 200 characters."}
    bad_k = await client.get("/api/v1/skills", params={"q": "cuisine", "k": 0}, headers={"Accept-Language": "en"})
    assert bad_k.status_code == 422
    assert bad_k.json()["fields"] == {"k": "Enter a whole number between 1 and 50."}


async def test_suggestion_listbox_partial_is_keyboard_ready(client):
    response = await client.get("/suggest/skills", params={"field": "skill", "skill_text": "maçonnerie"})
    assert response.status_code == 200
    assert 'role="option"' in response.text and 'data-value="http://data.europa.eu/esco/skill/' in response.text
    assert (await client.get("/suggest/unknown", params={"q": "x"})).status_code == 404
