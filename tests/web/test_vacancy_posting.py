"""Employers post vacancies: drafts for everyone, publishing only once verified; errors keep what was typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from markupsafe import escape
from sqlmodel import select

from sankofa.core.errors import PermissionDenied
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent
from sankofa.vacancies import posting as vacancy_posting
from sankofa.vacancies.models import Vacancy, VacancySkill
from tests.support.vacancies import DEFAULT_DESCRIPTION, make_employer, make_vacancy
from tests.support.web import log_in, post_form

NEW = "/employer/vacancies/new"
NOT_VERIFIED = (
    "Your organisation is not verified yet, so this vacancy stays a draft. Sankofa or a "
    "reintegration partner checks every employer before its offers go online."
)
FORM = {
    "title": "Soudeur TIG confirmé",
    "description": DEFAULT_DESCRIPTION,
    "occupation_text": "soudeur",
    "location_text": "Thiès",
    "required_skills_add_text": "lire des plans",
    "contract_type": "permanent",
    "salary_min": "150000",
    "salary_max": "250000",
    "salary_currency": "XOF",
    "positions": "2",
    "deadline": (datetime.now(UTC).date() + timedelta(days=60)).isoformat(),
    "languages": "fr",
    "open_to_abroad": "1",
}


def fr(message: str) -> str:
    with use_locale("fr"):
        return str(escape(gettext(message)))


async def _vacancies(db) -> list[Vacancy]:  # type: ignore[no-untyped-def]
    return list((await db.exec(select(Vacancy).execution_options(populate_existing=True))).all())


async def test_unverified_employer_can_save_a_draft_but_not_publish(client, db):
    user, _org = await make_employer(db, status="unverified")
    await log_in(client, user.email)
    saved = await post_form(client, NEW, {**FORM, "action": "save"}, page=NEW)
    assert saved.status_code == 303
    refused = await post_form(client, NEW, {**FORM, "title": "Maçon", "action": "publish"}, page=NEW)
    assert refused.status_code == 403
    assert fr(NOT_VERIFIED)[:40] in refused.text
    assert {v.status for v in await _vacancies(db)} == {"draft"}
    draft = (await _vacancies(db))[0]
    also = await post_form(client, f"/employer/vacancies/{draft.public_id}/publish", {}, page=NEW)
    assert also.status_code == 403
    with pytest.raises(PermissionDenied):
        await vacancy_posting.publish(db, user=user, public_id=draft.public_id)
    preview = await client.get(f"/jobs/{draft.public_id}")
    assert preview.status_code == 200 and "preview-banner" in preview.text  # its own members see a preview
    client.cookies.clear()
    assert (await client.get(f"/jobs/{draft.public_id}")).status_code == 404


async def test_verified_employer_publishes_a_vacancy_everyone_can_read(client, db):
    user, org = await make_employer(db)
    await log_in(client, user.email)
    response = await post_form(client, NEW, {**FORM, "action": "publish"}, page=NEW)
    assert response.status_code == 303, response.text[:2000]
    (vacancy,) = await _vacancies(db)
    assert vacancy.status == "published" and vacancy.published_at is not None
    assert vacancy.salary_min == 150000 and vacancy.positions == 2 and vacancy.open_to_abroad
    assert vacancy.city_id is not None and vacancy.occupation_uri is not None
    skills = (await db.exec(select(VacancySkill).where(VacancySkill.vacancy_id == vacancy.id))).all()
    assert [s.required for s in skills] == [True]
    listing = await client.get("/employer/vacancies")
    assert (
        "Soudeur TIG confirmé" in listing.text
        and f"/employer/vacancies/{vacancy.public_id}/applications" in listing.text
    )
    actions = [e.action for e in (await db.exec(select(AuditEvent))).all()]
    assert "vacancy.created" in actions and "vacancy.published" in actions
    client.cookies.clear()
    page = await client.get(f"/jobs/{vacancy.public_id}")
    assert page.status_code == 200
    assert "Soudeur TIG confirmé" in page.text and f"/employers/{org.id}" in page.text
    assert "lire des plans" in page.text and "Thiès" in page.text


async def test_bad_input_reshows_the_form_with_the_messages_and_keeps_the_other_values(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    bad = {**FORM, "title": "", "salary_min": "-5", "deadline": "31/02/2026", "action": "save"}
    response = await post_form(client, NEW, bad, page=NEW)
    assert response.status_code == 422
    assert fr("Give the job a title.") in response.text
    assert fr("This amount cannot be negative.") in response.text
    assert "31/02/2026" in response.text  # named in the date error
    assert str(escape(DEFAULT_DESCRIPTION)) in response.text and 'value="250000"' in response.text
    assert "Thiès" in response.text and "lire des plans" in response.text
    assert await _vacancies(db) == []


async def test_a_published_vacancy_can_be_edited_closed_but_not_deleted(client, db):
    user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await log_in(client, user.email)
    edit = f"/employer/vacancies/{vacancy.public_id}/edit"
    form = (await client.get(edit)).text
    assert "Soudeur / soudeuse" in form and "Thiès" in form
    saved = await post_form(client, edit, {**FORM, "title": "Soudeur de nuit", "action": "save"}, page=edit)
    assert saved.status_code == 303
    refused = await post_form(client, f"/employer/vacancies/{vacancy.public_id}/delete", {}, page=edit)
    assert refused.status_code == 409
    closed = await post_form(client, f"/employer/vacancies/{vacancy.public_id}/close", {}, page=edit)
    assert closed.status_code == 303
    (row,) = await _vacancies(db)
    assert row.title == "Soudeur de nuit" and row.status == "closed" and row.closed_at is not None
    client.cookies.clear()
    assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 404


async def test_a_draft_can_be_deleted(client, db):
    user, org = await make_employer(db)
    draft = await make_vacancy(db, organisation=org, status="draft")
    await log_in(client, user.email)
    response = await post_form(client, f"/employer/vacancies/{draft.public_id}/delete", {}, page=NEW)
    assert response.status_code == 303
    assert await _vacancies(db) == []


async def test_employer_a_never_sees_nor_edits_employer_b_vacancies(client, db):
    user_a, _org_a = await make_employer(db)
    _user_b, org_b = await make_employer(db, email="rh@b.example", name="Bâtisseurs B")
    draft = await make_vacancy(db, organisation=org_b, status="draft", title="Chef de chantier B")
    published = await make_vacancy(db, organisation=org_b, title="Grutier B")
    await log_in(client, user_a.email)
    assert (await client.get(f"/employer/vacancies/{draft.public_id}/edit")).status_code == 404
    assert (await client.get(f"/jobs/{draft.public_id}")).status_code == 404
    edit = f"/employer/vacancies/{published.public_id}/edit"
    assert (await post_form(client, edit, {**FORM, "action": "save"}, page=NEW)).status_code == 404
    for verb in ("publish", "close", "delete"):
        path = f"/employer/vacancies/{draft.public_id}/{verb}"
        assert (await post_form(client, path, {}, page=NEW)).status_code == 404
    listing = await client.get("/employer/vacancies")
    assert "Chef de chantier B" not in listing.text and "Grutier B" not in listing.text
    assert {v.title for v in await _vacancies(db)} == {"Chef de chantier B", "Grutier B"}


async def test_skills_are_suggested_from_the_description_with_the_strongest_ticked(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    data = {"title": "Comptable", "description": "Tenue de la comptabilité générale, déclarations fiscales et paie."}
    htmx = await post_form(client, "/employer/vacancies/suggest-skills", data, page=NEW, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    assert 'name="required_skills"' in htmx.text and "checked" in htmx.text and "<html" not in htmx.text
    without_js = await post_form(client, NEW, {**data, "action": "suggest"}, page=NEW)
    assert without_js.status_code == 200 and 'name="required_skills"' in without_js.text
    assert await _vacancies(db) == []
    empty = await post_form(client, "/employer/vacancies/suggest-skills", {"title": "x"}, page=NEW)
    assert empty.status_code == 422
