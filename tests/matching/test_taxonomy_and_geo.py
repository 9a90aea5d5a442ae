from __future__ import annotations

from pathlib import Path

import pytest

from matching import geo
from matching.engine import TextEngine
from matching.taxonomy import Taxonomy

SHARED_ESCO = Path("/work/shared/data/esco")


def test_shipped_taxonomy_has_everything(engine: TextEngine) -> None:
    taxonomy = engine.taxonomy
    assert len(taxonomy.occupations) == 3007
    assert len(taxonomy.skills) == 13896
    assert sum(len(v) for v in taxonomy.occupation_skills.values()) == 123855
    assert taxonomy.isco_groups["2512"].label_en
    assert taxonomy.skill_broader and taxonomy.skill_groups
    welder = next(o for o in taxonomy.occupations if o.label_en == "welder")
    assert welder.label_fr == "soudeur/soudeuse" and welder.isco_group == "7212"
    kinds = {kind for _, kind in taxonomy.occupation_skills[welder.uri]}
    assert kinds == {"essential", "optional"}


@pytest.mark.skipif(not SHARED_ESCO.exists(), reason="shared ESCO folder not present")
def test_plain_csv_folder_loads_the_same_taxonomy(engine: TextEngine) -> None:
    taxonomy = Taxonomy.load(SHARED_ESCO)
    assert [o.uri for o in taxonomy.occupations] == [o.uri for o in engine.taxonomy.occupations]


def test_held_out_copy_drops_only_the_given_labels(engine: TextEngine) -> None:
    occupation = engine.taxonomy.occupations[0]
    dropped = occupation.alt_en[0]
    copy = engine.taxonomy.without(occupation_labels={occupation.uri: {dropped}})
    assert dropped not in copy.occupation_by_uri[occupation.uri].alt_en
    assert dropped in engine.taxonomy.occupations[0].alt_en


def test_places_have_coordinates_and_codes() -> None:
    places = geo.load_places()
    assert {c.iso2 for c in places.countries} >= {"SN", "CI", "MA", "NG"}
    dakar = next(c for c in places.cities if c.name == "Dakar")
    assert dakar.country_code == "SN" and dakar.region_code.startswith("SN.")
    assert any(r.code == dakar.region_code for r in places.regions)


def test_haversine_dakar_to_abidjan_is_about_1800_km() -> None:
    assert geo.haversine_km(14.6937, -17.4441, 5.3600, -4.0083) == pytest.approx(1800, rel=0.02)
    assert geo.haversine_km(1.0, 2.0, 1.0, 2.0) == 0.0


def test_place_picker_finds_cities_without_accents_or_with_typos() -> None:
    index = geo.place_index(geo.load_places())
    assert index.search("ouagadougou", k=1)[0].label == "Ouagadougou"
    assert index.search("Ouagadoug", k=1)[0].label == "Ouagadougou"
    assert any(hit.label == "Thiès" for hit in index.search("thies", k=3))
