"""Only an administrator suspends or reinstates an organisation; a partner caseworker verifies pending employers only.

The hole this closes: an administrator suspended an employer, a caseworker posted `status=verified` to
`/verification/{id}` and the employer's vacancies were public again.
"""

from __future__ import annotations

import html

from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent
from sankofa.organisations.models import Organisation, OrgStatus
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form

QUEUE = "/verification"


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def public_titles(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = await client.get("/api/v1/jobs", params={"q": "soudeur"})
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def status_of(db, org_id: int) -> str:  # type: ignore[no-untyped-def]
    db.expire_all()
    org = await db.get(Organisation, org_id)
    assert org is not None
    return org.status


async def test_a_caseworker_cannot_undo_an_administrators_suspension(client, db):
    await make_user(db, email="admin@sankofa.example", role="admin")
    await make_user(db, email="case@partner.example", role="partner", org=("partner", "Partner"))
    _, firm = await make_employer(db)
    await make_vacancy(db, organisation=firm, title="Soudeur")
    assert firm.id is not None
    assert await public_titles(client) == ["Soudeur"]

    await log_in(client, "admin@sankofa.example")
    suspended = await post_form(client, f"{QUEUE}/{firm.id}", {"status": "suspended"}, page=QUEUE)
    assert suspended.status_code == 303
    assert await public_titles(client) == []

    client.cookies.clear()
    await log_in(client, "case@partner.example")
    listed = html.unescape((await client.get(f"{QUEUE}?status=suspended")).text)
    assert "Acier du Sahel" in listed and 'value="verified"' not in listed  # no button to reinstate
    refused = await post_form(client, f"{QUEUE}/{firm.id}", {"status": "verified"}, page=QUEUE)
    assert refused.status_code == 403
    assert fr("Only Sankofa administrators can reinstate a suspended organisation.") in html.unescape(refused.text)
    for other in ("unverified", "suspended"):
        assert (await post_form(client, f"{QUEUE}/{firm.id}", {"status": other}, page=QUEUE)).status_code == 403
    assert await status_of(db, firm.id) == OrgStatus.SUSPENDED
    client.cookies.clear()
    assert await public_titles(client) == []
    assert "Soudeur" not in (await client.get("/jobs", params={"q": "soudeur"})).text

    await log_in(client, "admin@sankofa.example")  # the administrator may reinstate
    assert (await post_form(client, f"{QUEUE}/{firm.id}", {"status": "verified"}, page=QUEUE)).status_code == 303
    assert await status_of(db, firm.id) == OrgStatus.VERIFIED
    assert await public_titles(client) == ["Soudeur"]


async def test_a_caseworker_verifies_a_pending_employer_once_and_never_changes_it_again(client, db):
    await make_user(db, email="case@partner.example", role="partner", org=("partner", "Partner"))
    _, firm = await make_employer(db, status=OrgStatus.UNVERIFIED)
    assert firm.id is not None
    await log_in(client, "case@partner.example")
    assert (await post_form(client, f"{QUEUE}/{firm.id}", {"status": "verified"}, page=QUEUE)).status_code == 303
    assert await status_of(db, firm.id) == OrgStatus.VERIFIED
    for status in ("verified", "unverified", "suspended"):
        refused = await post_form(client, f"{QUEUE}/{firm.id}", {"status": status}, page=QUEUE)
        assert refused.status_code == 403, status
    assert await status_of(db, firm.id) == OrgStatus.VERIFIED
    verified = (await db.exec(select(AuditEvent.id).where(AuditEvent.action == "organisation.verified"))).all()
    assert len(verified) == 1  # the refused attempts left the first decision alone
