"""A verified employer's new name waits for a verifier; until approved, every public page keeps the verified name.

The hole this closes: a verified "Acier du Sahel" renamed itself "Ministère du Travail" and kept its badge.
"""

from __future__ import annotations

import html

from sqlmodel import col, select

from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent, Mail
from sankofa.organisations.models import Organisation, OrgStatus
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form
from tests.web.test_employer_profile import FORM, PROFILE

QUEUE = "/verification"
OLD, NEW = "Acier du Sahel", "Ministère du Travail"
ADMIN, CASEWORKER, MEMBER = "admin@sankofa.example", "case@partner.example", "rh@acier.example"


def waiting_notice(*, new: str, old: str) -> str:
    with use_locale("fr"):
        return gettext(
            "The new name “%(new)s” is waiting for verification by Sankofa or a reintegration partner. "
            "Until it is approved, returnees see “%(old)s”."
        ) % {"new": new, "old": old}


async def fresh(db, org_id: int) -> Organisation:  # type: ignore[no-untyped-def]
    db.expire_all()
    org = await db.get(Organisation, org_id)
    assert org is not None
    return org


async def public_texts(client, vacancy_id: str, org_id: int) -> str:  # type: ignore[no-untyped-def]
    """The vacancy page, the employer's public page, the search results and the jobs API, as an anonymous visitor."""
    client.cookies.clear()
    pages = [f"/jobs/{vacancy_id}", f"/employers/{org_id}", "/jobs?q=soudeur"]
    texts = []
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 200, path
        texts.append(html.unescape(response.text))
    api = await client.get("/api/v1/jobs", params={"q": "soudeur"})
    assert api.status_code == 200
    return "\n".join([*texts, api.text])


async def rename(client, email: str, name: str = NEW):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    await log_in(client, email)
    response = await post_form(client, PROFILE, {**FORM, "name": name}, page=PROFILE)
    assert response.status_code == 303, response.text[:500]
    return response


async def decide(client, email: str, org_id: int, decision: str, name: str = NEW):  # type: ignore[no-untyped-def]
    """Post the verifier's decision about `name`, the new name their queue showed."""
    client.cookies.clear()
    await log_in(client, email)
    return await post_form(client, f"{QUEUE}/{org_id}/name", {"decision": decision, "name": name}, page=QUEUE)


async def audited(db) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def, type-arg]
    query = select(AuditEvent).where(col(AuditEvent.action).startswith("organisation.rename"))
    return [(e.action, e.detail) for e in (await db.exec(query.order_by(col(AuditEvent.id)))).all()]


async def test_a_verified_employers_new_name_waits_while_every_public_page_keeps_the_verified_name(client, db):
    _member, org = await make_employer(db)
    org_id = org.id
    assert org_id is not None
    vacancy = str((await make_vacancy(db, organisation=org, title="Soudeur")).public_id)
    await rename(client, MEMBER)

    stored = await fresh(db, org_id)
    assert (stored.name, stored.pending_name) == (OLD, NEW) and stored.pending_name_at is not None
    assert stored.description == FORM["description"]  # the rest of the profile is saved at once
    page = html.unescape((await client.get(PROFILE)).text)
    assert waiting_notice(new=NEW, old=OLD) in page
    assert f'value="{NEW}"' in page  # the form shows the name asked for, so saving again does not withdraw it
    shown = await public_texts(client, vacancy, org_id)
    assert OLD in shown and NEW not in shown
    assert await audited(db) == [
        ("organisation.rename_requested", {"organisation_id": org_id, "old_name": OLD, "new_name": NEW})
    ]

    await rename(client, MEMBER, name=OLD)  # asking for the verified name again withdraws the request
    assert (await fresh(db, org_id)).pending_name is None
    assert waiting_notice(new=NEW, old=OLD) not in html.unescape((await client.get(PROFILE)).text)
    assert [action for action, _detail in await audited(db)][-1] == "organisation.rename_withdrawn"


async def test_an_administrator_approves_the_new_name_which_becomes_public_and_the_members_are_told(client, db):
    _member, org = await make_employer(db)
    org_id = org.id
    assert org_id is not None
    vacancy = str((await make_vacancy(db, organisation=org, title="Soudeur")).public_id)
    await make_user(db, email=ADMIN, role="admin")
    await rename(client, MEMBER)

    await log_in(client, ADMIN)
    queue = html.unescape((await client.get(QUEUE)).text)
    assert OLD in queue and NEW in queue and f"{QUEUE}/{org_id}/name" in queue
    approved = await decide(client, ADMIN, org_id, "approve")
    assert approved.status_code == 303

    stored = await fresh(db, org_id)
    assert (stored.name, stored.pending_name, stored.status) == (NEW, None, OrgStatus.VERIFIED)
    shown = await public_texts(client, vacancy, org_id)
    assert NEW in shown and OLD not in shown
    assert (await audited(db))[-1] == (
        "organisation.rename_approved",
        {"organisation_id": org_id, "old_name": OLD, "new_name": NEW},
    )
    told = (await db.exec(select(Mail).where(Mail.to_address == MEMBER))).one()
    assert NEW in told.subject and "/employer/profile" in told.body_text
    assert f"{QUEUE}/{org_id}/name" not in (await client.get(QUEUE)).text  # decided, so gone from the queue
    assert (await decide(client, ADMIN, org_id, "refuse")).status_code == 404  # nothing left to decide


async def test_a_refused_name_leaves_the_verified_name_public_and_the_members_are_told(client, db):
    _member, org = await make_employer(db)
    org_id = org.id
    assert org_id is not None
    vacancy = str((await make_vacancy(db, organisation=org, title="Soudeur")).public_id)
    await make_user(db, email=CASEWORKER, role="partner", org=("partner", "Partner"))
    await rename(client, MEMBER)

    assert (await decide(client, CASEWORKER, org_id, "refuse")).status_code == 303
    stored = await fresh(db, org_id)
    assert (stored.name, stored.pending_name) == (OLD, None)
    shown = await public_texts(client, vacancy, org_id)
    assert OLD in shown and NEW not in shown
    await log_in(client, MEMBER)
    assert waiting_notice(new=NEW, old=OLD) not in html.unescape((await client.get(PROFILE)).text)
    assert (await audited(db))[-1][0] == "organisation.rename_refused"
    told = (await db.exec(select(Mail).where(Mail.to_address == MEMBER))).one()
    assert NEW in told.subject and OLD in told.body_text


async def test_an_unverified_employer_renames_itself_at_once(client, db):
    _member, org = await make_employer(db, status=OrgStatus.UNVERIFIED)
    org_id = org.id
    assert org_id is not None
    await rename(client, MEMBER)
    stored = await fresh(db, org_id)
    assert (stored.name, stored.pending_name) == (NEW, None)
    assert waiting_notice(new=NEW, old=OLD) not in html.unescape((await client.get(PROFILE)).text)
    assert await audited(db) == []


async def test_nobody_but_a_verifier_decides_and_a_caseworker_follows_the_verification_rules(client, db):
    _member, org = await make_employer(db)
    org_id = org.id
    assert org_id is not None
    _other, other_org = await make_employer(db, email="rh@autre.example", name="Autre Firme")
    other_id = other_org.id or 0
    await make_user(
        db, email="new@partner.example", role="partner", org=("partner", "New Partner"), org_status="unverified"
    )
    await make_user(db, email=CASEWORKER, role="partner", org=("partner", "Partner"))
    await make_user(db, email=ADMIN, role="admin")
    await rename(client, MEMBER)

    for email in (MEMBER, "rh@autre.example", "new@partner.example"):  # own members, others, unverified partner
        refused = await decide(client, email, org_id, "approve")
        assert refused.status_code == 403, email
        assert NEW not in (await client.get(QUEUE)).text
    assert (await fresh(db, org_id)).name == OLD

    await log_in(client, ADMIN)  # a suspended employer's new name is for administrators only
    assert (await post_form(client, f"{QUEUE}/{org_id}", {"status": "suspended"}, page=QUEUE)).status_code == 303
    client.cookies.clear()
    await log_in(client, CASEWORKER)
    assert NEW not in html.unescape((await client.get(QUEUE)).text)
    assert (await decide(client, CASEWORKER, org_id, "approve")).status_code == 403
    assert (await fresh(db, org_id)).name == OLD
    assert (await decide(client, ADMIN, org_id, "approve")).status_code == 303
    assert (await fresh(db, org_id)).name == NEW

    await rename(client, "rh@autre.example", name="Ministère des Finances")  # a verified employer: caseworkers decide
    assert (await decide(client, CASEWORKER, other_id, "approve", name="Ministère des Finances")).status_code == 303
    assert (await fresh(db, other_id)).name == "Ministère des Finances"


async def test_a_decision_is_about_the_name_the_verifier_saw_not_one_asked_for_since(client, db):
    _member, org = await make_employer(db)
    org_id = org.id
    assert org_id is not None
    await make_user(db, email=ADMIN, role="admin")
    await rename(client, MEMBER, name="Acier du Sénégal")  # the verifier's queue shows this one…
    await rename(client, MEMBER)  # …then the member asks for another
    late = await decide(client, ADMIN, org_id, "approve", name="Acier du Sénégal")
    assert late.status_code == 409
    stored = await fresh(db, org_id)
    assert (stored.name, stored.pending_name) == (OLD, NEW)
    assert (await decide(client, ADMIN, org_id, "refuse")).status_code == 303
    assert (await fresh(db, org_id)).name == OLD
