"""Two of each party, for the role × route matrix: side A is the signed-in parties' own, side B another party's.

Side A: returnee A (visible to employers, applied to employer 1, consenting to partner 1), employer 1, partner 1
(whose agreement covers identity, the professional profile and needs). Side B: returnee B (hidden, applied to employer 2
only), employer 2, partner 2 (no agreement, no consent). Each returnee has a skill, an experience, an application
with a message, a saved search and a contact request from the other side's employer; each employer a published
vacancy (reported once), an import and an API key. Plus a local authority, an investor (address confirmed) with
their fund, and an administrator.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.applications.models import ApplicationMessage
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.imports import uploads as vacancy_import
from sankofa.organisations import api_keys
from sankofa.organisations.models import Organisation, OrgKind
from sankofa.profiles.models import ContactRequest, Experience, ProfileSkill, ReturneeProfile
from sankofa.search import alerts
from sankofa.vacancies.models import VacancyReport
from tests.support.applications import make_application
from tests.support.events import make_event, make_registration
from tests.support.imports import csv_bytes, good_row
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user
from tests.web.test_candidates_factories import grant, make_returnee

# Who signs in for each role (the side A party where the role has sides).
EMAILS = {
    Role.RETURNEE: "returnee-1@matrix.test",
    Role.EMPLOYER: "employer-1@matrix.test",
    Role.INVESTOR: "investor@matrix.test",
    Role.AUTHORITY: "authority@matrix.test",
    Role.PARTNER: "partner-1@matrix.test",
    Role.ADMIN: "admin@matrix.test",
}


@dataclass(frozen=True)
class Side:
    """The ids one side of the world puts in paths."""

    profile: str  # public id of the returnee's profile
    skill: int
    experience: int
    application: int
    search: int
    unsubscribe: str  # the saved search's unsubscribe token
    request: int  # the contact request made to this side's returnee
    vacancy: str  # public id of the employer's vacancy
    external_ref: str
    report: int
    import_id: str
    key_id: int
    employer: int
    partner: int
    event: str = ""  # public id of this side's authority's published event
    registration: str = ""  # public id of this side's returnee's (pending) registration to it


@dataclass(frozen=True)
class World:
    a: Side
    b: Side
    orgs: dict[str, int]  # the signed-in user's own organisation, by role
    api_secret: str  # employer 1's API key


async def _one(db: AsyncSession, model: type, profile_id: int | None) -> int:
    return (await db.exec(select(model.id).where(model.profile_id == profile_id))).one()  # type: ignore[attr-defined]


async def _org_of(db: AsyncSession, email: str, kind: OrgKind) -> tuple[User, int]:
    user = await make_user(db, email=email, role=kind if kind != OrgKind.FUND else Role.INVESTOR, org=(kind, email))
    org = (await db.exec(select(Organisation).where(Organisation.name == email))).one()
    assert org.id is not None
    return user, org.id


async def _side(db: AsyncSession, settings: Settings, *, name: str, visible: bool) -> tuple[Side, str]:
    """One side's returnee, employer and partner, tied together; returns it and its employer's API key."""
    employer, org = await make_employer(db, email=f"employer-{name}@matrix.test", name=f"Employer {name}")
    _partner, partner_org = await _org_of(db, f"partner-{name}@matrix.test", OrgKind.PARTNER)
    vacancy = await make_vacancy(db, organisation=org, external_ref=f"REF-{name}")
    user, profile = await make_returnee(
        db, email=f"returnee-{name}@matrix.test", visible=visible, public_id=uuid.uuid4()
    )
    assert org.id is not None and profile.id is not None and vacancy.id is not None
    application = await make_application(db, vacancy=vacancy, profile=profile)
    await grant(db, profile=profile, organisation_id=org.id)
    assert application.id is not None
    db.add(ApplicationMessage(application_id=application.id, from_employer=False, body=f"Message from {name}"))
    report = VacancyReport(vacancy_id=vacancy.id, reason="scam", details=f"Report {name}")
    db.add(report)
    await db.commit()
    search = await alerts.create(
        db, user=user, name=f"Search {name}", frequency="weekly", query={"q": "soudeur"}, settings=settings, locale="fr"
    )
    upload = await vacancy_import.create(
        db,
        user=employer,
        filename=f"{name}.csv",
        content=csv_bytes([good_row(1)]),
        publish=False,
        locale="fr",
        max_bytes=1_000_000,
    )
    key, secret = await api_keys.create(db, user=employer, name=f"ERP {name}")
    assert search.id is not None and key.id is not None and report.id is not None
    side = Side(
        profile=str(profile.public_id),
        skill=await _one(db, ProfileSkill, profile.id),
        experience=await _one(db, Experience, profile.id),
        application=application.id,
        search=search.id,
        unsubscribe=alerts.unsubscribe_token(settings, search_id=search.id),
        request=0,
        vacancy=str(vacancy.public_id),
        external_ref=f"REF-{name}",
        report=report.id,
        import_id=str(upload.id),
        key_id=key.id,
        employer=org.id,
        partner=partner_org,
    )
    return side, secret


async def _contact_request(db: AsyncSession, *, side: Side, from_employer: int) -> int:
    profile = (await db.exec(select(ReturneeProfile).where(ReturneeProfile.public_id == uuid.UUID(side.profile)))).one()
    assert profile.id is not None
    request = ContactRequest(profile_id=profile.id, organisation_id=from_employer, message="May we talk?")
    db.add(request)
    await db.commit()
    assert request.id is not None
    return request.id


async def build(db: AsyncSession, settings: Settings) -> World:
    """The whole world, committed."""
    a, secret = await _side(db, settings, name="1", visible=True)
    b, _secret = await _side(db, settings, name="2", visible=False)
    a = _with_request(a, await _contact_request(db, side=a, from_employer=b.employer))
    b = _with_request(b, await _contact_request(db, side=b, from_employer=a.employer))
    profile_a = (await db.exec(select(ReturneeProfile).where(ReturneeProfile.public_id == uuid.UUID(a.profile)))).one()
    assert profile_a.id is not None
    db.add(PartnerConsent(profile_id=profile_a.id, organisation_id=a.partner))
    db.add(
        DataSharingAgreement(
            organisation_id=a.partner,
            field_groups=["identity", "professional", "needs"],
            valid_from=datetime.now(UTC).date(),
        )
    )
    await db.commit()
    _authority, authority_org = await _org_of(db, EMAILS[Role.AUTHORITY], OrgKind.AUTHORITY)
    _investor, fund = await _org_of(db, EMAILS[Role.INVESTOR], OrgKind.FUND)
    await make_user(db, email=EMAILS[Role.ADMIN], role=Role.ADMIN)
    # Every organisation asked for a new name, so that a verifier's decision reaches the organisation itself.
    await db.exec(text("UPDATE organisation SET pending_name = name || ' (new)', pending_name_at = now()"))  # type: ignore[call-overload]
    await db.commit()
    _authority_b, authority_b = await _org_of(db, "authority-2@matrix.test", OrgKind.AUTHORITY)
    a = await _with_event(db, a, authority=authority_org, returnee="returnee-1@matrix.test", co_organiser=a.partner)
    b = await _with_event(db, b, authority=authority_b, returnee="returnee-2@matrix.test", co_organiser=None)
    orgs = {Role.EMPLOYER: a.employer, Role.PARTNER: a.partner, Role.AUTHORITY: authority_org, Role.INVESTOR: fund}
    return World(a=a, b=b, orgs=orgs, api_secret=secret)


async def _with_event(db: AsyncSession, side: Side, *, authority: int, returnee: str, co_organiser: int | None) -> Side:
    """A published, validated event of `authority` with seats for every kind, and the side's returnee pending."""
    event, categories = await make_event(db, organisation_id=authority, mode="validated", co_organiser=co_organiser)
    user = (await db.exec(select(User).where(User.email == returnee))).one()
    registration = await make_registration(
        db, event=event, category=categories["returnee"], user=user, status="pending"
    )
    return Side(**{**side.__dict__, "event": str(event.public_id), "registration": str(registration.public_id)})


def _with_request(side: Side, request_id: int) -> Side:
    return Side(**{**side.__dict__, "request": request_id})


# Side B's rows, by table: what a refused write must leave exactly as it was.
_SIDE_B_ROWS = {
    "vacancy": "public_id = :vacancy",
    "vacancy_report": "id = :report",
    "application": "id = :application",
    "application_message": "application_id = :application",
    "application_event": "application_id = :application",
    "saved_search": "id = :search",
    "vacancy_import": "id = :import_id",
    "api_key": "id = :key_id",
    "returnee_profile": "public_id = :profile",
    "profile_skill": "profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "experience": "profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "partner_consent": "profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "contact_request": "id = :request OR profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "contact_grant": "profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "reintegration_measure": "profile_id = (SELECT id FROM returnee_profile WHERE public_id = :profile)",
    "organisation": "id IN (:employer, :partner)",
    "membership": "organisation_id IN (:employer, :partner)",
    "invitation": "organisation_id IN (:employer, :partner)",
    "data_sharing_agreement": "organisation_id = :partner",
    "event": "public_id = :event",
    "event_category": "event_id = (SELECT id FROM event WHERE public_id = :event)",
    "event_registration": "event_id = (SELECT id FROM event WHERE public_id = :event)",
}
_FINGERPRINT = text(
    "SELECT "
    + ", ".join(
        f"(SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.id), '[]') FROM {table} t WHERE {where})"
        for table, where in _SIDE_B_ROWS.items()
    )
)


async def fingerprint(db: AsyncSession, side: Side) -> dict[str, object]:
    """Every row of `side` a write could touch, read afresh, by table."""
    params = {**side.__dict__, "vacancy": uuid.UUID(side.vacancy), "profile": uuid.UUID(side.profile)}
    params["import_id"] = uuid.UUID(side.import_id)
    params["event"], params["registration"] = uuid.UUID(side.event), uuid.UUID(side.registration)
    row = (await db.execute(_FINGERPRINT, params)).one()
    await db.rollback()  # end the read: the next fingerprint sees what the app committed since
    return dict(zip(_SIDE_B_ROWS, row, strict=True))
