from __future__ import annotations

from matching.engine import TextEngine


def test_arc_welding_is_extracted_with_its_span(engine: TextEngine) -> None:
    text = "soudure à l'arc"
    matches = engine.extractor.extract(text, k=3)
    top = engine.taxonomy.skill_by_uri[matches[0].uri]
    assert "arc welding" in top.label_en or any("arc weld" in alt for alt in top.alt_en)
    assert matches[0].span == text


def test_spans_are_substrings_of_the_text(engine: TextEngine) -> None:
    text = "Experienced in Python, SQL and project management. Fluent in English and French."
    matches = engine.extractor.extract(text, k=10)
    assert matches
    assert all(m.span is None or m.span in text for m in matches)
    labels = {engine.taxonomy.skill_by_uri[m.uri].label_en for m in matches}
    assert "project management" in labels


def test_english_sentence_finds_medication_skills(engine: TextEngine) -> None:
    matches = engine.extractor.extract("We need a nurse to administer medication to patients.", k=5)
    assert any("medication" in engine.taxonomy.skill_by_uri[m.uri].label_en for m in matches)


def test_french_text_gets_french_labels(engine: TextEngine) -> None:
    matches = engine.extractor.extract("Je sais gérer les stocks et accueillir les clients.", k=3)
    assert matches
    assert matches[0].label == engine.taxonomy.skill_by_uri[matches[0].uri].label_fr


def test_scores_are_sorted_in_unit_interval(engine: TextEngine) -> None:
    matches = engine.extractor.extract("Maçon: coffrage, ferraillage et lecture de plans.", k=10)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_empty_and_garbage_texts_give_no_results(engine: TextEngine) -> None:
    assert engine.extractor.extract_many(["", "   ", "!!!"], k=5) == [[], [], []]
