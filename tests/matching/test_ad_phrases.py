"""How job ads name skills ESCO words differently (soft skills as adjectives, licences, tool names) is understood.

Expectations are ESCO preferred English labels, resolved to URIs through the taxonomy (a typo fails the lookup).
"""

from __future__ import annotations

import pytest

from matching.engine import TextEngine

CASES: dict[str, set[str]] = {
    "Permis B obligatoire et bon esprit d'équipe.": {"drive vehicles", "work in teams"},
    "You are a reliable team player with strong problem-solving skills.": {"work in teams", "solve problems"},
    "Port des EPI et des chaussures de sécurité sur le chantier.": {"wear appropriate protective gear"},
    "Hands-on experience with Docker and AWS.": {"manage ICT virtualisation environments", "cloud technologies"},
    "Rigoureuse et autonome, vous maîtrisez le pack Office.": {
        "attend to detail",
        "work independently",
        "use microsoft office",
    },
}


@pytest.mark.parametrize("text", list(CASES))
def test_ad_phrase_finds_the_skill_it_names_in_the_top_5(engine: TextEngine, text: str) -> None:
    by_label = {skill.label_en: skill.uri for skill in engine.taxonomy.skills if skill.label_en in CASES[text]}
    assert set(by_label) == CASES[text], "unknown ESCO label"
    results = engine.extractor.extract(text, k=5)
    shown = [(match.label, match.span) for match in results]
    assert set(by_label.values()) <= {match.uri for match in results}, shown
    spans = [match.span for match in results if match.uri in by_label.values()]
    assert all(span and span in text for span in spans), shown
