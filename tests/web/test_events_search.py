"""The public events page: upcoming events of verified authorities, soonest first, by region, period and kind."""

from __future__ import annotations

from markupsafe import escape

from sankofa.core.i18n import gettext, use_locale
from tests.support.events import in_days, make_authority, make_event


def fr(message: str) -> str:
    with use_locale("fr"):
        return str(escape(gettext(message)))


def shows(text: str, message: str, locale: str = "fr") -> bool:
    """The page shows the translated `message`: as the template writes it, or escaped (a value put in the page)."""
    with use_locale(locale):
        translated = gettext(message)
    return translated in text or str(escape(translated)) in text


async def test_search_by_region_period_and_kind_upcoming_first(client, db):
    _user, org = await make_authority(db)
    thies, _c = await make_event(db, organisation_id=org.id, title="Forum de Thiès", days=20, place="Thiès")
    dakar, _c = await make_event(db, organisation_id=org.id, title="Forum de Dakar", days=10, place="Dakar")
    await make_event(db, organisation_id=org.id, title="Forum passé", days=-3, place="Dakar")
    await make_event(db, organisation_id=org.id, title="Brouillon", status="draft", days=5, place="Dakar")
    _other, suspended = await make_authority(db, email="x@y.example", name="Suspendue", status="suspended")
    await make_event(db, organisation_id=suspended.id, title="Forum suspendu", days=5)
    everything = await client.get("/events")
    assert everything.status_code == 200
    text = everything.text
    assert text.index("Forum de Dakar") < text.index("Forum de Thiès")  # soonest first
    for hidden in ("Forum passé", "Brouillon", "Forum suspendu"):
        assert hidden not in text
    assert f'value="{thies.region}"' in text and f'value="{dakar.region}"' in text  # the region filter offers both
    by_region = await client.get("/events", params={"region": thies.region})
    assert "Forum de Thiès" in by_region.text and "Forum de Dakar" not in by_region.text
    by_period = await client.get("/events", params={"from": in_days(15), "to": in_days(25)})
    assert "Forum de Thiès" in by_period.text and "Forum de Dakar" not in by_period.text
    by_kind = await client.get("/events", params={"kind": "investment_forum"})
    assert "Forum de" not in by_kind.text and shows(by_kind.text, "No event found")


async def test_a_wrong_filter_is_named_and_the_search_still_runs(client, db):
    _user, org = await make_authority(db)
    await make_event(db, organisation_id=org.id, title="Forum de Thiès")
    response = await client.get("/events", params={"from": "31/02/2027", "kind": "rave"})
    assert response.status_code == 422
    assert shows(response.text, "Enter a date like 2026-03-31.") and "31/02/2027" in response.text
    assert "Forum de Thiès" in response.text
    arabic = await client.get("/events", params={"from": "nope", "lang": "ar"})
    assert arabic.status_code == 422 and 'dir="rtl"' in arabic.text


async def test_results_are_paged(client, db):
    _user, org = await make_authority(db)
    for n in range(23):
        await make_event(db, organisation_id=org.id, title=f"Session {n:02d}", days=5 + n, quotas={"returnee": 5})
    first = await client.get("/events")
    assert "Session 00" in first.text and "Session 22" not in first.text and 'rel="next"' in first.text
    second = await client.get("/events", params={"page": "2"})
    assert "Session 22" in second.text and "Session 00" not in second.text and 'rel="prev"' in second.text
    assert (await client.get("/events", params={"page": "99"})).status_code == 200  # the last page
