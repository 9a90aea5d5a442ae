"""A returnee adds, changes and removes the items of the profile: experiences, skills, languages, education,
certifications; wrong fields are named, nothing half-saved, and no one removes an item of another profile."""

from __future__ import annotations

import html

from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles.models import (
    Certification,
    Education,
    Experience,
    ProfileLanguage,
    ProfileRevision,
    ProfileSkill,
    ReturneeProfile,
)
from sankofa.reference import vocabulary
from tests.support.web import PASSWORD, csrf, log_in, make_user


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


def shown(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text as the reader sees it (entities decoded)."""
    return html.unescape(response.text)


class Editor:
    """A signed-in returnee's browser on their own profile editor (one CSRF token for the session)."""

    def __init__(self, client, profile: ReturneeProfile, token: str) -> None:
        self.client = client
        self.profile = profile
        self.base = f"/profiles/{profile.public_id}"
        self.token = token

    async def post(self, path: str, data: dict):  # type: ignore[no-untyped-def]
        return await self.client.post(self.base + path, data={**data, "_csrf": self.token})


async def editor(client, db, *, email: str = "awa@example.org", name: str = "Awa Diop") -> Editor:
    await make_user(db, email=email, name=name)
    await log_in(client, email)
    assert (await client.get("/profile")).status_code == 200  # creates the profile
    profile = (
        await db.exec(select(ReturneeProfile).where(ReturneeProfile.full_name == name))  # one per returnee here
    ).one()
    return Editor(client, profile, await csrf(client, f"/profiles/{profile.public_id}/edit/experience"))


async def revisions(db, section: str) -> list[dict]:
    db.expire_all()
    rows = (await db.exec(select(ProfileRevision).where(ProfileRevision.section == section))).all()
    return [row.changes for row in rows]


def skill(text: str) -> str:
    return vocabulary.search_skills(text, locale="fr", k=1)[0].id


# Experiences


async def test_an_experience_with_wrong_fields_names_each_of_them_and_saves_nothing(client, db):
    me = await editor(client, db)
    refused = await me.post(
        "/items/experiences",
        {"title": "", "description": "x" * 50_001, "years": "many", "acquired": "moon", "country": "XX"},
    )
    assert refused.status_code == 422
    for name in ("title", "description", "years", "acquired", "country"):
        assert f'id="e-{name}"' in refused.text, name
    assert fr("Enter a number of years between 0 and 60.") in shown(refused)
    too_many = await me.post("/items/experiences", {"title": "Soudeur", "years": "61"})
    assert too_many.status_code == 422 and 'id="e-years"' in too_many.text
    assert (await db.exec(select(Experience))).all() == []
    assert await revisions(db, "experience") == []


async def test_an_unknown_occupation_is_refused_through_the_api_with_the_field_named(client, db):
    await make_user(db, email="api@example.org")
    session = await client.post(
        "/api/v1/session",
        json={"email": "api@example.org", "password": PASSWORD},
        headers={"X-CSRF-Token": await csrf(client)},
    )
    headers = {"X-CSRF-Token": session.json()["csrf_token"]}
    refused = await client.post(
        "/api/v1/profile/experiences",
        json={"title": "Soudeur", "occupation_uri": "http://data.europa.eu/esco/occupation/none"},
        headers=headers,
    )
    assert refused.status_code == 422 and list(refused.json()["fields"]) == ["occupation_uri"]
    welder = vocabulary.link_occupation("welder", locale="en", k=1)[0].id
    added = await client.post(
        "/api/v1/profile/experiences", json={"title": "Welding", "occupation_uri": welder}, headers=headers
    )
    assert added.status_code == 201
    assert [e["title"] for e in added.json()["experiences"]] == ["Welding"]
    assert (await db.exec(select(Experience.occupation_uri))).all() == [welder]


async def test_a_job_title_is_linked_to_its_occupation_and_a_decimal_comma_is_read(client, db):
    me = await editor(client, db)
    added = await me.post(
        "/items/experiences", {"title": "Soudeur", "years": "4,5", "country": "FR", "acquired": "host"}
    )
    assert added.status_code == 303 and "?suggest=" in added.headers["location"]
    experience = (await db.exec(select(Experience))).one()
    assert experience.years == 4.5 and experience.country == "FR"
    label = vocabulary.occupation_label(experience.occupation_uri or "", "fr") or ""
    assert "soud" in label.lower(), label
    assert await revisions(db, "experience") == [{"added": "Soudeur"}]


async def test_a_title_that_names_no_known_occupation_is_kept_without_one(client, db):
    me = await editor(client, db)
    await me.post("/items/experiences", {"title": "Xqzv wbrk"})
    experience = (await db.exec(select(Experience))).one()
    assert experience.title == "Xqzv wbrk" and experience.occupation_uri is None and experience.years is None


# Skills


async def test_a_skill_already_on_the_profile_is_kept_once_and_an_empty_choice_is_refused(client, db):
    me = await editor(client, db)
    welding = skill("souder des métaux")
    first = await me.post("/items/skills", {"skill": welding, "level": "advanced", "acquired": "host"})
    again = await me.post("/items/skills", {"skill": welding, "level": "basic", "acquired": "origin"})
    assert (first.status_code, again.status_code) == (303, 303)
    rows = (await db.exec(select(ProfileSkill))).all()
    assert [(r.skill_uri, r.level, r.acquired) for r in rows] == [(welding, "advanced", "host")]
    assert await revisions(db, "skills") == [{"added": [welding]}]
    empty = await me.post("/items/skills", {"skill": ""})
    assert empty.status_code == 422 and fr("Choose a skill from the suggestions.") in shown(empty)
    wrong_level = await me.post("/items/skills", {"skill": welding, "level": "guru"})
    assert wrong_level.status_code == 422
    assert len((await db.exec(select(ProfileSkill))).all()) == 1


async def test_changing_a_skills_level_is_saved_once_and_a_wrong_level_is_refused(client, db):
    me = await editor(client, db)
    await me.post("/items/skills", {"skill": skill("souder des métaux"), "level": "basic", "acquired": "host"})
    row = (await db.exec(select(ProfileSkill))).one()
    uri, row_id = row.skill_uri, row.id
    changed = await me.post(f"/skills/{row_id}", {"level": "expert", "acquired": "origin"})
    assert changed.status_code == 303
    unchanged = await me.post(f"/skills/{row_id}", {"level": "expert", "acquired": "origin"})
    assert unchanged.status_code == 303
    await db.refresh(row)
    assert (row.level, row.acquired) == ("expert", "origin")
    assert [c for c in await revisions(db, "skills") if "updated" in c] == [{"updated": uri}]
    page = await me.client.get(me.base + "/edit/skills")
    assert '<option value="expert" selected>' in page.text
    wrong = await me.post(f"/skills/{row_id}", {"level": "guru"})
    assert wrong.status_code == 422
    await db.refresh(row)
    assert row.level == "expert"


async def test_a_returnee_cannot_change_a_skill_of_another_profile(client, db, app):
    import httpx

    other = await editor(client, db, email="other@example.org", name="Other One")
    await other.post("/items/skills", {"skill": skill("souder des métaux"), "level": "basic"})
    theirs = (await db.exec(select(ProfileSkill))).one()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        me = await editor(browser, db)
        refused = await me.post(f"/skills/{theirs.id}", {"level": "expert"})
        assert refused.status_code == 404
    await db.refresh(theirs)
    assert theirs.level == "basic"


# Removing items


async def test_each_kind_of_item_is_removed_by_its_owner(client, db):
    me = await editor(client, db)
    await me.post("/items/experiences", {"title": "Soudeur"})
    await me.post("/items/skills", {"skill": skill("souder des métaux")})
    await me.post("/items/languages", {"language": "wo", "level": "C2"})
    await me.post("/items/education", {"level": "vocational", "title": "CAP soudure", "year": "2010"})
    await me.post("/items/certifications", {"name": "CACES R489", "year": "2019"})
    models = {
        "experiences": Experience,
        "skills": ProfileSkill,
        "languages": ProfileLanguage,
        "education": Education,
        "certifications": Certification,
    }
    for kind, model in models.items():
        item_id = (await db.exec(select(model.id))).one()
        removed = await me.post(f"/items/{kind}/{item_id}/delete", {})
        assert removed.status_code == 303, kind
        db.expire_all()
        assert (await db.exec(select(model))).all() == [], kind
        assert (await revisions(db, kind))[-1] == {"removed": item_id}, kind
    for page in ("experience", "skills", "languages"):
        text = (await me.client.get(f"{me.base}/edit/{page}")).text
        assert "/delete" not in text, page


async def test_an_item_of_another_profile_is_never_removed(client, db, app):
    import httpx

    owner = await editor(client, db, email="owner@example.org", name="Owner Person")
    await owner.post("/items/certifications", {"name": "Permis C"})
    theirs = (await db.exec(select(Certification))).one()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        me = await editor(browser, db)
        through_mine = await me.post(f"/items/certifications/{theirs.id}/delete", {})
        assert through_mine.status_code == 303  # nothing of mine had that id
        through_theirs = await browser.post(
            f"{owner.base}/items/certifications/{theirs.id}/delete", data={"_csrf": me.token}
        )
        assert through_theirs.status_code == 403
        unknown_kind = await me.post(f"/items/passwords/{theirs.id}/delete", {})
        assert unknown_kind.status_code == 404
    db.expire_all()
    assert [c.name for c in (await db.exec(select(Certification))).all()] == ["Permis C"]


# Languages, education, certifications


async def test_a_language_is_listed_once_with_its_latest_level(client, db):
    me = await editor(client, db)
    assert (await me.post("/items/languages", {"language": "WO", "level": "B1"})).status_code == 303
    assert (await me.post("/items/languages", {"language": "wo", "level": "C2"})).status_code == 303
    rows = (await db.exec(select(ProfileLanguage))).all()
    assert [(r.language, r.level) for r in rows] == [("wo", "C2")]
    for bad in ({"language": "klingon", "level": "B1"}, {"language": "zz", "level": "B1"}, {"language": "fr"}):
        refused = await me.post("/items/languages", bad)
        assert refused.status_code == 422, bad
        assert ('id="e-language"' in refused.text) != (bad == {"language": "fr"}), bad
    assert 'id="e-level"' in refused.text
    assert len((await db.exec(select(ProfileLanguage))).all()) == 1


async def test_education_with_wrong_fields_names_them_and_a_right_one_is_listed(client, db):
    me = await editor(client, db)
    refused = await me.post(
        "/items/education", {"level": "wizard", "title": "", "institution": "i" * 201, "year": "1900"}
    )
    assert refused.status_code == 422
    for name in ("level", "title", "institution", "year"):
        assert f'id="e-{name}"' in refused.text, name
    assert (await db.exec(select(Education))).all() == []
    added = await me.post(
        "/items/education",
        {"level": "vocational", "title": "CAP soudure", "institution": "Lycée Delafosse", "year": "2010"},
    )
    assert added.status_code == 303 and added.headers["location"].endswith("/edit/languages#education")
    page = await me.client.get(me.base + "/edit/languages")
    assert "CAP soudure" in page.text and "Lycée Delafosse" in page.text and "(2010)" in page.text
    assert await revisions(db, "education") == [{"added": "CAP soudure"}]


async def test_a_certification_with_wrong_fields_names_them_and_a_right_one_is_listed(client, db):
    me = await editor(client, db)
    refused = await me.post("/items/certifications", {"name": "", "issuer": "x" * 201, "year": "3000"})
    assert refused.status_code == 422
    for name in ("name", "issuer", "year"):
        assert f'id="e-{name}"' in refused.text, name
    assert (await db.exec(select(Certification))).all() == []
    added = await me.post("/items/certifications", {"name": "CACES R489", "issuer": "AFPA", "year": "2019"})
    assert added.status_code == 303
    page = await me.client.get(me.base + "/edit/languages")
    assert "CACES R489" in page.text and "AFPA" in page.text
    assert await revisions(db, "certifications") == [{"added": "CACES R489"}]


# Skills proposed from text


async def test_an_empty_description_asks_for_text(client, db):
    me = await editor(client, db)
    response = await me.post("/analyse", {"text": "   \n  "})
    assert response.status_code == 422
    assert fr("Describe your work or paste your CV first.") in shown(response)


async def test_a_text_with_no_known_skill_says_so(client, db):
    me = await editor(client, db)
    response = await me.post("/analyse", {"text": "xqzv wbrk plmf"})
    assert response.status_code == 200
    message = "We found no skill in this text. Describe the tasks you did in a few sentences, or add skills one by one."
    assert fr(message) in shown(response)
    assert 'name="skills" value="' not in response.text


async def test_suggestions_leave_out_skills_already_on_the_profile_and_other_profiles_experiences(client, db, app):
    import httpx

    me = await editor(client, db)
    added = await me.post(
        "/items/experiences",
        {"title": "Soudeur", "description": "Soudure à l'arc et au TIG, lecture de plans, contrôle des soudures."},
    )
    page = await me.client.get(added.headers["location"])
    proposed = [part.split('"')[0] for part in page.text.split('name="skills" value="')[1:]]
    assert proposed, "no skill proposed"
    await me.post("/items/skills", {"skills": proposed[0], "source": "suggested"})
    again = await me.client.get(added.headers["location"])
    assert f'name="skills" value="{proposed[0]}"' not in again.text
    assert fr("Skills we found") in shown(again)

    experience = (await db.exec(select(Experience))).one()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as browser:
        other = await editor(browser, db, email="other@example.org", name="Other One")
        foreign = await browser.get(f"{other.base}/edit/experience?suggest={experience.id}")
        assert foreign.status_code == 200
        assert fr("Skills we found") not in shown(foreign) and "Soudure à l'arc" not in shown(foreign)
