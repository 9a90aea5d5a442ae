"""Places typed as text are linked only when the name is certain; otherwise the value is named with the closest
known places. The vacancy form, the JSON API and the CSV import all read places this way (`vacancy_fields.parse`)."""

from __future__ import annotations

import pytest

from sankofa.core.i18n import use_locale
from sankofa.reference import place_resolution, vocabulary
from sankofa.vacancies import fields as vacancy_fields

THIES = "city:2244802"
TOUBA_SN, TOUBA_CI = "city:2244322", "city:2280376"
HAMMAMET_TN, HAMMAMET_DZ = "city:2473744", "city:2494548"


def _linked(text: str) -> str | None:
    return place_resolution.resolve(text, locale="fr").place_id


def _label(place_id: str) -> str:
    label = vocabulary.place_label(place_id, locale="fr")
    assert label is not None
    return label


@pytest.mark.parametrize(
    ("typed", "place_id"),
    [
        ("Thiès", THIES),
        ("thies", THIES),  # case and accents do not matter
        ("Thiès, Sénégal", THIES),
        ("Thiès, Thiès, Senegal", THIES),
        (THIES, THIES),
        ("St Louis", "city:2246452"),  # a spelling GeoNames lists for Saint-Louis
        ("Alger", "city:2507480"),
        ("Sénégal", "country:SN"),
        ("Casablanca-Settat", "region:MA.06"),
        ("Diourbel", "city:2252309"),  # the city, not the region around it
        ("Région de Dakar", "region:SN.01"),  # ... unless the region is what is written
        ("Gouvernorat de Sfax", "region:TN.32"),
        ("Wilaya d'Oran", "region:DZ.09"),
        ("Sfax, Gouvernorat de Sfax, Tunisie", "city:2467454"),  # the French label, typed back
        # Namesakes: the far more populous one, unless the country says otherwise.
        ("Touba", TOUBA_SN),
        ("Touba, Côte d'Ivoire", TOUBA_CI),
        ("Touba, CI", TOUBA_CI),
        ("Kindia", "city:2419533"),  # Guinea's city, not Kindi (Burkina Faso) that GeoNames also spells Kindia
        ("Porto-Novo", "city:2392087"),  # Benin's capital, not the small town of Cabo Verde
    ],
)
def test_a_known_name_is_linked_to_its_place(typed, place_id):
    assert _linked(typed) == place_id


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Atlantide-sur-Mer", "city:2504622"),  # Beni Mered, where it was published, silently
        ("Ziguinchr", "city:2243940"),  # a typo is suggested, not taken
        ("Dakkar", "city:2253354"),
        ("Thiès, Mali", THIES),  # the name is known, but not in that country
        ("Paris", "city:2285256"),  # Paris Léona: a prefix of a name is not the name
    ],
)
def test_a_name_that_is_not_certain_is_refused_with_the_closest_places(typed, suggested):
    match = place_resolution.resolve(typed, locale="fr")
    assert match.place_id is None and not match.ambiguous
    assert _label(suggested) in match.suggestions
    assert len(match.suggestions) <= place_resolution.SUGGESTED


def test_namesakes_of_similar_size_are_refused_until_the_country_is_given():
    match = place_resolution.resolve("Hammamet", locale="fr")
    assert match.place_id is None and match.ambiguous
    assert set(match.suggestions) == {_label(HAMMAMET_TN), _label(HAMMAMET_DZ)}
    assert _linked("Hammamet, Tunisie") == HAMMAMET_TN
    assert _linked("Hammamet, Algeria") == HAMMAMET_DZ


def test_gibberish_is_refused_without_suggestions():
    assert place_resolution.resolve("Xqzwvv Ploumf", locale="fr") == place_resolution.PlaceMatch(None)


def test_the_shared_parser_names_the_value_and_the_places_it_may_mean():
    form = {"title": "Soudeur", "location": "Atlantide-sur-Mer"}
    with use_locale("fr"):
        values, errors = vacancy_fields.parse(form, locale="fr")
    assert values is None
    nearest = place_resolution.resolve("Atlantide-sur-Mer", locale="fr").suggestions
    assert errors["location"] == (
        "«\xa0Atlantide-sur-Mer\xa0» n'a pas été reconnu comme un lieu. Lieux connus les plus proches\xa0: "
        + "; ".join(nearest)
        + "."
    )
    assert _label("city:2504622") in errors["location"]
    with use_locale("en"):
        _values, errors = vacancy_fields.parse({**form, "location": "Hammamet"}, locale="en")
    assert errors["location"].startswith("Several places are called “Hammamet”: Hammamet, ")
    assert errors["location"].endswith("Add the country after a comma, like “Hammamet, Tunisia”.")


def test_an_import_resolves_each_distinct_place_once(monkeypatch):
    calls: list[str] = []
    real = place_resolution.resolve

    def counting(text: str, *, locale: str) -> place_resolution.PlaceMatch:
        calls.append(text)
        return real(text, locale=locale)

    monkeypatch.setattr(place_resolution, "resolve", counting)
    forms = [{"title": "Soudeur", "location": place} for place in ["Thiès", "Dakar", "Thiès", "Ziguinchr"] * 50]
    memo: vacancy_fields.LinkMemo = {}
    vacancy_fields.prelink(forms, locale="fr", memo=memo)
    results = [vacancy_fields.parse(form, locale="fr", memo=memo) for form in forms]
    assert sorted(calls) == ["Dakar", "Thiès", "Ziguinchr"]
    assert sum(1 for values, _errors in results if values is None) == 50
