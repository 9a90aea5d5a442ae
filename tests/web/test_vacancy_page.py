"""The vacancy page: public while published by a verified employer before its deadline, 404 otherwise."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import OrgStatus
from sankofa.vacancies import reading as vacancies
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user


async def test_a_public_vacancy_shows_its_employer_facts_and_skills_with_the_text_escaped(client, db):
    _user, org = await make_employer(db)
    vacancy = await make_vacancy(
        db,
        organisation=org,
        title="Électricien bâtiment",
        description="Installations électriques.\nMise aux normes <script>alert(1)</script> des tableaux.",
        required_skills="lire des plans",
        salary_min="200000",
        salary_max="300000",
        salary_currency="XOF",
        languages="fr;wo",
        open_to_abroad="oui",
    )
    page = await client.get(f"/jobs/{vacancy.public_id}")
    assert page.status_code == 200
    text = page.text
    assert "Électricien bâtiment" in text and f'href="/employers/{org.id}"' in text and "Acier du Sahel" in text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "Installations électriques.\nMise aux normes" in text  # line breaks kept (shown by CSS)
    assert "lire des plans" in text and "Thiès" in text and "XOF" in text and "wolof" in text.lower()
    assert 'action="/jobs/' in text and "/report" in text  # anyone can report it
    assert "preview-banner" not in text


async def test_a_suspended_employers_vacancies_and_page_vanish_at_once(client, db):
    admin = await make_user(db, email="admin@sankofa.example", role="admin")
    _user, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    assert org.id is not None
    assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 200
    assert (await client.get(f"/employers/{org.id}")).status_code == 200
    await organisations.set_status(db, organisation_id=org.id, status=OrgStatus.SUSPENDED, actor=admin)
    await db.commit()
    assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 404
    assert (await client.get(f"/employers/{org.id}")).status_code == 404
    assert await vacancies.open_for_organisation(db, organisation_id=org.id) == []


async def test_past_deadline_drafts_and_unverified_employers_are_not_public(client, db):
    _user, org = await make_employer(db)
    _other, unverified = await make_employer(db, email="rh@new.example", name="Nouvelle SARL", status="unverified")
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    expired = await make_vacancy(db, organisation=org, deadline=yesterday)
    draft = await make_vacancy(db, organisation=org, status="draft")
    hidden = await make_vacancy(db, organisation=unverified)
    for vacancy in (expired, draft, hidden):
        assert (await client.get(f"/jobs/{vacancy.public_id}")).status_code == 404
    assert (await client.get(f"/employers/{unverified.id}")).status_code == 404
    assert (await client.get("/jobs/not-a-uuid")).status_code == 404


async def test_members_preview_their_own_draft_with_a_banner(client, db):
    user, org = await make_employer(db)
    draft = await make_vacancy(db, organisation=org, status="draft", title="Cuisinier")
    await log_in(client, user.email)
    page = await client.get(f"/jobs/{draft.public_id}")
    assert page.status_code == 200 and "preview-banner" in page.text and "Cuisinier" in page.text
    assert f"/employer/vacancies/{draft.public_id}/edit" in page.text
