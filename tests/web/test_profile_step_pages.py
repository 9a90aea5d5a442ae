"""Every step of the profile editor opens (GET), for the returnee and for a caseworker helping them, in fr/en/ar.

Tests that only POST to a step never look at the page a person first sees (a step once answered 500 on GET).
"""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from sqlmodel import select

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core.i18n import gettext, use_locale
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary
from tests.support.html_check import html_problems
from tests.support.web import log_in, make_user
from web.profiles.pages import STEPS

LANGUAGES = ("fr", "en", "ar")
NAME = "Awa Diop"


async def _profile(db) -> ReturneeProfile:  # type: ignore[no-untyped-def]
    """A returnee with something on every step (an experience, a skill, a language), consenting to a partner."""
    user = await make_user(db, email="awa@example.org", name=NAME)
    await make_user(db, email="case@ong.example", role="partner", name="Case", org=("partner", "ONG Retour"))
    org = (await db.exec(select(Organisation).where(Organisation.name == "ONG Retour"))).one()
    assert user.id is not None and org.id is not None
    profile = ReturneeProfile(
        user_id=user.id,
        full_name=NAME,
        contact_email="awa@example.org",
        summary="Soudeuse, quatre ans à Lyon.",
        return_status="returned",
        host_country="FR",
        contract_types=["permanent"],
        sectors=["manufacturing"],
    )
    db.add(profile)
    await db.flush()
    assert profile.id is not None
    skill = vocabulary.search_skills("soudage à l'arc", locale="fr", k=1)[0]
    db.add(Experience(profile_id=profile.id, title="Soudeuse", description="Soudure TIG.", country="FR", years=4.0))
    db.add(ProfileSkill(profile_id=profile.id, skill_uri=skill.id, level="advanced", acquired="host"))
    db.add(ProfileLanguage(profile_id=profile.id, language="fr", level="C1"))
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=org.id))
    db.add(DataSharingAgreement(organisation_id=org.id, valid_from=date(2026, 1, 1), field_groups=["identity"]))
    await db.commit()
    await db.refresh(profile)
    return profile


@pytest.mark.parametrize("editor", ["awa@example.org", "case@ong.example"], ids=["returnee", "partner"])
async def test_each_step_of_the_editor_opens_in_each_language(client, db, editor):
    profile = await _profile(db)
    await log_in(client, editor)
    helping = editor != "awa@example.org"
    for lang in LANGUAGES:
        for step in STEPS:
            path = f"/profiles/{profile.public_id}/edit/{step}"
            response = await client.get(f"{path}?lang={lang}")
            assert response.status_code == 200, f"{editor} {lang} {step}: {response.text[:500]}"
            html = response.text
            assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html, (lang, step)
            if step == "visibility" and helping:
                with use_locale(lang):  # the returnee's own choice: the caseworker reads it, cannot change it
                    assert gettext("Only the returnee decides who sees their profile.") in unescape(html)
            else:
                assert f'action="/profiles/{profile.public_id}/' in html, f"{step} has no form to save it"
            assert html_problems(html, full_page=True) == [], (editor, lang, step)
            # Saved items are shown on their step.
            if step == "experience":
                assert "Soudeuse" in html
            if step == "languages":
                assert "C1" in html
            if step == STEPS[-1]:  # "Finish" leads back to where this editor came from, a page they may open
                finish = f"/partner/returnees/{profile.public_id}" if helping else "/profile"
                assert f'href="{finish}"' in html
                assert (await client.get(finish)).status_code == 200
