from __future__ import annotations

from matching.engine import TextEngine


def _top_labels(engine: TextEngine, title: str, k: int = 3) -> list[str]:
    return [engine.taxonomy.occupation_by_uri[m.uri].label_en for m in engine.linker.link(title, k=k)]


# ESCO v1.1.1 has no "motor vehicle mechanic": car mechanics are "vehicle technician" (alt: car mechanic) or
# "vehicle maintenance attendant" (FR: mécanicien d'entretien en automobile).
CAR_MECHANICS = {"vehicle technician", "vehicle maintenance attendant"}


def test_car_mechanic_in_french_links_to_motor_vehicle_mechanic(engine: TextEngine) -> None:
    assert CAR_MECHANICS & set(_top_labels(engine, "mécanicien auto"))
    assert CAR_MECHANICS & set(_top_labels(engine, "car mechanic"))


def test_noisy_feminine_french_title_links_to_web_developer(engine: TextEngine) -> None:
    assert _top_labels(engine, "Développeuse web senior H/F - URGENT - Dakar", k=1) == ["web developer"]


def test_gendered_spellings_link_to_the_same_occupation(engine: TextEngine) -> None:
    variants = ["développeur web", "développeuse web", "développeur(se) web", "développeur·euse web", "developpeur web"]
    tops = {engine.linker.link(v, k=1)[0].uri for v in variants}
    assert len(tops) == 1


def test_abbreviations_are_expanded(engine: TextEngine) -> None:
    assert "human resources manager" in _top_labels(engine, "Resp. RH (m/w/d)")
    assert "cargo vehicle driver" in _top_labels(engine, "chauffeur PL - CDI")  # FR alt: chauffeur poids lourd


def test_typos_and_missing_accents_still_link(engine: TextEngine) -> None:
    assert "software developer" in _top_labels(engine, "sofware developper")
    assert "accountant" in _top_labels(engine, "comptable")


def test_scores_are_ranked_and_within_unit_interval(engine: TextEngine) -> None:
    matches = engine.linker.link("infirmière", k=10)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_label_follows_the_query_language(engine: TextEngine) -> None:
    assert engine.linker.link("soudeur", k=1)[0].label.startswith("soudeur")
    assert engine.linker.link("the welder", k=1)[0].label == "welder"


def test_empty_or_garbage_titles_give_no_results(engine: TextEngine) -> None:
    assert engine.linker.link_many(["", "   ", "H/F - CDI"], k=5) == [[], [], []]
