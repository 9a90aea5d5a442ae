"""A returnee allows a reintegration partner to see and help with the profile, and withdraws it again.

Consent is what lets a caseworker in: the case-file list, the case file, the JSON API and the assisted editor all
follow it, and only the returnee gives or withdraws it.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import httpx
import pytest
from sqlmodel import col, select

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core.errors import PermissionDenied
from sankofa.core.i18n import gettext, use_locale
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.profiles import editing as profiles
from sankofa.profiles import visibility
from sankofa.profiles.models import ProfileRevision, ReturneeProfile
from tests.support.web import csrf, log_in, make_user

NAME = "Awa Diop"


def fr(message: str) -> str:
    with use_locale("fr"):
        return gettext(message)


class Person:
    """One signed-in person with their own browser (cookies) and CSRF token."""

    def __init__(self, client: httpx.AsyncClient, token: str) -> None:
        self.client = client
        self.token = token

    async def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        return await self.client.post(path, data={**data, "_csrf": self.token})

    async def get(self, path: str) -> httpx.Response:
        return await self.client.get(path)


@asynccontextmanager
async def signed_in(app, email: str) -> AsyncIterator[Person]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await log_in(client, email)
        yield Person(client, await csrf(client, "/account"))


async def partner(
    db, *, email: str, name: str, status: str = "verified", groups: tuple[str, ...] = ("identity",)
) -> int:
    """A partner organisation owned by a caseworker, with a data-sharing agreement; returns its id."""
    await make_user(db, email=email, role="partner", name=f"Case {name}", org=("partner", name), org_status=status)
    org_id = (await db.exec(select(Organisation.id).where(Organisation.name == name))).one()
    db.add(DataSharingAgreement(organisation_id=org_id, field_groups=list(groups), valid_from=date.today()))
    await db.commit()
    return org_id


async def returnee(db) -> ReturneeProfile:  # type: ignore[no-untyped-def]
    user = await make_user(db, email="awa@example.org", name=NAME)
    profile = ReturneeProfile(user_id=user.id, full_name=NAME, contact_email="awa@example.org")
    db.add(profile)
    await db.commit()
    await db.refresh(profile)
    return profile


async def consents(db, profile_id: int) -> list[tuple[int, bool]]:
    """(organisation, still active) for every consent row of the profile, oldest first."""
    rows = await db.exec(
        select(PartnerConsent.organisation_id, PartnerConsent.revoked_at)
        .where(PartnerConsent.profile_id == profile_id)
        .order_by(col(PartnerConsent.id))
    )
    return [(org_id, revoked is None) for org_id, revoked in rows.all()]


def consent_form(org_id: int, *, allow: bool) -> dict[str, str]:
    return {"organisation_id": str(org_id), **({"consent": "on"} if allow else {})}


async def test_allowing_a_partner_shows_the_profile_to_its_caseworkers_and_withdrawing_hides_it(app, db):
    org = await partner(db, email="case@ong.example", name="ONG Retour")
    profile = await returnee(db)
    pid = str(profile.public_id)
    async with signed_in(app, "awa@example.org") as awa, signed_in(app, "case@ong.example") as caseworker:
        assert NAME not in (await caseworker.get("/partner/returnees")).text
        assert (await caseworker.get(f"/partner/returnees/{pid}")).status_code == 404
        assert (await caseworker.get(f"/api/v1/profiles/{pid}")).status_code == 404

        page = html.unescape((await awa.get(f"/profiles/{pid}/edit/visibility")).text)
        assert "ONG Retour" in page and fr("Allow") in page and fr("Allowed") not in page
        given = await awa.post(f"/profiles/{pid}/consents", consent_form(org, allow=True))
        assert given.status_code == 303 and given.headers["location"].endswith("/edit/visibility#partners")
        page = html.unescape((await awa.get(f"/profiles/{pid}/edit/visibility")).text)
        assert fr("Allowed") in page and fr("Withdraw") in page

        assert NAME in (await caseworker.get("/partner/returnees")).text
        assert (await caseworker.get(f"/partner/returnees/{pid}")).status_code == 200
        api = await caseworker.get(f"/api/v1/profiles/{pid}")
        assert api.status_code == 200 and api.json()["full_name"] == NAME
        assert (await caseworker.get(f"/profiles/{pid}/edit/about")).status_code == 200

        withdrawn = await awa.post(f"/profiles/{pid}/consents", consent_form(org, allow=False))
        assert withdrawn.status_code == 303
        assert NAME not in (await caseworker.get("/partner/returnees")).text
        assert (await caseworker.get(f"/partner/returnees/{pid}")).status_code == 404
        assert (await caseworker.get(f"/api/v1/profiles/{pid}")).status_code == 404
        assert (await caseworker.get(f"/profiles/{pid}/edit/about")).status_code == 403
        page = html.unescape((await awa.get(f"/profiles/{pid}/edit/visibility")).text)
        assert fr("Allowed") not in page

    assert await consents(db, profile.id) == [(org, False)]
    sections = (await db.exec(select(ProfileRevision.changes).where(ProfileRevision.section == "consent"))).all()
    assert sections == [{"organisation_id": org, "consent": True}, {"organisation_id": org, "consent": False}]


async def test_allowing_twice_keeps_one_consent_and_withdrawing_twice_changes_nothing(app, db):
    org = await partner(db, email="case@ong.example", name="ONG Retour")
    profile = await returnee(db)
    path = f"/profiles/{profile.public_id}/consents"
    async with signed_in(app, "awa@example.org") as awa:
        await awa.post(path, consent_form(org, allow=True))
        await awa.post(path, consent_form(org, allow=True))  # a double click, or a second tab
        assert await consents(db, profile.id) == [(org, True)]
        await awa.post(path, consent_form(org, allow=False))
        await awa.post(path, consent_form(org, allow=False))
        assert await consents(db, profile.id) == [(org, False)]
        await awa.post(path, consent_form(org, allow=True))  # allowed again: a new consent, the old one stays revoked
    assert await consents(db, profile.id) == [(org, False), (org, True)]


async def test_consent_goes_only_to_a_listed_partner_organisation(app, db):
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    employer = (await db.exec(select(Organisation.id).where(Organisation.name == "Firm"))).one()
    await partner(db, email="case@ong.example", name="ONG Retour")
    await partner(db, email="case@new.example", name="New Partner", status="unverified")
    profile = await returnee(db)
    pid = str(profile.public_id)
    async with signed_in(app, "awa@example.org") as awa:
        page = html.unescape((await awa.get(f"/profiles/{pid}/edit/visibility")).text)
        assert "ONG Retour" in page and "New Partner" not in page and "Firm" not in page
        for wrong in (str(employer), "999999", "ONG Retour", ""):
            refused = await awa.post(f"/profiles/{pid}/consents", {"organisation_id": wrong, "consent": "on"})
            assert refused.status_code == 422, wrong
            assert fr("Choose an organisation from the list.") in html.unescape(refused.text)
    assert await consents(db, profile.id) == []


async def test_only_the_returnee_gives_or_withdraws_consent(app, db):
    org = await partner(db, email="case@ong.example", name="ONG Retour", groups=("identity", "contact"))
    other = await partner(db, email="case@other.example", name="Other Partner")
    profile = await returnee(db)
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=org))
    await db.commit()
    path = f"/profiles/{profile.public_id}/consents"
    async with signed_in(app, "case@ong.example") as caseworker:
        assert (await caseworker.post(path, consent_form(org, allow=False))).status_code == 403
        assert (await caseworker.post(path, consent_form(other, allow=True))).status_code == 403
    await make_user(db, email="someone@example.org")
    async with signed_in(app, "someone@example.org") as someone:
        assert (await someone.post(path, consent_form(org, allow=False))).status_code == 403
    assert await consents(db, profile.id) == [(org, True)]

    # The service refuses too, whoever calls it: a caseworker who may edit the profile cannot change consent.
    caseworker_user = (await db.exec(select(User).where(User.email == "case@ong.example"))).one()
    viewer = visibility.Viewer(user=caseworker_user, organisation=await db.get(Organisation, org))
    await profiles.check_can_edit(db, profile=profile, viewer=viewer)  # assisted editing is allowed
    with pytest.raises(PermissionDenied):
        await profiles.set_partner_consent(db, profile=profile, viewer=viewer, organisation_id=org, consent=False)
    assert await consents(db, profile.id) == [(org, True)]


async def test_a_consent_to_an_unverified_partner_does_not_open_the_profile(app, db):
    org = await partner(db, email="case@new.example", name="New Partner", status="unverified")
    profile = await returnee(db)
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=org))
    await db.commit()
    pid = str(profile.public_id)
    async with signed_in(app, "case@new.example") as caseworker:
        assert (await caseworker.get(f"/profiles/{pid}/edit/about")).status_code == 403
        assert (await caseworker.get(f"/api/v1/profiles/{pid}")).status_code == 404
        assert NAME not in (await caseworker.get("/partner/returnees")).text
