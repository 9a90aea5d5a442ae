"""A returnee applies to a vacancy in one step: once, only to public vacancies, only with a profile."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import unescape

from sqlmodel import select

from sankofa.applications import lifecycle as applications
from sankofa.applications.models import Application, ApplicationEvent
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent, Mail
from sankofa.profiles.models import ContactGrant, ReturneeProfile
from tests.support.applications import apply_as, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user, post_form
from tests.web.test_candidates_factories import SECRETS, make_returnee

NAME = SECRETS["full_name"]


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def test_a_returnee_applies_with_a_message_and_the_employer_sees_who_applied(client, db):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_returnee(db, visible=False)  # anonymous to everyone until they apply

    response = await apply_as(client, "amina@example.org", vacancy, "Disponible dès le mois prochain.")
    assert response.status_code == 303
    application = (await db.exec(select(Application))).one()
    assert response.headers["location"] == f"/applications/{application.id}"
    assert application.status == "submitted" and application.message == "Disponible dès le mois prochain."

    mine = await client.get(f"/applications/{application.id}")
    assert mine.status_code == 200
    assert fr("Submitted") in mine.text and '<time datetime="' in mine.text
    event = (await db.exec(select(ApplicationEvent))).one()
    assert event.created_at.isoformat() in mine.text
    listing = await client.get("/applications")
    assert vacancy.title in listing.text and org.name in listing.text

    mail = (await db.exec(select(Mail).where(Mail.to_address == "rh@acier.example"))).one()
    assert vacancy.title in mail.subject and f"/employer/vacancies/{vacancy.public_id}/applications" in mail.body_text
    assert NAME not in mail.body_text  # the mail only points to the board

    await switch_to(client, "rh@acier.example")
    board = await client.get(f"/employer/vacancies/{vacancy.public_id}/applications")
    assert board.status_code == 200
    assert NAME in board.text and fr("Submitted") in board.text
    detail = await client.get(f"/applications/{application.id}")
    assert NAME in detail.text and SECRETS["phone"] in detail.text and "Disponible dès le mois prochain." in detail.text

    assert (await db.exec(select(ContactGrant))).one().reason == "applied"
    actions = [e.action for e in (await db.exec(select(AuditEvent))).all()]
    assert "application.submitted" in actions and "profile.viewed" in actions


async def test_applying_twice_is_refused_with_a_clear_message(client, db):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_returnee(db)
    assert (await apply_as(client, "amina@example.org", vacancy)).status_code == 303
    again = await post_form(client, f"/jobs/{vacancy.public_id}/apply", {"message": "bis"}, page="/applications")
    assert again.status_code == 409
    assert fr("You have already applied to this vacancy.") in again.text
    assert "/applications/1" in again.text  # a link to the existing application
    assert len((await db.exec(select(Application))).all()) == 1


async def test_a_message_too_long_is_refused_and_kept_in_the_form(client, db):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_returnee(db)
    text = "Bonjour. " + "x" * 4000
    response = await apply_as(client, "amina@example.org", vacancy, text)
    assert response.status_code == 422
    assert fr("Write at most %(max)s characters.") % {"max": 4000} in response.text
    assert "x" * 4000 in response.text
    assert (await db.exec(select(Application))).all() == []


async def test_drafts_and_vacancies_of_suspended_or_past_deadline_employers_cannot_be_applied_to(client, db):
    _boss, org = await make_employer(db)
    _other, suspended = await make_employer(db, email="rh@ferme.example", name="Ferme", status="suspended")
    draft = await make_vacancy(db, organisation=org, status="draft")
    hidden = await make_vacancy(db, organisation=suspended)
    expired = await make_vacancy(db, organisation=org)
    expired.deadline = date.today() - timedelta(days=1)
    db.add(expired)
    await db.commit()
    await make_returnee(db)
    for vacancy in (draft, hidden, expired):
        response = await apply_as(client, "amina@example.org", vacancy)
        assert response.status_code == 404, vacancy.title
    bogus = await post_form(client, "/jobs/not-a-uuid/apply", {}, page="/applications")
    assert bogus.status_code == 404
    assert (await db.exec(select(Application))).all() == []


async def test_a_returnee_without_a_profile_is_told_to_create_one(client, db):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    user = await make_user(db, email="new@example.org", role="returnee")
    box = await applications.apply_box(db, user=user, vacancy=vacancy)
    assert box is not None and not box.can_apply and box.needs_profile

    response = await apply_as(client, "new@example.org", vacancy)
    assert response.status_code == 422
    assert 'href="/profile"' in response.text
    with use_locale("fr"):
        assert gettext("Create your profile first: it is what the employer sees when you apply.") in unescape(
            response.text
        )

    # An empty profile (created by visiting /profile) is not enough either.
    assert user.id is not None
    db.add(ReturneeProfile(user_id=user.id, full_name="New"))
    await db.commit()
    assert (await apply_as(client, "new@example.org", vacancy)).status_code == 422
    assert (await db.exec(select(Application))).all() == []


async def test_the_apply_box_shows_the_form_then_the_application_then_nothing_for_employers(client, db):
    boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    user, _profile = await make_returnee(db)
    box = await applications.apply_box(db, user=user, vacancy=vacancy)
    assert box is not None and box.can_apply
    assert await applications.apply_box(db, user=boss, vacancy=vacancy) is None
    assert await applications.apply_box(db, user=None, vacancy=vacancy) is None
    await apply_as(client, "amina@example.org", vacancy)
    box = await applications.apply_box(db, user=user, vacancy=vacancy)
    assert box is not None and not box.can_apply and box.application is not None
    assert box.application.created_at <= datetime.now(UTC)

    closed = await make_vacancy(db, organisation=org, status="closed")
    box = await applications.apply_box(db, user=user, vacancy=closed)
    assert box is not None and not box.can_apply and not box.needs_profile and box.reason


async def test_the_vacancy_page_offers_the_form_then_shows_the_application(client, db):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_returnee(db)
    await switch_to(client, "amina@example.org")
    page = await client.get(f"/jobs/{vacancy.public_id}")
    assert page.status_code == 200
    assert f'action="/jobs/{vacancy.public_id}/apply"' in page.text
    await post_form(client, f"/jobs/{vacancy.public_id}/apply", {"message": ""}, page="/applications")
    page = await client.get(f"/jobs/{vacancy.public_id}")
    assert f'action="/jobs/{vacancy.public_id}/apply"' not in page.text
    assert 'href="/applications/1"' in page.text and fr("Submitted") in page.text
