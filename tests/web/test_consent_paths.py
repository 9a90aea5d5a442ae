"""The returnee's own consent to be seen, through the page that gives it, and the rules that read consent in bulk.

The visibility step is the one place where a returnee agrees that verified employers and investors see the
anonymous profile; it is driven here by HTTP, as the returnee and as a caseworker the returnee consented to.
Card lists read grants and consents for many profiles at once (`visibility.allowed_groups_many`): for every kind
of viewer they must give exactly what the one-profile rule gives.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements import sharing as agreements
from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core.errors import PermissionDenied, ValidationFailed
from sankofa.core.models import Mail
from sankofa.core.settings import get_settings
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.profiles import contacts, visibility
from sankofa.profiles.models import ReturneeProfile
from tests.support.vacancies import make_employer
from tests.support.web import make_user
from tests.web.test_candidates_factories import grant, make_returnee
from tests.web.test_partner_consent import partner, signed_in


async def _listed(app, email: str, public_id: str) -> bool:  # type: ignore[no-untyped-def]
    async with signed_in(app, email) as employer:
        response = await employer.get("/candidates")
        assert response.status_code == 200
        return public_id in response.text


async def test_the_visibility_step_shows_and_hides_the_profile_from_employers(app, client, db: AsyncSession) -> None:  # type: ignore[no-untyped-def]
    user, profile = await make_returnee(db, visible=False)
    employer, _org = await make_employer(db)
    public_id = str(profile.public_id)
    assert not await _listed(app, employer.email, public_id)  # hidden until the returnee says otherwise

    async with signed_in(app, user.email) as returnee:
        shown = await returnee.post(f"/profiles/{public_id}/edit/visibility", {"visible_to_employers": "on"})
        assert shown.status_code == 303
        assert await _listed(app, employer.email, public_id)
        # An unticked box is not sent by the browser: the choice is withdrawn at once.
        hidden = await returnee.post(f"/profiles/{public_id}/edit/visibility", {})
        assert hidden.status_code == 303
    assert not await _listed(app, employer.email, public_id)
    await db.refresh(profile)
    assert (profile.visible_to_employers, profile.disclose_return_status, profile.show_pay_to_employers) == (
        False,
        False,
        False,
    )


async def test_a_caseworker_cannot_make_the_profile_visible_for_the_returnee(app, db: AsyncSession) -> None:  # type: ignore[no-untyped-def]
    _user, profile = await make_returnee(db, visible=False)
    org_id = await partner(db, email="case@ong.example", name="ONG Retour", groups=("identity", "professional"))
    assert profile.id is not None
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=org_id))
    await db.commit()
    async with signed_in(app, "case@ong.example") as caseworker:
        page = await caseworker.get(f"/profiles/{profile.public_id}/edit/visibility")
        assert page.status_code == 200 and 'name="visible_to_employers"' not in page.text
        refused = await caseworker.post(
            f"/profiles/{profile.public_id}/edit/visibility", {"visible_to_employers": "on"}
        )
        assert refused.status_code == 403
    await db.refresh(profile)
    assert profile.visible_to_employers is False


async def test_groups_read_for_a_list_equal_the_groups_read_one_by_one_for_every_viewer(db: AsyncSession) -> None:
    owner, granted = await make_returnee(db, email="granted@example.org")
    _, listed = await make_returnee(db, email="listed@example.org", public_id=uuid.uuid4())
    _, hidden = await make_returnee(db, email="hidden@example.org", visible=False, public_id=uuid.uuid4())
    employer, employer_org = await make_employer(db)
    _, other_org = await make_employer(db, email="hr@other.example", name="Other SARL")
    assert employer_org.id is not None and granted.id is not None and hidden.id is not None
    await grant(db, profile=granted, organisation_id=employer_org.id)
    partner_org = await partner(db, email="case@ong.example", name="ONG Retour", groups=("identity", "needs"))
    await partner(db, email="case@other.example", name="Autre ONG", groups=("professional",))
    db.add(PartnerConsent(profile_id=hidden.id, organisation_id=partner_org))
    db.add(PartnerConsent(profile_id=granted.id, organisation_id=partner_org))
    await db.commit()
    investor = await make_user(db, email="fund@example.org", role="investor", org=("investor", "Diaspora Fund"))
    admin = await make_user(db, email="admin@example.org", role="admin")
    other_hr = (await db.exec(select(User).where(User.email == "hr@other.example"))).one()
    caseworkers = (await db.exec(select(User).where(User.role == "partner"))).all()
    profiles = [granted, listed, hidden]
    seen: dict[str, list[frozenset[str]]] = {}
    for user in (owner, employer, other_hr, investor, admin, *caseworkers):
        viewer = await visibility.viewer_for(db, user)
        batched = await visibility.allowed_groups_many(db, profiles=profiles, viewer=viewer)
        one_by_one = [await visibility.allowed_groups(db, profile=p, viewer=viewer) for p in profiles]
        assert batched == one_by_one, user.email
        seen[str(user.email)] = batched
    assert other_org.id is not None
    # The cases the comparison went through, so that it cannot pass on empty sets alone.
    assert visibility.FieldGroup.CONTACT in seen[str(employer.email)][0]  # granted: named
    assert seen[str(employer.email)][1] == {visibility.FieldGroup.PROFESSIONAL}  # visible: anonymous
    assert seen[str(employer.email)][2] == frozenset()  # hidden
    assert visibility.FieldGroup.CONTACT not in seen["hr@other.example"][0]  # the grant is for one organisation
    agreed = frozenset({"identity", "needs", "professional"})  # professional always; the rest as agreed
    assert seen["case@ong.example"] == [agreed, frozenset(), agreed]
    assert seen["case@other.example"] == [frozenset(), frozenset(), frozenset()]  # an agreement, but no consent


async def test_only_an_administrator_records_an_agreement_and_its_reference_is_bounded(db: AsyncSession) -> None:
    org_id = await partner(db, email="case@ong.example", name="ONG Retour")
    caseworker = (await db.exec(select(User).where(User.email == "case@ong.example"))).one()
    admin = await make_user(db, email="admin@example.org", role="admin")
    form = {"field_groups": ["professional"], "valid_from": date.today().isoformat(), "reference": "DSA-2026-7"}
    with pytest.raises(PermissionDenied):
        await agreements.add_agreement(db, actor=caseworker, organisation_id=org_id, form=form)
    with pytest.raises(ValidationFailed) as refused:
        await agreements.add_agreement(db, actor=admin, organisation_id=org_id, form={**form, "reference": "x" * 201})
    assert set(refused.value.errors) == {"reference"}
    recorded = await agreements.add_agreement(db, actor=admin, organisation_id=org_id, form=form)
    assert recorded.reference == "DSA-2026-7"
    stored = (await db.exec(select(DataSharingAgreement).where(DataSharingAgreement.organisation_id == org_id))).all()
    assert len(stored) == 2  # the fixture's agreement and this one
    assert (await db.get(Organisation, org_id)) is not None


async def test_a_contact_request_to_a_returnee_without_any_address_is_kept_without_a_mail(db: AsyncSession) -> None:
    user, profile = await make_returnee(db)
    user.email = None  # an account reached only through a caseworker, and no contact address on the profile
    profile.contact_email = None
    db.add_all([user, profile])
    await db.commit()
    employer, _org = await make_employer(db)
    viewer = await visibility.viewer_for(db, employer)
    request = await contacts.request_contact(
        db, viewer=viewer, public_id=profile.public_id, message="Bonjour", settings=get_settings()
    )
    assert request.id is not None
    assert (await db.exec(select(Mail))).all() == []
    refreshed = await db.get(ReturneeProfile, profile.id)
    assert refreshed is not None and refreshed.contact_email is None
