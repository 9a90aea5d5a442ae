"""A verified local authority creates, publishes, edits and cancels events; drafts stay hidden; nobody else may."""

from __future__ import annotations

from markupsafe import escape
from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent, Mail
from sankofa.events.models import Event, EventCategory, EventQuestion, EventSession
from sankofa.organisations.models import Organisation
from tests.support.events import event_form, make_authority, make_event, make_registration
from tests.support.web import log_in, make_user, post_form
from tests.web.test_candidates_factories import make_returnee

NEW = "/organiser/events/new"


def say(message: str, locale: str = "fr") -> str:
    with use_locale(locale):
        return str(escape(gettext(message)))


def shows(text: str, message: str, locale: str = "fr") -> bool:
    """The page shows the translated `message`: as the template writes it, or escaped (a value put in the page)."""
    with use_locale(locale):
        translated = gettext(message)
    return translated in text or str(escape(translated)) in text


async def _events(db) -> list[Event]:  # type: ignore[no-untyped-def]
    return list((await db.exec(select(Event).execution_options(populate_existing=True))).all())


async def test_a_verified_authority_creates_a_draft_nobody_else_sees_then_publishes_it(client, db):
    user, org = await make_authority(db)
    await log_in(client, user.email)
    saved = await post_form(client, NEW, {**event_form(), "action": "save"}, page=NEW)
    assert saved.status_code == 303, saved.text[:3000]
    (event,) = await _events(db)
    assert event.status == "draft" and event.organisation_id == org.id and event.region and event.map_url
    sessions = (await db.exec(select(EventSession).where(EventSession.event_id == event.id))).all()
    assert [(s.slot_minutes, s.break_minutes) for s in sessions] == [(20, 5)]
    quotas = {c.kind: c.quota for c in (await db.exec(select(EventCategory))).all()}
    assert quotas == {"returnee": 100, "employer": 10}
    assert [q.label for q in (await db.exec(select(EventQuestion))).all()] == ["Quel métier recherchez-vous ?"]
    preview = await client.get(f"/events/{event.public_id}")
    assert preview.status_code == 200 and "preview-banner" in preview.text
    client.cookies.clear()
    assert (await client.get(f"/events/{event.public_id}")).status_code == 404
    assert "Forum emploi de Thiès" not in (await client.get("/events")).text
    await log_in(client, user.email)
    published = await post_form(client, f"/organiser/events/{event.public_id}/publish", {}, page=NEW)
    assert published.status_code == 303
    client.cookies.clear()
    page = await client.get(f"/events/{event.public_id}")
    assert page.status_code == 200 and "Forum emploi de Thiès" in page.text and "openstreetmap" in page.text
    assert "Forum emploi de Thiès" in (await client.get("/events")).text
    english = await client.get(f"/events/{event.public_id}?lang=en")
    assert "Thiès job fair" in english.text and "Meet the region" in english.text
    arabic = await client.get(f"/events/{event.public_id}?lang=ar")
    assert 'dir="rtl"' in arabic.text and "Forum emploi de Thiès" in arabic.text  # falls back to French
    actions = {e.action for e in (await db.exec(select(AuditEvent))).all()}
    assert {"event.created", "event.published"} <= actions


async def test_an_unverified_authority_and_a_partner_cannot_create_events(client, db):
    user, _org = await make_authority(db, status="unverified")
    await log_in(client, user.email)
    assert (await client.get(NEW)).status_code == 403
    refused = await post_form(client, NEW, {**event_form(), "action": "save"}, page="/organiser/events")
    assert (
        refused.status_code == 403
        and say("Your local authority is not verified yet. Sankofa checks every authority before it can run events.")
        in refused.text
    )
    partner = await make_user(db, email="case@partner.example", role="partner", org=("partner", "OIM"))
    client.cookies.clear()
    await log_in(client, partner.email)
    assert (await post_form(client, NEW, event_form(), page="/organiser/events")).status_code == 403
    assert await _events(db) == []


async def test_bad_input_comes_back_in_french_and_in_arabic_with_the_values_kept(client, db):
    user, _org = await make_authority(db)
    await log_in(client, user.email)
    bad = event_form(title_fr="", title_en="", session_0_end="08:00", quota_returnee="-3", map_url="javascript:x")
    response = await post_form(client, NEW, {**bad, "action": "save"}, page=NEW)
    assert response.status_code == 422
    assert shows(response.text, "Give the event a title in at least one language.")
    assert shows(response.text, "The session must end after it starts.")
    assert shows(response.text, "Enter a web address starting with https://")
    assert (
        "Rencontrez les employeurs de la région." in response.text
        and 'value="Centre culturel régional"' in response.text
    )
    user.locale = "ar"
    db.add(user)
    await db.commit()
    await client.get("/?lang=ar")
    arabic = await post_form(client, NEW, {**bad, "action": "save"}, page=NEW)
    assert arabic.status_code == 422 and shows(arabic.text, "Give the event a title in at least one language.", "ar")
    assert await _events(db) == []


async def test_add_a_row_posts_the_form_back_with_one_more_session_row_unsaved(client, db):
    user, _org = await make_authority(db)
    await log_in(client, user.email)
    response = await post_form(client, NEW, {**event_form(), "action": "add_session"}, page=NEW)
    assert response.status_code == 200 and 'name="session_3_date"' in response.text
    assert 'value="Forum emploi de Thiès"' in response.text
    assert await _events(db) == []


async def test_publishing_refuses_an_event_without_seats_and_keeps_the_draft(client, db):
    user, _org = await make_authority(db)
    await log_in(client, user.email)
    form = event_form(quota_returnee="", quota_employer="")
    response = await post_form(client, NEW, {**form, "action": "publish"}, page=NEW)
    assert response.status_code == 422 and shows(response.text, "Open seats for at least one kind of participant.")
    assert [e.status for e in await _events(db)] == ["draft"]


async def test_cancelling_tells_every_registrant_and_keeps_the_page(client, db):
    user, org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=org.id)
    returnee, _profile = await make_returnee(db, email="amina@example.org")
    await make_registration(db, event=event, category=categories["returnee"], user=returnee)
    await log_in(client, user.email)
    confirm = await client.get(f"/organiser/events/{event.public_id}/cancel")
    assert confirm.status_code == 200 and "1" in confirm.text
    done = await post_form(
        client, f"/organiser/events/{event.public_id}/cancel", {"reason": "Intempéries"}, page="/organiser/events"
    )
    assert done.status_code == 303
    (fresh,) = await _events(db)
    assert fresh.status == "cancelled" and fresh.sequence == 1
    mails = (await db.exec(select(Mail).where(Mail.to_address == "amina@example.org"))).all()
    assert mails and "Intempéries" in mails[-1].body_text and mails[-1].attachments
    client.cookies.clear()
    page = await client.get(f"/events/{event.public_id}")
    assert page.status_code == 200 and shows(page.text, "This event was cancelled.")
    assert f"/events/{event.public_id}" not in (await client.get("/events")).text


async def test_an_authority_never_sees_nor_changes_another_authoritys_events(client, db):
    user_a, _org_a = await make_authority(db)
    _user_b, org_b = await make_authority(db, email="events@dakar.example", name="Ville de Dakar")
    draft, _c = await make_event(db, organisation_id=org_b.id, status="draft", title="Brouillon de Dakar")
    published, _c = await make_event(db, organisation_id=org_b.id, title="Forum de Dakar")
    await log_in(client, user_a.email)
    assert (await client.get(f"/events/{draft.public_id}")).status_code == 404
    for event in (draft, published):
        base = f"/organiser/events/{event.public_id}"
        for path in (f"{base}/edit", f"{base}/cancel", f"{base}/registrations", f"{base}/registrations.csv"):
            assert (await client.get(path)).status_code == 404, path
        for verb in ("edit", "publish", "cancel"):
            response = await post_form(client, f"{base}/{verb}", event_form(), page="/organiser/events")
            assert response.status_code == 404, verb
    assert {e.status for e in await _events(db)} == {"draft", "published"}
    assert "Dakar" not in (await client.get("/organiser/events")).text


async def test_a_co_organising_partner_manages_the_event(client, db):
    _user, org = await make_authority(db)
    partner = await make_user(db, email="case@partner.example", role="partner", org=("partner", "OIM Dakar"))
    oim = (await db.exec(select(Organisation).where(Organisation.name == "OIM Dakar"))).one()
    event, _c = await make_event(db, organisation_id=org.id, co_organiser=oim.id, status="draft")
    await log_in(client, partner.email)
    listing = await client.get("/organiser/events")
    assert listing.status_code == 200 and "Forum emploi" in listing.text
    assert (await client.get(f"/organiser/events/{event.public_id}/edit")).status_code == 200
    assert (await post_form(client, f"/organiser/events/{event.public_id}/publish", {}, page=NEW)).status_code == 303
