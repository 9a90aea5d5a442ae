"""Saved searches: save from the search page, manage them, unsubscribe with one click (GET never does)."""

from __future__ import annotations

from markupsafe import escape
from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.search import alerts
from sankofa.search.models import SavedSearch
from tests.support.web import csrf, log_in, make_user, post_form


async def _saved(db) -> list[SavedSearch]:
    db.expire_all()
    return list((await db.exec(select(SavedSearch).order_by(SavedSearch.id))).all())


async def test_a_returnee_saves_the_search_shown(client, db):
    user = await make_user(db, email="awa@example.org", locale="en")
    await log_in(client, user.email)
    page = await client.get("/jobs", params={"q": "soudeur", "place": "region:SN.07", "sort": "date"})
    assert "Save this search" in page.text
    response = await post_form(
        client,
        "/jobs/alerts",
        {"name": "Soudure Thiès", "frequency": "daily", "q": "soudeur", "place": "region:SN.07", "sort": "date"},
        page="/jobs",
    )
    assert response.status_code == 303 and response.headers["location"] == "/jobs/alerts?saved=1"
    [saved] = await _saved(db)
    assert saved.name == "Soudure Thiès" and saved.frequency == "daily" and saved.active
    assert saved.query == {"q": "soudeur", "place": "region:SN.07", "sort": "date"}
    listing = await client.get("/jobs/alerts?saved=1")
    assert "Soudure Thiès" in listing.text and "Search saved" in listing.text
    assert "/jobs?q=soudeur&amp;place=region%3ASN.07&amp;sort=date" in listing.text


async def test_a_search_without_a_name_is_shown_again_with_the_message(client, db):
    user = await make_user(db, email="awa@example.org", locale="en")
    await log_in(client, user.email)
    response = await post_form(client, "/jobs/alerts", {"name": " ", "frequency": "weekly", "q": "cook"}, page="/jobs")
    assert response.status_code == 422
    assert "Give this search a name." in response.text
    assert 'name="q" value="cook"' in response.text
    assert await _saved(db) == []


async def test_a_returnee_changes_frequency_pauses_and_deletes(client, db, settings):
    user = await make_user(db, email="awa@example.org", locale="en")
    search = await alerts.create(
        db, user=user, name="Cooks", frequency="weekly", query={"q": "cook"}, settings=settings, locale="en"
    )
    await db.commit()
    await log_in(client, user.email)
    await post_form(client, f"/jobs/alerts/{search.id}", {"frequency": "daily"}, page="/jobs/alerts")
    await post_form(client, f"/jobs/alerts/{search.id}", {"active": "0"}, page="/jobs/alerts")
    [saved] = await _saved(db)
    assert saved.frequency == "daily" and not saved.active
    assert "Resume" in (await client.get("/jobs/alerts")).text
    await post_form(client, f"/jobs/alerts/{search.id}/delete", {}, page="/jobs/alerts")
    assert await _saved(db) == []


async def test_nobody_else_can_touch_a_saved_search(client, db, settings):
    owner = await make_user(db, email="awa@example.org")
    search = await alerts.create(
        db, user=owner, name="Cooks", frequency="weekly", query={"q": "cook"}, settings=settings, locale="fr"
    )
    await db.commit()
    other = await make_user(db, email="other@example.org")
    await log_in(client, other.email)
    response = await post_form(client, f"/jobs/alerts/{search.id}/delete", {}, page="/jobs/alerts")
    assert response.status_code == 404
    assert "Cooks" not in (await client.get("/jobs/alerts")).text
    assert len(await _saved(db)) == 1


async def test_unsubscribe_link_asks_first_and_a_post_without_session_stops_the_alert(client, db, settings):
    user = await make_user(db, email="awa@example.org", locale="en")
    search = await alerts.create(
        db, user=user, name="Cooks", frequency="weekly", query={"q": "cook"}, settings=settings, locale="en"
    )
    await db.commit()
    assert search.id is not None
    token = alerts.unsubscribe_token(settings, search_id=search.id)
    page = await client.get(f"/alerts/unsubscribe/{token}")
    with use_locale("fr"):  # the visitor has no session: the page is in the default language
        assert page.status_code == 200 and str(escape(gettext("Stop these emails"))) in page.text
    assert (await _saved(db))[0].active  # a mail scanner opening the link changes nothing
    # What a mail client sends for List-Unsubscribe-Post (RFC 8058): no cookie, no CSRF token.
    client.cookies.clear()
    response = await client.post(f"/alerts/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not (await _saved(db))[0].active
    assert (await client.get("/alerts/unsubscribe/not-a-token")).status_code == 404


async def test_other_posts_still_need_the_csrf_token(client, db):
    user = await make_user(db, email="awa@example.org")
    await log_in(client, user.email)
    await csrf(client, "/jobs")
    response = await client.post("/jobs/alerts", data={"name": "x", "frequency": "daily"})
    assert response.status_code == 403
