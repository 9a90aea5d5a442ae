"""The profile editor guesses the occupation a description names, and says nothing when it is not sure."""

from __future__ import annotations

import re

from sqlmodel import select

from sankofa.profiles import items as profile_items
from sankofa.profiles.models import ReturneeProfile
from tests.support.web import log_in, make_user, post_form

GUESS = "Cela ressemble au métier de"
MECHANIC = (
    "J'ai été mécanicienne auto pendant 8 ans : je répare les moteurs, je change les freins et je fais la vidange."
)


async def _analyse(client, db, text: str) -> str:
    await make_user(db, email="fatou@example.org", name="Fatou Sow")
    await log_in(client, "fatou@example.org")
    assert (await client.get("/profile")).status_code == 200
    profile = (await db.exec(select(ReturneeProfile))).one()
    base = f"/profiles/{profile.public_id}"
    response = await post_form(client, f"{base}/analyse", {"text": text}, page=f"{base}/edit/experience")
    assert response.status_code == 200
    return response.text


def _guessed(page: str) -> str | None:
    match = re.search(GUESS + r"[^<]*<strong>([^<]+)</strong>", page)
    return match.group(1) if match else None


async def test_a_clear_description_shows_the_occupation_it_names(client, db):
    page = await _analyse(client, db, MECHANIC)
    assert _guessed(page) == "technicien de véhicules/technicienne de véhicules", page
    assert "systèmes intelligents" not in page


async def test_a_vague_description_shows_no_occupation_guess(client, db):
    page = await _analyse(client, db, "Je suis sérieuse et motivée, disponible tout de suite. Je fais un peu de tout.")
    assert GUESS not in page


def test_a_guess_below_the_floor_is_not_offered():
    # A pasted CV that starts with a name: the name links to some occupation, with a score under the floor.
    found = profile_items.analyse_text("Aminata Diallo\nDisponible tout de suite.", locale="fr")
    assert found["occupations"] == []
    assert profile_items.analyse_text("Maçonne qualifiée", locale="fr")["occupations"][0].score >= (
        profile_items.OCCUPATION_GUESS_FLOOR
    )
