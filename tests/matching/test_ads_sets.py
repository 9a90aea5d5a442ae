"""The hand-labelled job-ad sets stay usable: gold labels exist in ESCO, sentences are prose, not copied labels."""

from __future__ import annotations

from matching.engine import TextEngine
from matching.evaluate.ads import SKILL_SETS, TITLE_SETS, skill_queries, title_queries


def test_every_gold_skill_exists_and_no_sentence_copies_a_gold_label(engine: TextEngine) -> None:
    queries = skill_queries()
    assert {q.subset for q in queries} == set(SKILL_SETS)
    assert len(queries) >= 250
    copied = []
    for query in queries:
        assert query.relevant and query.relevant <= set(engine.taxonomy.skill_by_uri), query.text
        skills = [engine.taxonomy.skill_by_uri[uri] for uri in query.relevant]
        labels = {label.lower() for skill in skills for label in (skill.label_fr, skill.label_en)}
        if any(label in query.text.lower() for label in labels if len(label.split()) > 1):
            copied.append(query.text)
    # Real ads sometimes use ESCO's own words ("work in shifts"); the sets are mostly paraphrase.
    assert len(copied) <= 0.1 * len(queries), copied


def test_every_gold_occupation_exists(engine: TextEngine) -> None:
    queries = title_queries()
    assert {q.subset for q in queries} == set(TITLE_SETS)
    assert len(queries) >= 300
    occupations = {occupation.uri for occupation in engine.taxonomy.occupations}
    for query in queries:
        assert query.relevant and query.relevant <= occupations, query.text
