"""French text meets skills through French bags of stems translated from ESCO's English labels."""

from __future__ import annotations

from matching.bilingual import fit_translations, translate
from matching.engine import TextEngine


def test_translations_come_from_consistent_co_occurrence() -> None:
    pairs = [
        ("weld pipes", "souder des tuyaux"),
        ("weld metal", "souder du métal"),
        ("weld steel", "souder de l'acier"),
        ("cut metal", "couper du métal"),
        ("cut pipes", "couper des tuyaux"),
        ("cut steel", "couper de l'acier"),
    ]
    translations = fit_translations(pairs)
    assert translations["weld"] == "soud"
    assert translations["cut"] == "coup"
    assert translate(["weld", "pipe"], translations) is None  # "pipe" is seen in only two pairs
    assert translate(["cut", "weld"], translations) == ["coup", "soud"]


def test_a_french_paraphrase_of_an_english_only_label_is_found(engine: TextEngine) -> None:
    # ESCO's French labels are « couper du tissu » and « travailler en équipe »; "cut fabrics" has the English
    # alternatives, and "work in groups" is English only.
    for text, label in (("Découpe des tissus.", "cut fabrics"), ("Capacité à travailler en groupe.", "work in teams")):
        top = engine.extractor.extract(text, k=1)
        assert top and engine.taxonomy.skill_by_uri[top[0].uri].label_en == label, (text, top)
        assert top[0].span and top[0].span in text
