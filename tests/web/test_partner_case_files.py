"""Partner caseworkers see the returnees who consented to their organisation, as its agreement allows; audited."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlmodel import delete, select

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core.i18n import use_locale
from sankofa.core.i18n.labels import audit_label
from sankofa.core.models import AuditEvent
from sankofa.organisations.models import Organisation
from sankofa.profiles import view as profile_view
from sankofa.profiles.models import ProfileSkill, ReturneeProfile
from sankofa.reference.models import EscoSkill
from tests.support.web import log_in, make_user, post_form

PHONE = "+221 77 555 12 34"


async def caseworker(db, *, email: str, org_name: str, status: str = "verified") -> int:
    """A partner caseworker (English interface) owning `org_name`; returns the organisation id."""
    await make_user(
        db,
        email=email,
        role="partner",
        name=f"Case {org_name}",
        locale="en",
        org=("partner", org_name),
        org_status=status,
    )
    org = (await db.exec(select(Organisation).where(Organisation.name == org_name))).one()
    return org.id


async def agreement(db, org_id: int, groups: list[str]) -> None:
    db.add(DataSharingAgreement(organisation_id=org_id, field_groups=groups, valid_from=date.today()))
    await db.commit()


async def returnee(
    db,
    *,
    email: str,
    name: str,
    consent_to: tuple[int, ...] = (),
    revoked: tuple[int, ...] = (),
    birth_year: int = 1987,
) -> ReturneeProfile:
    """A returnee with a profile (phone, birth year, one ESCO skill) and consents to partner organisations."""
    user = await make_user(db, email=email, name=name)
    profile = ReturneeProfile(user_id=user.id, full_name=name, contact_email=email, phone=PHONE, birth_year=birth_year)
    db.add(profile)
    await db.flush()
    uri = (await db.exec(select(EscoSkill.uri).order_by(EscoSkill.uri).limit(1))).one()
    db.add(ProfileSkill(profile_id=profile.id, skill_uri=uri))
    for org_id in consent_to:
        db.add(PartnerConsent(profile_id=profile.id, organisation_id=org_id))
    for org_id in revoked:
        db.add(PartnerConsent(profile_id=profile.id, organisation_id=org_id, revoked_at=datetime.now(UTC)))
    await db.commit()
    return profile


async def test_partner_lists_only_returnees_who_consented_to_its_organisation(client, db):
    own = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    other = await caseworker(db, email="case@other.example", org_name="Other Partner")
    await agreement(db, own, ["identity"])
    await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(own,))
    await returnee(db, email="moussa@example.org", name="Moussa Keita", consent_to=(other,))
    fanta = await returnee(db, email="fanta@example.org", name="Fanta Camara", revoked=(own,))
    await log_in(client, "case@ong.example")
    listing = await client.get("/partner/returnees")
    assert listing.status_code == 200
    assert "Awa Diop" in listing.text
    assert "Moussa Keita" not in listing.text and "Fanta Camara" not in listing.text
    assert (await client.get(f"/partner/returnees/{fanta.public_id}")).status_code == 404  # consent withdrawn


async def test_search_uses_names_only_when_the_agreement_covers_identity(client, db):
    own = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    awa = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(own,))
    moussa = await returnee(db, email="moussa@example.org", name="Moussa Keita", consent_to=(own,))
    await log_in(client, "case@ong.example")
    by_name = await client.get("/partner/returnees", params={"q": "Awa"})
    assert profile_view.handle(awa) not in by_name.text  # no identity: names are not searchable
    by_handle = await client.get("/partner/returnees", params={"q": profile_view.handle(moussa).lower()})
    assert profile_view.handle(moussa) in by_handle.text and profile_view.handle(awa) not in by_handle.text
    assert "Moussa" not in by_handle.text
    await agreement(db, own, ["identity"])
    by_name = await client.get("/partner/returnees", params={"q": "awa d"})
    assert "Awa Diop" in by_name.text and "Moussa Keita" not in by_name.text


async def test_an_unverified_partner_organisation_sees_nothing(client, db):
    org = await caseworker(db, email="case@new.example", org_name="New Partner", status="unverified")
    await agreement(db, org, ["identity", "contact"])
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    await log_in(client, "case@new.example")
    listing = await client.get("/partner/returnees")
    assert "Awa Diop" not in listing.text and profile_view.handle(profile) not in listing.text
    assert (await client.get(f"/partner/returnees/{profile.public_id}")).status_code == 404


async def test_fields_beyond_the_agreement_never_reach_the_page(client, db):
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    await log_in(client, "case@ong.example")
    path = f"/partner/returnees/{profile.public_id}"
    professional_only = await client.get(path)
    assert professional_only.status_code == 200
    assert profile_view.handle(profile) in professional_only.text
    assert "Awa Diop" not in professional_only.text and "awa@example.org" not in professional_only.text
    assert PHONE not in professional_only.text and "<dd>1987</dd>" not in professional_only.text
    assert "/partner/returnees/" + str(profile.public_id) + "/measures" not in professional_only.text

    await agreement(db, org, ["identity"])
    identity = await client.get(path)
    assert "Awa Diop" in identity.text and "<dd>1987</dd>" not in identity.text
    assert PHONE not in identity.text and "awa@example.org" not in identity.text

    await agreement(db, org, ["demographics"])
    demographics = await client.get(path)
    assert "Awa Diop" in demographics.text and "<dd>1987</dd>" in demographics.text
    assert PHONE not in demographics.text


async def test_each_view_is_audited_and_the_returnee_reads_it_on_their_account(client, db):
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    await log_in(client, "case@ong.example")
    await client.get(f"/partner/returnees/{profile.public_id}")
    await client.get(f"/partner/returnees/{profile.public_id}")
    views = (await db.exec(select(AuditEvent).where(AuditEvent.action == "profile.viewed"))).all()
    assert len(views) == 2
    assert {(v.actor_organisation_id, v.subject_user_id) for v in views} == {(org, profile.user_id)}
    assert views[0].detail == {"fields": ["professional"], "context": "partner"}

    client.cookies.clear()
    await log_in(client, "awa@example.org")
    account = await client.get("/account")
    with use_locale("fr"):
        assert account.text.count(f"<td>{audit_label('profile.viewed')}</td>") == 2


async def test_a_partner_without_consent_gets_404_and_cannot_validate(client, db):
    own = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    await caseworker(db, email="case@other.example", org_name="Other Partner")
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(own,))
    skill = (await db.exec(select(ProfileSkill))).one()
    await log_in(client, "case@other.example")
    assert (await client.get(f"/partner/returnees/{profile.public_id}")).status_code == 404
    refused = await post_form(
        client,
        f"/partner/returnees/{profile.public_id}/skills/{skill.id}/validation",
        {"evidence": "Seen at work"},
        page="/account",
    )
    assert refused.status_code == 404
    await db.refresh(skill)
    assert skill.validated_at is None
    assert (await db.exec(select(AuditEvent).where(AuditEvent.action == "profile.viewed"))).all() == []


async def test_admin_adds_an_agreement_and_the_partner_then_sees_contact_details(client, db):
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    await make_user(db, email="admin@sankofa.example", role="admin", locale="en")
    await log_in(client, "admin@sankofa.example")
    path = f"/admin/organisations/{org}/agreements"
    assert (await client.get(path)).status_code == 200
    missing = await post_form(client, path, {"valid_from": "2020-01-01", "reference": "DSA-7"}, page=path)
    assert missing.status_code == 422 and 'id="e-field_groups"' in missing.text
    assert 'value="DSA-7"' in missing.text
    backwards = await post_form(
        client, path, {"field_groups": ["contact"], "valid_from": "2020-01-01", "valid_until": "2019-12-31"}, page=path
    )
    assert backwards.status_code == 422 and 'id="e-valid_until"' in backwards.text
    start = (date.today() - timedelta(days=1)).isoformat()
    added = await post_form(client, path, {"field_groups": ["contact", "needs"], "valid_from": start}, page=path)
    assert added.status_code == 303
    stored = (await db.exec(select(DataSharingAgreement))).one()
    assert stored.field_groups == ["contact", "needs"] and stored.valid_from.isoformat() == start
    assert (await db.exec(select(AuditEvent).where(AuditEvent.action == "agreement.added"))).one()

    client.cookies.clear()
    await log_in(client, "case@ong.example")
    page = await client.get(f"/partner/returnees/{profile.public_id}")
    assert PHONE in page.text and "awa@example.org" in page.text and "Awa Diop" not in page.text


async def test_agreements_exist_only_for_partner_organisations_and_only_admins_manage_them(client, db):
    await make_user(db, email="boss@firm.example", role="employer", org=("employer", "Firm"))
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    await make_user(db, email="admin@sankofa.example", role="admin", locale="en")
    await log_in(client, "case@ong.example")
    assert (await client.get(f"/admin/organisations/{org}/agreements")).status_code == 403
    client.cookies.clear()
    await log_in(client, "admin@sankofa.example")
    firm = (await db.exec(select(Organisation).where(Organisation.name == "Firm"))).one()
    assert (await client.get(f"/admin/organisations/{firm.id}/agreements")).status_code == 404


async def test_no_combination_of_agreed_groups_leaks_a_field_outside_it(client, db):
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    profile.return_status, profile.host_country, profile.expected_pay, profile.pay_currency = (
        "returned",
        "IT",
        987654,
        "XOF",
    )
    profile.needs = ["housing"]
    db.add(profile)
    await db.commit()
    secrets = {
        "identity": ["Awa Diop"],
        "demographics": ["<dd>1987</dd>"],
        "contact": [PHONE, "awa@example.org"],
        "return": ["Italy"],
        "pay": ["987,654"],
        "needs": ['value="housing" checked'],
    }
    await log_in(client, "case@ong.example")
    for groups in itertools.chain.from_iterable(itertools.combinations(secrets, n) for n in range(len(secrets) + 1)):
        await db.exec(delete(DataSharingAgreement))
        await agreement(db, org, list(groups))
        text = (await client.get(f"/partner/returnees/{profile.public_id}")).text
        for group, values in secrets.items():
            for value in values:
                assert (value in text) == (group in groups), (groups, value)
