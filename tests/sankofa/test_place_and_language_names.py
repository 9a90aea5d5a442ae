"""Places and languages are named as a reader of the page's language expects, and inserted names are isolated from
right-to-left text."""

from __future__ import annotations

import pytest

from sankofa.core import choices
from sankofa.core.i18n import use_locale
from sankofa.reference import place_names as local_place_names
from sankofa.reference import vocabulary
from web import template_helpers

SFAX_REGION = "region:TN.32"
SFAX_CITY = "city:2467454"
THIES_CITY = "city:2244802"
MBOUR_CITY = "city:2248477"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr", "Gouvernorat de Sfax, Tunisie"), ("en", "Sfax Governorate, Tunisia"), ("ar", "Sfax, تونس")],
)
def test_a_tunisian_governorate_is_named_in_the_page_language(locale, expected):
    assert vocabulary.place_label(SFAX_REGION, locale=locale) == expected


def test_french_pages_use_french_names_for_places_known_under_another_form():
    assert local_place_names.region_name("Algiers", country="DZ", locale="fr") == "Alger"
    assert local_place_names.region_name("Red Sea", country="EG", locale="fr") == "Mer Rouge"
    assert local_place_names.region_name("Eastern Province", country="SL", locale="fr") == "Province de l'Est"
    assert local_place_names.region_name("Ariana Governorate", country="TN", locale="fr") == "Gouvernorat d'Ariana"
    assert local_place_names.region_name("Medea", country="DZ", locale="fr") == "Médéa"  # ISO 3166-2 accents
    assert local_place_names.region_name("Matruh", country="EG", locale="fr") == "Matruh"  # not "Maţrūḩ"
    assert local_place_names.city_name("Cairo", country="EG", locale="fr") == "Le Caire"
    assert local_place_names.city_name("Cairo", country="EG", locale="en") == "Cairo"
    for label in (vocabulary.place_label(f"region:{code}", locale="fr") for code in ("TN.02", "TN.36", "SL.01")):
        assert label is not None and "Governorate" not in label and "Province," not in label


def test_a_city_named_like_its_region_is_named_once():
    assert vocabulary.place_label(THIES_CITY, locale="fr") == "Thiès, Sénégal"
    assert vocabulary.place_label(SFAX_CITY, locale="fr") == "Sfax, Tunisie"
    assert vocabulary.place_label(MBOUR_CITY, locale="fr") == "Mbour, Thiès, Sénégal"


@pytest.mark.parametrize(("locale", "expected"), [("fr", "berbère"), ("en", "Berber"), ("ar", "الأمازيغية")])
def test_berber_has_a_name_in_every_language_not_its_code(locale, expected):
    with use_locale(locale):
        assert expected in choices.language_name("ber")
        assert expected in choices.languages()["ber"]
        assert choices.language_name("wo") not in ("", "wo")
    assert "ber" in choices.all_language_codes()  # a vacancy or a profile may ask for it


def test_place_parts_are_isolated_and_joined_with_the_arabic_comma_on_arabic_pages():
    with use_locale("ar"):
        html = str(template_helpers.place("Mbour, Thiès, السّنغال"))
    assert html == "<bdi>Mbour</bdi>، <bdi>Thiès</bdi>، <bdi>السّنغال</bdi>"
    with use_locale("fr"):
        assert (
            str(template_helpers.place("Mbour, <b>Thiès</b>"))
            == "<bdi>Mbour</bdi>, <bdi>&lt;b&gt;Thiès&lt;/b&gt;</bdi>"
        )
        assert str(template_helpers.percent(46)) == '<bdi class="nowrap">46\xa0%</bdi>'


def test_avatars_show_initials_in_a_colour_that_stays_with_the_name():
    assert template_helpers.initials("Aminata Sow") == "AS"
    assert template_helpers.initials("Atelier de la Côte") == "AC"
    assert template_helpers.initials("baobab") == "B"
    assert template_helpers.initials("") == "?"
    first = template_helpers.avatar("Baobab BTP", kind="org")
    assert first == template_helpers.avatar("Baobab BTP", kind="org") and ">BB</span>" in first
    tones = {template_helpers.avatar_tone(f"Employer {n}") for n in range(60)}
    assert tones == set(range(1, template_helpers.AVATAR_TONES + 1))
