"""French prose must not surface skills that only share a stem, a generic word or an English-only label.

Expectations are ESCO preferred English labels, resolved to URIs through the taxonomy (a typo fails the lookup).
"""

from __future__ import annotations

import pytest

from matching.engine import TextEngine
from matching.text import stem

# Text → (false friends that must stay out of the top 3, right skills that must be in the top 5).
CASES: dict[str, tuple[set[str], set[str]]] = {
    "J'ai fait de la soudure à l'arc et du soudage TIG sur un chantier naval, et je lisais les plans.": (
        {"sing", "plan"},
        {"apply arc welding techniques", "perform tungsten inert gas welding"},
    ),
    "Je tenais la comptabilité d'un petit commerce et je préparais les déclarations de TVA.": (
        {"e-commerce systems"},
        {"accounting"},
    ),
}


def _uris(engine: TextEngine, labels: set[str]) -> set[str]:
    found = {skill.label_en: skill.uri for skill in engine.taxonomy.skills if skill.label_en in labels}
    assert set(found) == labels, f"unknown ESCO labels: {labels - set(found)}"
    return set(found.values())


@pytest.mark.parametrize("text", list(CASES))
def test_french_sentence_has_no_false_friends(engine: TextEngine, text: str) -> None:
    wrong, right = CASES[text]
    results = engine.extractor.extract(text, k=10)
    top3 = {match.uri for match in results[:3]}
    top5 = {match.uri for match in results[:5]}
    shown = [(match.label, match.span) for match in results[:5]]
    assert not top3 & _uris(engine, wrong), f"false friend in the top 3 of {text!r}: {shown}"
    assert _uris(engine, right) <= top5, f"right skill missing from the top 5 of {text!r}: {shown}"


def test_stemmer_keeps_distinct_words_apart() -> None:
    assert stem("chantier") != stem("chanter")
    assert stem("chantier") == stem("chantiers")
    assert stem("cuisinier") == stem("cuisiniere") == stem("cuisine")
    assert stem("charpentier") == stem("charpente")


def test_stemmer_joins_word_families_and_keeps_short_roots_apart() -> None:
    assert stem("poser") == stem("posez") == stem("posee") == stem("pose")
    assert stem("caring") == stem("care") != stem("car")
    assert stem("conduite") == stem("conduire") == stem("conducteur") == stem("conduisez")
    assert stem("peinture") == stem("peindre")
    assert stem("gestion") == stem("gerer")
    assert stem("negotiation") == stem("negotiate") == stem("negotiating")
    assert stem("evaluation") == stem("evaluer") == stem("evaluate")
    assert stem("flexibility") == stem("flexible")
    # French feminine forms still meet their masculine, and a diploma is not a diplomat.
    assert stem("avocate") == stem("avocat")
    assert stem("diplomee") != stem("diplomate")
    # Irregular families do not swallow look-alikes: leather is not cooking, cost is not sewing.
    assert stem("cuire") != stem("cuir")
    assert stem("couture") != stem("cout")


def test_a_cv_in_the_past_tense_finds_what_the_person_did(engine: TextEngine) -> None:
    # Returnees describe past work: « je réparais », « je changeais » are the imperfect of réparer / changer.
    results = engine.extractor.extract("Je réparais les moteurs et je changeais les pneus.", k=3)
    labels = {engine.taxonomy.skill_by_uri[match.uri].label_en for match in results}
    assert {"repair engines", "replace tyres"} <= labels, results
    assert stem("livrais") == stem("livraison") != stem("livres")  # delivering is not books
