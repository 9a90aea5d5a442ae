"""A returnee withdraws an employer's access to their name and contact details, from the account page.

The grant came from applying or from an accepted request; once withdrawn, the employer's cards, candidate page,
API and application pages are anonymous again, at once.
"""

from __future__ import annotations

import html

from sqlmodel import select

from sankofa.applications.models import Application
from sankofa.core.i18n import gettext, use_locale
from sankofa.profiles.models import ContactGrant, ContactRequest
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user
from tests.web.test_candidates_factories import SECRETS, leaked, make_returnee
from tests.web.test_partner_consent import signed_in

RETURNEE, BOSS = "amina@example.org", "rh@acier.example"


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def _employer_sees(boss, *, public_id: str, application_id: int, vacancy_id: str) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Which secret fields each of the employer's read paths shows."""
    paths = [
        "/candidates",
        f"/candidates/{public_id}",
        f"/api/v1/profiles/{public_id}",
        "/api/v1/candidates",
        f"/applications/{application_id}",
        f"/employer/vacancies/{vacancy_id}/applications",
        "/api/v1/employer/applications",
    ]
    seen = {}
    for path in paths:
        response = await boss.get(path)
        assert response.status_code == 200, (path, response.status_code)
        seen[path] = leaked(html.unescape(response.text))
    return seen


async def test_withdrawing_a_grant_makes_every_employer_path_anonymous_at_once(app, db) -> None:  # type: ignore[no-untyped-def]
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    _user, profile = await make_returnee(db, email=RETURNEE)
    public_id = str(profile.public_id)
    async with signed_in(app, RETURNEE) as amina, signed_in(app, BOSS) as boss:
        applied = await amina.post(f"/jobs/{vacancy.public_id}/apply", {"message": "Bonjour"})
        assert applied.status_code == 303
        application_id = (await db.exec(select(Application.id))).one()
        where = {"public_id": public_id, "application_id": application_id, "vacancy_id": str(vacancy.public_id)}
        before = await _employer_sees(boss, **where)
        assert all("full_name" in found for found in before.values()), before  # cards name, pages also contact

        account = html.unescape((await amina.get("/account")).text)
        assert fr("Who sees your name and contact details") in account and "Acier du Sahel" in account
        withdrawn = await amina.post(f"/account/contacts/{org.id}/withdraw", {})
        assert withdrawn.status_code == 303

        after = await _employer_sees(boss, **where)
        assert all(not found for found in after.values()), after
        account = html.unescape((await amina.get("/account")).text)
        assert fr("No employer sees your name or contact details.") in account
        assert fr("You withdrew an employer's access to your contact details") in account
    assert (await db.exec(select(ContactGrant))).all() == []


async def test_a_withdrawn_accepted_request_counts_as_declined(app, db) -> None:  # type: ignore[no-untyped-def]
    _boss, org = await make_employer(db)
    _user, profile = await make_returnee(db, email=RETURNEE)
    public_id = str(profile.public_id)
    async with signed_in(app, BOSS) as boss, signed_in(app, RETURNEE) as amina:
        asked = await boss.post(f"/candidates/{public_id}/contact", {"message": "Nous cherchons un maçon"})
        assert asked.status_code in (200, 303)
        request_id = (await db.exec(select(ContactRequest.id))).one()
        await amina.post(f"/profile/requests/{request_id}", {"decision": "accept"})
        assert SECRETS["full_name"] in (await boss.get(f"/candidates/{public_id}")).text
        await amina.post(f"/account/contacts/{org.id}/withdraw", {})
        page = await boss.get(f"/candidates/{public_id}")
        assert SECRETS["full_name"] not in page.text and SECRETS["phone"] not in page.text
    db.expire_all()
    request = (await db.exec(select(ContactRequest))).one()
    assert request.status == "declined"


async def test_nobody_withdraws_a_grant_that_is_not_theirs(app, db) -> None:  # type: ignore[no-untyped-def]
    _boss, org = await make_employer(db)
    _user, profile = await make_returnee(db, email=RETURNEE)
    db.add(ContactGrant(profile_id=profile.id, organisation_id=org.id, reason="applied"))
    await db.commit()
    await make_user(db, email="other@example.org")
    async with signed_in(app, "other@example.org") as other, signed_in(app, BOSS) as boss:
        assert (await other.post(f"/account/contacts/{org.id}/withdraw", {})).status_code == 404
        assert (await boss.post(f"/account/contacts/{org.id}/withdraw", {})).status_code == 403
        assert (await other.post("/account/contacts/999999/withdraw", {})).status_code == 404
    assert len((await db.exec(select(ContactGrant))).all()) == 1
