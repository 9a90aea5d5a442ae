"""Messages between the employer and the applicant: both ways, unread counts, and nobody else reads them."""

from __future__ import annotations

from sqlmodel import select

from sankofa.applications.models import Application, ApplicationMessage
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import Mail
from tests.support.applications import apply_as, make_applicant, switch_to
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user, post_form


async def _applied(client, db) -> int:
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    await make_applicant(db, email="moussa@example.org")
    assert (await apply_as(client, "moussa@example.org", vacancy)).status_code == 303
    return (await db.exec(select(Application.id))).one()


async def _say(client, application_id: int, body: str):
    return await post_form(client, f"/applications/{application_id}/messages", {"body": body}, page="/")


async def test_employer_and_applicant_write_to_each_other(client, db):
    application_id = await _applied(client, db)
    await switch_to(client, "rh@acier.example")
    sent = await _say(client, application_id, "Pouvez-vous venir mardi à 10 h ?")
    assert sent.status_code == 303 and sent.headers["location"] == f"/applications/{application_id}#messages"
    assert (await db.exec(select(Mail).where(Mail.to_address == "moussa@example.org"))).one()

    await switch_to(client, "moussa@example.org")
    listing = await client.get("/applications")
    with use_locale("fr"):
        assert gettext("%(num)s new message") % {"num": 1} in listing.text
    assert (await client.get("/api/v1/applications")).json()["results"][0]["unread_messages"] == 1
    page = await client.get(f"/applications/{application_id}")
    assert "Pouvez-vous venir mardi à 10 h ?" in page.text
    assert (await client.get("/api/v1/applications")).json()["results"][0]["unread_messages"] == 0
    assert (await _say(client, application_id, "Oui, mardi me convient.")).status_code == 303
    employer_mails = (await db.exec(select(Mail).where(Mail.to_address == "rh@acier.example"))).all()
    assert len(employer_mails) == 2  # the application, then the reply
    assert "Oui, mardi" not in employer_mails[-1].body_text  # mails carry a link, not the conversation

    await switch_to(client, "rh@acier.example")
    thread = await client.get(f"/applications/{application_id}")
    assert "Oui, mardi me convient." in thread.text and "Pouvez-vous venir" in thread.text
    rows = (await db.exec(select(ApplicationMessage).order_by(ApplicationMessage.id))).all()
    assert [m.from_employer for m in rows] == [True, False]
    assert all(m.read_at is not None for m in rows)
    touched = (await db.exec(select(Application.employer_touched_at))).one()
    assert touched is not None


async def test_an_empty_or_too_long_message_is_refused_and_kept(client, db):
    application_id = await _applied(client, db)
    empty = await _say(client, application_id, "   ")
    assert empty.status_code == 422
    long = await _say(client, application_id, "y" * 4001)
    assert long.status_code == 422 and "y" * 4001 in long.text
    assert (await db.exec(select(ApplicationMessage))).all() == []


async def test_only_the_two_parties_read_the_messages(client, db):
    application_id = await _applied(client, db)
    assert (await _say(client, application_id, "Message privé de Moussa")).status_code == 303
    await make_employer(db, email="rh@autre.example", name="Autre")
    await make_applicant(db, email="fatou@example.org", name="Fatou")
    await make_user(db, email="partner@example.org", role="partner", org=("partner", "Partenaire"))
    for email in ("rh@autre.example", "fatou@example.org"):
        await switch_to(client, email)
        page = await client.get(f"/applications/{application_id}")
        assert page.status_code == 404 and "Message privé" not in page.text
        assert (await _say(client, application_id, "intrusion")).status_code == 404
    await switch_to(client, "partner@example.org")
    assert (await client.get(f"/applications/{application_id}")).status_code == 403
    assert len((await db.exec(select(ApplicationMessage))).all()) == 1
