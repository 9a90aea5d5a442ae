"""A returnee fills the profile step by step; bad input is refused field by field, nothing valid is lost."""

from __future__ import annotations

from sqlmodel import select

from sankofa.profiles.models import Experience, ProfileRevision, ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary
from tests.support.web import log_in, make_user, post_form

WORK = (
    "J'ai travaillé quatre ans comme soudeur dans un atelier de chaudronnerie à Lyon. Je faisais de la soudure à "
    "l'arc et au TIG, je lisais les plans techniques et je contrôlais la qualité des soudures."
)


async def _returnee(client, db):
    await make_user(db, email="awa@example.org", name="Awa Diop")
    await log_in(client, "awa@example.org")
    page = await client.get("/profile")
    assert page.status_code == 200
    profile = (await db.exec(select(ReturneeProfile))).one()
    return profile, f"/profiles/{profile.public_id}"


async def test_about_step_saves_and_moves_on(client, db):
    profile, base = await _returnee(client, db)
    response = await post_form(
        client,
        f"{base}/edit/about",
        {
            "full_name": "Awa Diop",
            "contact_email": "awa@example.org",
            "phone": "+221 77 123 45 67",
            "nationality": "SN",
            "origin_country": "SN",
            "gender": "female",
            "birth_year": "1991",
        },
        page=f"{base}/edit/about",
    )
    assert response.status_code == 303 and response.headers["location"] == f"{base}/edit/return"
    await db.refresh(profile)
    assert profile.phone == "+221 77 123 45 67" and profile.birth_year == 1991
    assert (await db.exec(select(ProfileRevision.section))).all() == ["about"]


async def test_one_wrong_field_is_named_and_nothing_else_is_lost(client, db):
    _profile, base = await _returnee(client, db)
    response = await post_form(
        client,
        f"{base}/edit/about",
        {
            "full_name": "Awa <script>alert(1)</script>",
            "contact_email": "not-an-email",
            "phone": "+221 77 000 00 00",
            "birth_year": "1991",
            "nationality": "SN",
        },
        page=f"{base}/edit/about",
    )
    assert response.status_code == 422
    assert "Saisissez une adresse e-mail valide" in response.text
    # The other values are still in the form, and the script is shown inert.
    assert 'value="+221 77 000 00 00"' in response.text and 'value="1991"' in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "Awa &lt;script&gt;alert(1)&lt;/script&gt;" in response.text


async def test_html_in_text_fields_is_stored_as_typed_and_shown_inert(client, db):
    _profile, base = await _returnee(client, db)
    await post_form(
        client,
        f"{base}/items/experiences",
        {"title": "<b>Soudeur</b>", "description": "<img src=x onerror=alert(1)>", "acquired": "host"},
        page=f"{base}/edit/experience",
    )
    stored = (await db.exec(select(Experience))).one()
    assert stored.title == "<b>Soudeur</b>"
    page = await client.get(f"{base}/edit/experience")
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text


async def test_work_description_gives_skills_to_accept(client, db):
    _profile, base = await _returnee(client, db)
    added = await post_form(
        client,
        f"{base}/items/experiences",
        {"title": "Soudeur", "description": WORK, "acquired": "host", "country": "FR", "years": "4"},
        page=f"{base}/edit/experience",
    )
    assert added.status_code == 303 and "?suggest=" in added.headers["location"]
    page = await client.get(added.headers["location"])
    assert "Compétences trouvées" in page.text or "Skills we found" in page.text
    proposed = [
        line.split('value="')[1].split('"')[0] for line in page.text.splitlines() if 'name="skills" value="' in line
    ]
    assert proposed, "no skill proposed"
    labels = [vocabulary.skill_label(uri, "fr") for uri in proposed]
    assert any("soud" in (label or "").lower() for label in labels), labels
    accepted = await post_form(
        client,
        f"{base}/items/skills",
        {"skills": proposed[:3], "source": "suggested", "level": "advanced", "acquired": "host"},
        page=f"{base}/edit/skills",
    )
    assert accepted.status_code == 303
    rows = (await db.exec(select(ProfileSkill))).all()
    assert {r.skill_uri for r in rows} == set(proposed[:3]) and {r.source for r in rows} == {"suggested"}


async def test_cv_text_over_50000_characters_is_refused_clearly(client, db):
    _profile, base = await _returnee(client, db)
    response = await post_form(client, f"{base}/analyse", {"text": "soudure " * 7000}, page=f"{base}/edit/experience")
    assert response.status_code == 422
    assert "Ce texte est trop long : 50" in response.text or "trop long" in response.text


async def test_unknown_skill_id_is_refused_with_the_field_named(client, db):
    _profile, base = await _returnee(client, db)
    response = await post_form(
        client, f"{base}/items/skills", {"skill": "http://data.europa.eu/esco/skill/nope"}, page=f"{base}/edit/skills"
    )
    assert response.status_code == 422
    assert 'id="e-skill"' in response.text


async def test_another_returnee_cannot_edit_my_profile(client, db, app):
    import httpx

    profile, base = await _returnee(client, db)
    await make_user(db, email="other@example.org")
    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other:
        await log_in(other, "other@example.org")
        assert (await other.get(f"{base}/edit/about")).status_code == 403
        refused = await post_form(other, f"{base}/edit/about", {"full_name": "Hacked"}, page="/profile")
        assert refused.status_code == 403
    await db.refresh(profile)
    assert profile.full_name == "Awa Diop"


async def test_autosave_saves_a_step_and_answers_with_a_status_line(client, db):
    profile, base = await _returnee(client, db)
    saved = await post_form(
        client,
        f"{base}/edit/wishes?autosave=true",
        {"sectors": ["construction", "transport"], "available_from": "2027-01-15"},
        page=f"{base}/edit/wishes",
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200 and 'id="save-status"' in saved.text and "Enregistré" in saved.text
    await db.refresh(profile)
    assert profile.sectors == ["construction", "transport"] and str(profile.available_from) == "2027-01-15"
    refused = await post_form(
        client,
        f"{base}/edit/wishes?autosave=true",
        {"available_from": "15/01/2027"},
        page=f"{base}/edit/wishes",
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 422 and "Saisissez une date" in refused.text
