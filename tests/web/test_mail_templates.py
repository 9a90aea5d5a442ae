"""Every mail Sankofa sends, triggered by the real action, reads right in French, English and Arabic.

The action runs with a strict Jinja (a variable the service forgot to pass fails instead of leaving a hole);
the context it passed is then rendered again in each language through the mail service.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import jinja2
import pytest
from sqlmodel import select

from sankofa.applications import stale as application_stale
from sankofa.applications.models import Application
from sankofa.core import mail
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import Mail
from sankofa.search import alert_digests, alerts
from sankofa.vacancies.models import VacancyReport
from tests.support.applications import apply_as, make_applicant, make_application, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import PASSWORD, log_in, make_user, post_form
from tests.web.test_candidates_factories import PUBLIC_ID, make_returnee

ARABIC = re.compile(r"[\u0600-\u06ff]")
LANGUAGES = ("fr", "en", "ar")


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """The (template, locale, context) of every mail queued during the test, rendered with a strict Jinja."""
    calls: list[tuple[str, str, dict[str, Any]]] = []
    render = mail.render

    def recording(template: str, *, locale: str, context: dict[str, Any]) -> tuple[str, str, str]:
        calls.append((template, locale, context))
        return render(template, locale=locale, context=context)

    monkeypatch.setattr(mail._env(), "undefined", jinja2.StrictUndefined)
    monkeypatch.setattr(mail, "render", recording)
    return calls


async def check_mail(db, sent, *, template: str, to: str, link: str) -> None:  # type: ignore[no-untyped-def]
    """The action stored a mail to `to` with `link`; its context reads well in every language."""
    stored = (await db.exec(select(Mail).where(Mail.to_address == to))).all()
    assert stored, f"no {template} mail to {to}"
    assert link in stored[-1].body_text
    contexts = [context for name, _locale, context in sent if name == template]
    assert contexts, f"the action sent {[name for name, _, _ in sent]}, not {template}"
    subjects = {}
    for lang in LANGUAGES:
        subject, text, html = mail.render(template, locale=lang, context=contexts[-1])
        assert subject and "\n" not in subject
        assert link in text and "None" not in text
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in html
        subjects[lang] = subject
    assert ARABIC.search(subjects["ar"]), subjects
    assert len(set(subjects.values())) == 3, f"a subject is not translated: {subjects}"


async def test_sign_up_mails_the_confirmation_link_and_says_so(client, db, sent):
    response = await post_form(
        client,
        "/signup",
        {"email": "new@example.org", "password": PASSWORD, "display_name": "Awa", "role": "returnee"},
        page="/signup",
    )
    assert response.status_code == 303
    told = await client.get(response.headers["location"])
    with use_locale("fr"):
        assert told.status_code == 200 and gettext("Check your email") in told.text
    await check_mail(db, sent, template="verify_email", to="new@example.org", link="/verify/")


async def test_signing_up_again_with_a_registered_address_mails_its_owner(client, db, sent):
    await make_user(db, email="taken@example.org", name="Awa")
    response = await post_form(
        client,
        "/signup",
        {"email": "taken@example.org", "password": PASSWORD, "display_name": "Awa", "role": "returnee"},
        page="/signup",
    )
    assert response.status_code == 303
    await check_mail(db, sent, template="account_exists", to="taken@example.org", link="/forgot")


async def test_forgotten_password_mails_the_reset_link(client, db, sent):
    await make_user(db, email="forgot@example.org", name="Awa")
    await post_form(client, "/forgot", {"email": "forgot@example.org"})
    await check_mail(db, sent, template="reset_password", to="forgot@example.org", link="/reset/")


async def test_an_owner_invites_a_colleague_by_mail(client, db, sent):
    await make_user(db, email="owner@firm.example", role="employer", name="Owner", org=("employer", "Firm"))
    await log_in(client, "owner@firm.example")
    invite = await post_form(client, "/organisations/1/invitations", {"email": "mate@firm.example"}, page="/")
    assert invite.status_code in {200, 303}, invite.text[:300]
    await check_mail(db, sent, template="invitation", to="mate@firm.example", link="/invitations/")


async def _application(client, db):  # type: ignore[no-untyped-def]
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_applicant(db, email="moussa@example.org")
    assert (await apply_as(client, "moussa@example.org", vacancy, "Bonjour")).status_code == 303
    application_id = (await db.exec(select(Application.id))).one()
    return vacancy, application_id


async def test_an_application_mails_the_employer(client, db, sent):
    vacancy, _ = await _application(client, db)
    link = f"/employer/vacancies/{vacancy.public_id}/applications"
    await check_mail(db, sent, template="application_received", to="rh@acier.example", link=link)


async def test_a_status_change_mails_the_applicant(client, db, sent):
    _, application_id = await _application(client, db)
    await switch_to(client, "rh@acier.example")
    moved = await post_form(
        client, f"/employer/applications/{application_id}/status", {"status": "shortlisted", "note": "Bien"}, page="/"
    )
    assert moved.status_code == 303, moved.text[:300]
    link = f"/applications/{application_id}"
    await check_mail(db, sent, template="application_status", to="moussa@example.org", link=link)


async def test_messages_mail_the_other_side(client, db, sent):
    _, application_id = await _application(client, db)
    await switch_to(client, "rh@acier.example")
    path = f"/applications/{application_id}/messages"
    assert (await post_form(client, path, {"body": "Mardi 10 h ?"}, page="/")).status_code == 303
    await check_mail(
        db, sent, template="application_message", to="moussa@example.org", link=f"/applications/{application_id}"
    )
    await switch_to(client, "moussa@example.org")
    assert (await post_form(client, path, {"body": "Oui."}, page="/")).status_code == 303
    await check_mail(
        db, sent, template="application_reply", to="rh@acier.example", link=f"/applications/{application_id}"
    )


async def test_applications_waiting_two_weeks_mail_the_employer(db, sent, settings):
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    profile = await make_applicant(db, email="waiting@example.org")
    await make_application(db, vacancy=vacancy, profile=profile, days_ago=15)
    assert await application_stale.flag_stale(db, settings=settings) == 1
    link = f"/employer/vacancies/{vacancy.public_id}/applications"
    await check_mail(db, sent, template="applications_stale", to="rh@acier.example", link=link)


async def test_a_contact_request_mails_the_returnee(client, db, sent):
    await make_returnee(db)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    page = f"/candidates/{PUBLIC_ID}"
    asked = await post_form(client, f"{page}/contact", {"message": "Nous construisons des écoles."}, page=page)
    assert asked.status_code == 303, asked.text[:300]
    await check_mail(db, sent, template="contact_request", to="amina@example.org", link="/profile/requests")


async def test_a_saved_search_mails_its_digest(db, sent, settings):
    user = await make_user(db, email="awa@example.org", name="Awa")
    search = await alerts.create(
        db, user=user, name="Soudure", frequency="daily", query={"q": "soudeur"}, settings=settings, locale="fr"
    )
    search.created_at = datetime.now(UTC) - timedelta(days=3)
    db.add(search)
    await db.commit()
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur TIG", published_at=datetime.now(UTC) - timedelta(hours=5))
    assert await alert_digests.send_due(db, settings=settings) == 1
    await check_mail(db, sent, template="job_digest", to="awa@example.org", link="/alerts/unsubscribe/")


async def test_removing_a_reported_offer_mails_the_employer(client, db, sent):
    _employer, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org, title="Chauffeur poids lourd")
    page = f"/jobs/{vacancy.public_id}"
    reported = await post_form(client, f"{page}/report", {"reason": "payment", "details": "Frais."}, page=page)
    assert reported.status_code == 303
    await make_user(db, email="admin@sankofa.example", role="admin")
    await log_in(client, "admin@sankofa.example")
    report_id = (await db.exec(select(VacancyReport.id))).one()
    queue = "/moderation/reports"
    removed = await post_form(
        client, f"{queue}/{report_id}", {"action": "remove", "note": "Frais illégaux."}, page=queue
    )
    assert removed.status_code == 303
    await check_mail(db, sent, template="vacancy_removed", to="rh@acier.example", link="/employer/vacancies")


async def _renamed(client, db, decision: str) -> None:  # type: ignore[no-untyped-def]
    _employer, org = await make_employer(db)
    await make_user(db, email="admin@sankofa.example", role="admin")
    await log_in(client, "rh@acier.example")
    form = {"name": "Acier du Sénégal", "description": "Ateliers à Thiès."}
    assert (await post_form(client, "/employer/profile", form, page="/employer/profile")).status_code == 303
    client.cookies.clear()
    await log_in(client, "admin@sankofa.example")
    decided = await post_form(
        client, f"/verification/{org.id}/name", {"decision": decision, "name": form["name"]}, page="/verification"
    )
    assert decided.status_code == 303


async def test_an_approved_new_name_mails_the_members(client, db, sent):
    await _renamed(client, db, "approve")
    await check_mail(db, sent, template="organisation_renamed", to="rh@acier.example", link="/employer/profile")


async def test_a_refused_new_name_mails_the_members(client, db, sent):
    await _renamed(client, db, "refuse")
    await check_mail(db, sent, template="organisation_rename_refused", to="rh@acier.example", link="/employer/profile")


async def test_an_event_registration_mails_the_confirmation_with_its_calendar_entry(client, db, sent):
    from tests.support.events import make_authority, make_event

    _organiser, org = await make_authority(db)
    event, _categories = await make_event(db, organisation_id=org.id)
    user, _profile = await make_returnee(db, email="amina@example.org", public_id=PUBLIC_ID)
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    assert (await post_form(client, path, {"consent": "1"}, page=path)).status_code == 303
    await check_mail(db, sent, template="event_update", to="amina@example.org", link=f"/events/{event.public_id}")
