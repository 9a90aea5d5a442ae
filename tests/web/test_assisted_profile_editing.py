"""A caseworker fills in a consenting returnee's profile: every step opens, the editor names the returnee instead of
saying "you", and "Finish" leads back to the case file (not to /profile, which is the returnee's own page)."""

from __future__ import annotations

import re

import pytest

from tests.support.web import log_in
from tests.web.test_partner_case_files import agreement, caseworker, returnee

STEPS = ("about", "return", "experience", "skills", "languages", "wishes", "visibility")


@pytest.fixture
async def helped(db):  # type: ignore[no-untyped-def]
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    # Return is covered: the next steps about the return show only to a caseworker whose agreement covers it.
    await agreement(db, org, ["identity", "professional", "needs", "return"])
    return await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))


@pytest.mark.parametrize("step", STEPS)
async def test_every_step_opens_for_the_caseworker_and_names_the_returnee(client, db, helped, step):
    await log_in(client, "case@ong.example")
    page = await client.get(f"/profiles/{helped.public_id}/edit/{step}?lang=fr")
    assert page.status_code == 200, page.text[:400]
    assert "Vous aidez Awa Diop" in page.text
    for own_words in ("Ajoutez les langues que vous parlez", "Où en êtes-vous", "Décrivez ce que vous avez fait"):
        assert own_words not in page.text


async def test_the_next_steps_speak_of_the_returnee(client, db, helped):
    await log_in(client, "case@ong.example")
    page = await client.get(f"/profiles/{helped.public_id}/edit/about?lang=fr")
    assert "Indiquez si Awa Diop est déjà rentré·e ou prévoit de rentrer." in page.text
    assert "Choisissez la région de retour de Awa Diop." in page.text
    assert "vous" not in page.text.split('class="next-steps"')[1].split("</ul>")[0]


async def test_finish_and_the_last_save_lead_the_caseworker_back_to_the_case_file(client, db, helped):
    await log_in(client, "case@ong.example")
    page = await client.get(f"/profiles/{helped.public_id}/edit/visibility")
    finish = re.search(r'<a class="button" href="([^"]+)">', page.text)
    assert finish and finish.group(1) == f"/partner/returnees/{helped.public_id}"
    case_file = await client.get(finish.group(1))
    assert case_file.status_code == 200


async def test_the_returnee_finishes_on_their_own_profile(client, db, helped):
    await log_in(client, "awa@example.org")
    page = await client.get(f"/profiles/{helped.public_id}/edit/visibility?lang=fr")
    assert page.status_code == 200
    assert '<a class="button" href="/profile">' in page.text
    wishes = await client.get(f"/profiles/{helped.public_id}/edit/wishes?lang=fr")
    assert wishes.status_code == 200
    assert "XOF · franc CFA (BCEAO)" in wishes.text  # the currency list the step once failed to get
    assert "Indiquez si vous êtes déjà de retour" in wishes.text  # the returnee is spoken to
