"""Employers and investors find anonymous candidates by skill, region and words; every detail view is audited."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from sqlmodel import select

from sankofa.core.i18n import gettext, labels, use_locale
from sankofa.core.models import AuditEvent
from sankofa.reference import vocabulary
from tests.support.web import log_in, make_user
from tests.web.test_candidates_factories import PUBLIC_ID, bricks_uri, make_returnee

PID = str(PUBLIC_ID)
OTHER = uuid.UUID("cccccccc-dddd-4eee-8fff-aaaaaaaaaaaa")
HIDDEN = uuid.UUID("dddddddd-eeee-4fff-8aaa-bbbbbbbbbbbb")


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def _three_returnees(db) -> None:
    """Amina: validated bricklaying abroad, Dakar. Moussa: same skill not validated, a driver. Awa: hidden."""
    await make_returnee(db)
    await make_returnee(
        db,
        email="moussa@example.org",
        public_id=OTHER,
        summary="Chauffeur poids lourds",
        validated_abroad=False,
    )
    await make_returnee(db, email="awa@example.org", public_id=HIDDEN, visible=False, summary="Chef de chantier")


async def _ids(client, query: str = "") -> list[str]:
    response = await client.get(f"/api/v1/candidates{query}")
    assert response.status_code == 200
    return [card["id"] for card in response.json()["results"]]


async def test_employers_find_visible_candidates_by_skill_region_and_words(client, db):
    await _three_returnees(db)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    # Validated skills first; hidden returnees never listed.
    assert await _ids(client) == [PID, str(OTHER)]
    assert await _ids(client, f"?skill={quote(bricks_uri())}") == [PID, str(OTHER)]
    assert await _ids(client, f"?skill={quote(vocabulary.engine().taxonomy.skills[1].uri)}") == []
    assert await _ids(client, "?region=SN.01") == [PID, str(OTHER)]
    assert await _ids(client, "?region=SN.03") == []
    assert await _ids(client, "?q=poids") == [str(OTHER)]
    assert await _ids(client, "?q=chantier") == [PID, str(OTHER)]  # experience title; Awa is hidden
    assert await _ids(client, "?q=100%25") == []  # LIKE wildcards are literal
    assert await _ids(client, "?per_page=1&page=2") == [str(OTHER)]


async def test_the_list_page_is_a_shareable_url_and_works_without_javascript(client, db):
    await _three_returnees(db)
    await make_user(db, email="angel@example.org", role="investor")
    await log_in(client, "angel@example.org")
    page = await client.get("/candidates?skill=&skill_text=poser+des+briques&region=SN.01&q=")
    assert page.status_code == 200
    assert 'value="poser des briques"' in page.text  # typed text linked to the ESCO skill
    assert f'value="{bricks_uri()}"' in page.text
    assert f"/candidates/{PID}" in page.text and f"/candidates/{OTHER}" in page.text
    assert f"/candidates/{HIDDEN}" not in page.text
    assert "Amina" not in page.text
    assert '<option value="SN.01" selected>Dakar, Sénégal</option>' in page.text


async def test_validated_skills_acquired_abroad_are_highlighted(client, db):
    await _three_returnees(db)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    validated = await client.get(f"/candidates/{PID}")
    assert fr("Skills acquired abroad and validated") in validated.text
    assert "chip-abroad" in validated.text and "poser des briques" in validated.text
    declared = await client.get(f"/candidates/{OTHER}")
    assert fr("Skills acquired abroad and validated") not in declared.text
    assert "poser des briques" in declared.text
    listing = await client.get("/candidates")
    assert listing.text.count("chip-abroad") == 1


async def test_each_view_by_another_organisation_is_in_the_returnees_audit_trail(client, db):
    await make_returnee(db)
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    await log_in(client, "boss@firm.example")
    await client.get(f"/candidates/{PID}")
    await client.get(f"/api/v1/profiles/{PID}")
    await client.get("/candidates")  # anonymous cards only: not a view of personal data
    events = (await db.exec(select(AuditEvent).where(AuditEvent.action == "profile.viewed"))).all()
    assert sorted(e.detail["context"] for e in events) == ["api", "candidate"]
    assert all(e.actor_organisation_id == 1 and e.detail["fields"] == ["professional"] for e in events)

    client.cookies.clear()
    await log_in(client, "amina@example.org")
    assert (await client.get(f"/api/v1/profiles/{PID}")).status_code == 200  # one's own views are not logged
    account = await client.get("/account")
    with use_locale("fr"):
        label = labels.audit_label("profile.viewed")
    assert account.text.count(label) == 2
    assert "Firm" in account.text  # who looked
