"""Members edit their employer's profile; returnees read it on the public page once the employer is verified."""

from __future__ import annotations

from sqlmodel import select

from sankofa.core.i18n import gettext, use_locale
from sankofa.organisations.models import MemberRole, Membership, Organisation
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in, make_user, post_form

PROFILE = "/employer/profile"
FORM = {
    "name": "Acier du Sahel SA",
    "country": "FR",
    "description": "Construction métallique, ateliers à Thiès et à Dakar.",
    "sectors": ["construction", "manufacturing"],
    "regions": ["SN.07", "SN.01"],
    "size": "50-249",
    "website": "www.acier-sahel.example",
    "contact_email": "Recrutement@Acier-Sahel.example",
    "contact_phone": "+221 33 800 00 00",
}


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


async def test_a_member_edits_the_profile_and_returnees_read_it_with_the_open_vacancies(client, db):
    owner, org = await make_employer(db)
    colleague = await make_user(db, email="collegue@acier.example", role="employer")
    db.add(Membership(organisation_id=org.id, user_id=colleague.id, role=MemberRole.MEMBER))
    await db.commit()
    await make_vacancy(db, organisation=org, title="Chaudronnier")
    await make_vacancy(db, organisation=org, title="Brouillon secret", status="draft")
    await log_in(client, colleague.email)
    response = await post_form(client, PROFILE, FORM, page=PROFILE)
    assert response.status_code == 303
    stored = (await db.exec(select(Organisation).execution_options(populate_existing=True))).one()
    # A verified employer's new name waits for a verifier (test_verified_employer_rename.py); the rest is saved.
    assert (stored.name, stored.pending_name) == ("Acier du Sahel", "Acier du Sahel SA")
    assert stored.sectors == ["construction", "manufacturing"]
    assert stored.regions == ["SN.07", "SN.01"] and stored.website == "https://www.acier-sahel.example"
    assert stored.contact_email == "recrutement@acier-sahel.example" and stored.size == "50-249"

    client.cookies.clear()
    page = await client.get(f"/employers/{org.id}")
    assert page.status_code == 200
    assert "Acier du Sahel SA" not in page.text and "Acier du Sahel" in page.text
    assert "Construction métallique" in page.text and "Thiès" in page.text
    assert "Chaudronnier" in page.text and "Brouillon secret" not in page.text
    assert owner.email not in page.text  # the members' own addresses stay private


async def test_bad_profile_values_are_refused_with_messages_and_kept(client, db):
    user, _org = await make_employer(db)
    await log_in(client, user.email)
    bad = {**FORM, "name": "", "website": "javascript:alert(1)", "contact_email": "nope", "regions": ["XX.99"]}
    response = await post_form(client, PROFILE, bad, page=PROFILE)
    assert response.status_code == 422
    assert fr("This field is required.") in response.text
    assert fr("Enter a web address starting with http:// or https://.") in response.text
    assert fr("Choose regions from the list.") in response.text
    assert "Construction métallique" in response.text
    name = (await db.exec(select(Organisation.name))).one()
    assert name == "Acier du Sahel"


async def test_an_unverified_employer_is_told_what_verification_means_and_has_no_public_page(client, db):
    user, org = await make_employer(db, status="unverified")
    await log_in(client, user.email)
    page = await client.get(PROFILE)
    assert page.status_code == 200 and "org-status-unverified" in page.text
    assert (await client.get("/employer/vacancies")).text.count("org-status-unverified") == 1
    client.cookies.clear()
    assert (await client.get(f"/employers/{org.id}")).status_code == 404
