from __future__ import annotations

from matching.engine import TextEngine
from matching.text import merge_gender_pairs, split_gendered


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


def test_split_gendered_labels_keep_the_shared_rest() -> None:
    assert split_gendered("vendeur/vendeuse en articles de sport") == [
        "vendeur en articles de sport",
        "vendeuse en articles de sport",
    ]
    assert split_gendered("développeur web/développeuse web") == ["développeur web", "développeuse web"]
    assert merge_gender_pairs("Agent / Agente d'entretien") == "Agent d'entretien"
    assert merge_gender_pairs("Sales Rep / Account Executive") == "Sales Rep / Account Executive"


def test_classification_style_gendered_title_is_not_captured_by_a_bare_masculine(engine: TextEngine) -> None:
    # ESCO's "conducteur/conductrice de systèmes de transmission d'électricité" once gave a bare "conducteur"
    # label that every "Conducteur / Conductrice de …" title matched.
    top = engine.linker.link("Conducteur / Conductrice de bus urbain", k=1)
    assert top and top[0].label.startswith("conducteur d’autobus"), top


def test_sector_and_level_words_do_not_hide_the_job(engine: TextEngine) -> None:
    assert _top_label(engine, "Maçon N3 - secteur BTP, Dakar").startswith("maçon")
    assert "recrutement" in _top_label(engine, "Chargée de recrutement (CDI) - Abidjan")


def test_an_unknown_form_of_a_known_word_is_not_spell_corrected_into_another_job(engine: TextEngine) -> None:
    # "recruteur" is not an ESCO word but "recrutement" is: it must not become "recteur" (a university head).
    assert any("recrutement" in match.label for match in engine.linker.link("Recruteur / Recruteuse", k=3))


def _top_label(engine: TextEngine, title: str) -> str:
    matches = engine.linker.link(title, k=1)
    assert matches, title
    return matches[0].label


def test_job_board_titles_esco_does_not_list_find_their_occupation(engine: TextEngine) -> None:
    expected = {
        "Full Stack Developer (Remote)": "software developer",
        "Caregiver - Live-in, $18/hr": "home care aide",
        "Auxiliaire de vie H/F - Abidjan": "home care aide",
        "Electrician Apprentice": "electrician",
    }
    for title, label in expected.items():
        assert label in _top_labels(engine, title, k=2), (title, _top_labels(engine, title, k=2))


def test_occupation_autocomplete_knows_job_board_titles(engine: TextEngine) -> None:
    hits = engine.occupation_index.search("caregiv", k=5, lang="en")
    assert "home care aide" in {engine.taxonomy.occupation_by_uri[hit.id].label_en for hit in hits}, hits


def test_a_pay_rate_is_not_read_as_a_job_word(engine: TextEngine) -> None:
    top = _top_labels(engine, "Warehouse Associate 2nd Shift - $19/hr", k=3)
    assert top[0] == "warehouse worker", top
    assert not [label for label in top if "human resources" in label], top
