"""Registering in one step, per role: a returnee sees exactly what is shared and consents; the organiser sees only
that; an employer registers its organisation, representatives and vacancies; an investor its interests."""

from __future__ import annotations

import csv
import io
import uuid

from markupsafe import escape
from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent
from sankofa.events.models import EventCategory, EventRegistration
from tests.support.events import make_authority, make_event
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form
from tests.web.test_candidates_factories import SECRETS, make_returnee


def fr(message: str) -> str:
    with use_locale("fr"):
        return str(escape(gettext(message)))


def shows(text: str, message: str, locale: str = "fr") -> bool:
    """The page shows the translated `message`: as the template writes it, or escaped (a value put in the page)."""
    with use_locale(locale):
        translated = gettext(message)
    return translated in text or str(escape(translated)) in text


async def _registrations(db) -> list[EventRegistration]:  # type: ignore[no-untyped-def]
    return list((await db.exec(select(EventRegistration).execution_options(populate_existing=True))).all())


async def test_a_returnee_sees_exactly_what_is_shared_consents_and_the_organiser_sees_only_that(client, db):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id, shared_fields=["name", "contact"])
    user, _profile = await make_returnee(db, email="amina@example.org")
    await log_in(client, user.email)
    form = await client.get(f"/events/{event.public_id}/register")
    assert form.status_code == 200
    assert SECRETS["full_name"] in form.text and SECRETS["phone"] in form.text  # their own values, shown
    assert "Chef de chantier" not in form.text  # the professional profile is not in this event's set
    assert shows(form.text, "I agree to share these details with the organisers of this event.")
    refused = await post_form(client, f"/events/{event.public_id}/register", {}, page=f"/events/{event.public_id}")
    assert refused.status_code == 422
    assert shows(refused.text, "Tick the box to agree to share these details, or do not register.")
    assert await _registrations(db) == []
    done = await post_form(
        client, f"/events/{event.public_id}/register", {"consent": "1"}, page=f"/events/{event.public_id}"
    )
    assert done.status_code == 303 and done.headers["location"].endswith("done=registered#my-registration")
    (row,) = await _registrations(db)
    assert row.status == "registered" and row.consented_at is not None and row.shared_fields == ["name", "contact"]
    page = await client.get(f"/events/{event.public_id}")
    assert shows(page.text, "You are registered. A confirmation with the calendar entry was sent to you by email.")
    audit = (await db.exec(select(AuditEvent).where(AuditEvent.action == "event.registered"))).one()
    assert audit.subject_user_id == user.id and audit.detail["shared"] == ["name", "contact"]

    client.cookies.clear()
    await log_in(client, organiser.email)
    roster = await client.get(f"/organiser/events/{event.public_id}/registrations")
    assert roster.status_code == 200
    assert SECRETS["full_name"] in roster.text and SECRETS["phone"] in roster.text
    for hidden in ("Chef de chantier", "Mason with ten years", str(SECRETS["birth_year"]), "amina@example.org"):
        assert hidden not in roster.text, hidden
    exported = await client.get(f"/organiser/events/{event.public_id}/registrations.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert SECRETS["full_name"] in text and "Mason with ten years" not in text and "1987" not in text
    viewed = (await db.exec(select(AuditEvent).where(AuditEvent.action == "event.registration_viewed"))).all()
    assert {v.detail["context"] for v in viewed} == {"list", "csv"} and all(
        v.subject_user_id == user.id for v in viewed
    )


async def test_a_double_submit_registers_once(client, db):
    _organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    user, _profile = await make_returnee(db, email="amina@example.org")
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    for _ in range(3):
        assert (await post_form(client, path, {"consent": "1"}, page=path)).status_code == 303
    assert len(await _registrations(db)) == 1
    taken = (await db.exec(select(EventCategory.taken).where(EventCategory.kind == "returnee"))).one()
    assert taken == 1


async def test_a_returnee_without_a_profile_is_told_to_create_it(client, db):
    _organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    user = await make_user(db, email="new@example.org", role="returnee")
    await log_in(client, user.email)
    response = await client.get(f"/events/{event.public_id}/register")
    assert response.status_code == 409
    assert shows(response.text, "Create your profile first: registering shares part of it with the organisers.")


async def test_an_employer_registers_its_organisation_representatives_and_vacancies(client, db):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    boss, company = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=company, title="Soudeur TIG")
    await make_vacancy(db, organisation=company, title="Brouillon caché", status="draft")
    await log_in(client, boss.email)
    path = f"/events/{event.public_id}/register"
    form = await client.get(path)
    assert "Soudeur TIG" in form.text and "Brouillon caché" not in form.text and "RH Acier du Sahel" in form.text
    bad = await post_form(client, path, {"vacancies": "999999", "booth_wish": "x" * 400}, page=path)
    assert bad.status_code == 422 and shows(bad.text, "Choose options from the list.")
    done = await post_form(
        client,
        path,
        {"booth_wish": "Près de l'entrée", "representatives": str(boss.id), "vacancies": str(vacancy.id)},
        page=path,
    )
    assert done.status_code == 303
    (row,) = await _registrations(db)
    assert row.organisation_id == company.id and row.vacancy_ids == [vacancy.id] and row.representative_ids == [boss.id]
    colleague = await make_user(db, email="rh2@acier.example", role="employer")
    from sankofa.organisations.models import Membership

    db.add(Membership(organisation_id=company.id, user_id=colleague.id))
    await db.commit()
    client.cookies.clear()
    await log_in(client, colleague.email)
    twice = await post_form(client, path, {}, page=path)
    assert twice.status_code == 409  # the organisation is registered once
    client.cookies.clear()
    await log_in(client, organiser.email)
    roster = await client.get(f"/organiser/events/{event.public_id}/registrations")
    assert "Acier du Sahel" in roster.text and "Soudeur TIG" in roster.text and "Près de l" in roster.text


async def test_an_investor_registers_its_interests_and_a_partner_its_organisation(client, db):
    _organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    investor = await make_user(db, email="karim@fund.example", role="investor")
    await log_in(client, investor.email)
    path = f"/events/{event.public_id}/register"
    empty = await post_form(client, path, {}, page=path)
    assert empty.status_code == 422 and shows(empty.text, "Choose at least one sector you invest in or mentor.")
    assert (await post_form(client, path, {"sectors": "agrifood"}, page=path)).status_code == 303
    partner = await make_user(db, email="case@oim.example", role="partner", org=("partner", "OIM"))
    client.cookies.clear()
    await log_in(client, partner.email)
    assert (await post_form(client, path, {}, page=path)).status_code == 303
    rows = {r.user_id: r for r in await _registrations(db)}
    assert rows[investor.id].interest_sectors == ["agrifood"] and rows[partner.id].organisation_id is not None


async def test_an_authority_does_not_register_and_an_unknown_event_is_not_found(client, db):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id)
    await log_in(client, organiser.email)
    assert (await client.get(f"/events/{event.public_id}/register")).status_code == 403
    user, _profile = await make_returnee(db, email="amina@example.org", public_id=uuid.uuid4())
    client.cookies.clear()
    await log_in(client, user.email)
    assert (await client.get(f"/events/{uuid.uuid4()}/register")).status_code == 404


async def test_the_csv_neutralises_formulas(client, db):
    organiser, org = await make_authority(db)
    event, _c = await make_event(db, organisation_id=org.id, shared_fields=["name"])
    user, profile = await make_returnee(db, email="amina@example.org")
    profile.full_name = '=HYPERLINK("http://x")'
    db.add(profile)
    await db.commit()
    await log_in(client, user.email)
    path = f"/events/{event.public_id}/register"
    assert (await post_form(client, path, {"consent": "1"}, page=path)).status_code == 303
    client.cookies.clear()
    await log_in(client, organiser.email)
    exported = await client.get(f"/organiser/events/{event.public_id}/registrations.csv")
    cells = [cell for line in csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))) for cell in line]
    assert '\'=HYPERLINK("http://x")' in cells
