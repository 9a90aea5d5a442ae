from __future__ import annotations

import time

from matching.engine import TextEngine
from matching.search import LabelIndex


def _welding(engine: TextEngine, uri: str) -> bool:
    skill = engine.taxonomy.skill_by_uri[uri]
    return "weld" in skill.label_en or "sold" in skill.label_en


def test_partial_and_misspelt_welding_queries_find_welding(engine: TextEngine) -> None:
    for query in ("soudur", "soudeur", "soduer", "welding", "wleding"):
        hits = engine.skill_index.search(query, k=5, lang="fr")
        assert hits, query
        assert any(_welding(engine, hit.id) for hit in hits), query


def test_accent_free_query_matches_accented_labels(engine: TextEngine) -> None:
    hits = engine.skill_index.search("comptabilite", k=3, lang="fr")
    assert hits[0].label == "comptabilité"


def test_french_display_label_for_english_query(engine: TextEngine) -> None:
    hits = engine.skill_index.search("welding", k=3, lang="fr")
    assert all(hit.label == engine.taxonomy.skill_by_uri[hit.id].label_fr for hit in hits)


def test_occupation_autocomplete(engine: TextEngine) -> None:
    hits = engine.occupation_index.search("plomb", k=5, lang="fr")
    assert any(engine.taxonomy.occupation_by_uri[h.id].label_en == "plumber" for h in hits)


def test_generic_index_over_custom_items() -> None:
    index = LabelIndex().fit([(1, {"fr": ["Électricien"]}), (2, {"fr": ["Plombier"], "en": ["plumber"]})])
    assert index.search("electr", k=1)[0].id == 1
    assert index.search("plumer", k=1)[0].id == 2
    assert index.search("", k=3) == []


def test_search_is_fast_enough_for_autocomplete(engine: TextEngine) -> None:
    queries = ["soud", "gestion de proj", "pyth", "comptab", "conduire un", "anglai", "maconerie", "sofware"]
    started = time.perf_counter()
    for query in queries * 5:
        engine.skill_index.search(query, k=10, lang="fr")
    assert (time.perf_counter() - started) / (len(queries) * 5) < 0.05
