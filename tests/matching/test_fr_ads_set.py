"""The hand-labelled French job-ad set stays usable: every gold label is an ESCO skill, every sentence is prose."""

from __future__ import annotations

from matching.engine import TextEngine
from matching.evaluate.fr_ads import load


def test_every_gold_skill_exists_and_no_sentence_copies_a_gold_label(engine: TextEngine) -> None:
    queries = load()
    assert len(queries) == 24
    for query in queries:
        assert query.relevant and query.relevant <= set(engine.taxonomy.skill_by_uri)
        labels = {engine.taxonomy.skill_by_uri[uri].label_fr.lower() for uri in query.relevant}
        assert not any(label in query.text.lower() for label in labels if len(label.split()) > 1), query.text
