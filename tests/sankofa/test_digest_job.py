"""Job alert digests: the worker mails new matching vacancies once, in the owner's language, with unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from sankofa.core import outbox
from sankofa.core.models import Mail
from sankofa.search import alert_digests, alerts
from sankofa.search.models import SavedSearch
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user

LONG_AGO = datetime.now(UTC) - timedelta(days=3)


async def _saved_search(db, settings, *, email: str, locale: str, frequency: str = "daily") -> SavedSearch:
    user = await make_user(db, email=email, locale=locale, name="Awa")
    search = await alerts.create(
        db, user=user, name="Soudure", frequency=frequency, query={"q": "soudeur"}, settings=settings, locale=locale
    )
    search.created_at = LONG_AGO  # saved three days ago: its first digest is due
    db.add(search)
    await db.commit()
    return search


async def test_the_worker_mails_new_matching_jobs_in_the_owners_language(db, smtp, settings, worker):
    search = await _saved_search(db, settings, email="awa-en@example.org", locale="en")
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur TIG", published_at=datetime.now(UTC) - timedelta(hours=5))
    await make_vacancy(db, organisation=org, title="Comptable", description="Tenue des comptes d'une PME à Thiès.")
    await make_vacancy(db, organisation=org, title="Soudeur ancien", published_at=LONG_AGO - timedelta(days=1))
    await outbox.add(db, actor="alerts.send_digests", args={})
    await db.commit()
    [message] = smtp.wait_for("awa-en@example.org")
    assert message["Subject"] == "1 new job for “Soudure”"
    body = message.get_body(("plain",)).get_content()
    assert "Soudeur TIG" in body and "Acier du Sahel" in body
    assert "Comptable" not in body and "Soudeur ancien" not in body
    assert search.id is not None
    token = alerts.unsubscribe_token(settings, search_id=search.id)
    assert f"http://testserver/alerts/unsubscribe/{token}" in body
    assert message["List-Unsubscribe"] == f"<http://testserver/alerts/unsubscribe/{token}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


async def test_a_second_run_sends_nothing_new(db, settings):
    await _saved_search(db, settings, email="awa@example.org", locale="fr")
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur", published_at=datetime.now(UTC) - timedelta(hours=5))
    assert await alert_digests.send_due(db, settings=settings) == 1
    assert await alert_digests.send_due(db, settings=settings) == 0
    # A day later, still nothing published since: no mail either.
    assert await alert_digests.send_due(db, settings=settings, now=datetime.now(UTC) + timedelta(days=1, hours=1)) == 0
    mails = (await db.exec(select(Mail).where(Mail.to_address == "awa@example.org"))).all()
    assert len(mails) == 1
    assert "Soudure" in mails[0].subject


async def test_a_weekly_search_waits_a_week(db, settings):
    search = await _saved_search(db, settings, email="awa@example.org", locale="fr", frequency="weekly")
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur", published_at=datetime.now(UTC) - timedelta(hours=5))
    assert await alert_digests.send_due(db, settings=settings) == 0
    assert await alert_digests.send_due(db, settings=settings, now=search.created_at + timedelta(days=7)) == 1


async def test_more_than_twenty_new_jobs_link_to_the_search(db, settings):
    await _saved_search(db, settings, email="awa@example.org", locale="en")
    _, org = await make_employer(db)
    for number in range(22):
        await make_vacancy(
            db, organisation=org, title=f"Soudeur {number}", published_at=datetime.now(UTC) - timedelta(hours=1)
        )
    assert await alert_digests.send_due(db, settings=settings) == 1
    mail = (await db.exec(select(Mail))).one()
    assert mail.subject == "22 new jobs for “Soudure”"
    assert "And 2 more jobs:" in mail.body_text
    assert "http://testserver/jobs?q=soudeur&sort=date" in mail.body_text


async def test_an_unsubscribed_search_gets_no_more_digests(client, db, settings):
    search = await _saved_search(db, settings, email="awa@example.org", locale="fr")
    _, org = await make_employer(db)
    await make_vacancy(db, organisation=org, title="Soudeur", published_at=datetime.now(UTC) - timedelta(hours=5))
    assert search.id is not None
    token = alerts.unsubscribe_token(settings, search_id=search.id)
    response = await client.post(f"/alerts/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert await alert_digests.send_due(db, settings=settings) == 0
    assert (await db.exec(select(Mail))).all() == []
