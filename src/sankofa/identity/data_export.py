"""Everything Sankofa keeps about one person, section by section (the download and the readable page).

`SECTIONS` names the section that holds each table's rows about the person; tests/web/test_data_export.py fails
when a table pointing at a user or a profile is in neither `SECTIONS` nor its list of tables that hold nothing
personal, so a new table cannot be forgotten here.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage
from sankofa.core.models import AuditEvent, Mail
from sankofa.events.models import Event, EventRegistration
from sankofa.identity.models import EmailToken, User, WebSession
from sankofa.organisations.models import Membership, Organisation
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles.models import (
    Certification,
    ContactGrant,
    ContactRequest,
    Education,
    Experience,
    ProfileLanguage,
    ProfileRevision,
    ProfileSkill,
    ReturneeProfile,
)
from sankofa.search.models import SavedSearch
from sankofa.vacancies.models import Vacancy, VacancyReport

# Table → section of the export that holds its rows about the person.
SECTIONS: dict[str, str] = {
    "user": "account",
    "membership": "organisations",
    "mail": "emails_sent_to_you",
    "emailtoken": "email_links",
    "web_session": "sessions",
    "audit_event": "audit_log",
    "saved_search": "saved_searches",
    "vacancy_report": "vacancy_reports",
    "returnee_profile": "profile",
    "profile_language": "languages",
    "education": "education",
    "experience": "experience",
    "certification": "certifications",
    "profile_skill": "skills",
    "partner_consent": "partner_consents",
    "contact_request": "contact_requests",
    "contact_grant": "contact_grants",
    "reintegration_measure": "support_received",
    "profile_revision": "profile_changes",
    "application": "applications",
    "application_event": "applications",  # each application's "history"
    "application_message": "applications",  # each application's "messages"
    "event_registration": "event_registrations",
}
# Secrets kept only as hashes, and keys: never useful to the person, and dangerous in a file that travels.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "unsubscribe_hash", "csrf_token"})


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row(item: SQLModel, *, without: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every column of a row, JSON-ready, without secrets (and without the `without` columns)."""
    skip = SECRET_COLUMNS | without
    return {
        column.name: _value(getattr(item, column.name))
        for column in item.__table__.columns  # type: ignore[attr-defined]
        if column.name not in skip
    }


async def _all(session: AsyncSession, stmt: Any) -> list[Any]:
    return list((await session.exec(stmt)).all())


async def _names(session: AsyncSession, *, user_ids: set[int | None], org_ids: set[int | None]) -> dict[str, dict]:
    users = await _all(session, select(User.id, User.display_name).where(col(User.id).in_(user_ids - {None})))
    orgs = await _all(
        session, select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(org_ids - {None}))
    )
    return {"users": dict(users), "orgs": dict(orgs)}


async def collect(session: AsyncSession, *, user: User) -> dict[str, Any]:
    """The person's data, one key per section of `SECTIONS` (empty lists when there is nothing)."""
    assert user.id is not None
    data: dict[str, Any] = {"account": row(user)}
    memberships = await _all(
        session,
        select(Membership, Organisation)
        .join(Organisation, col(Organisation.id) == Membership.organisation_id)
        .where(Membership.user_id == user.id),
    )
    data["organisations"] = [
        row(m) | {"name": org.name, "kind": org.kind, "status": org.status, "member_role": m.role}
        for m, org in memberships
    ]
    mails = await _all(session, select(Mail).where(Mail.to_address == user.email).order_by(col(Mail.created_at)))
    data["emails_sent_to_you"] = [
        {"subject": m.subject, "status": m.status, "created_at": _value(m.created_at), "body": m.body_text}
        for m in mails
    ]
    tokens = await _all(session, select(EmailToken).where(EmailToken.user_id == user.id))
    data["email_links"] = [row(t) for t in tokens]
    sessions = await _all(session, select(WebSession).where(WebSession.user_id == user.id))
    data["sessions"] = [row(s, without=frozenset({"id", "data"})) for s in sessions]
    events = await _all(
        session,
        select(AuditEvent)
        .where(or_(col(AuditEvent.subject_user_id) == user.id, col(AuditEvent.actor_user_id) == user.id))
        .order_by(col(AuditEvent.at)),
    )
    data["audit_log"] = [row(e) for e in events]
    searches = await _all(session, select(SavedSearch).where(SavedSearch.user_id == user.id))
    data["saved_searches"] = [row(s) for s in searches]
    reports = await _all(session, select(VacancyReport).where(VacancyReport.reporter_user_id == user.id))
    data["vacancy_reports"] = [row(r, without=frozenset({"resolved_by_id"})) for r in reports]
    data["event_registrations"] = await _event_registrations(session, user_id=user.id)
    profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).one_or_none()
    data.update(await _profile_sections(session, profile=profile))
    return data


async def _profile_sections(session: AsyncSession, *, profile: ReturneeProfile | None) -> dict[str, Any]:
    keys = {SECTIONS[name] for name in SECTIONS if name not in _ACCOUNT_TABLES}
    if profile is None:
        return {key: [] for key in sorted(keys)} | {"profile": None}
    pid = profile.id
    simple: dict[str, Any] = {
        "languages": ProfileLanguage,
        "education": Education,
        "experience": Experience,
        "certifications": Certification,
        "profile_changes": ProfileRevision,
        "contact_requests": ContactRequest,
        "contact_grants": ContactGrant,
        "support_received": ReintegrationMeasure,
    }
    out: dict[str, Any] = {"profile": row(profile)}
    rows_of: dict[str, list[Any]] = {}
    for key, model in simple.items():
        rows_of[key] = await _all(session, select(model).where(model.profile_id == pid).order_by(col(model.id)))
    skills = await _all(session, select(ProfileSkill).where(ProfileSkill.profile_id == pid))
    consents = await _all(session, select(PartnerConsent).where(PartnerConsent.profile_id == pid))
    user_ids: set[int | None] = {s.validated_by_user_id for s in skills}
    user_ids |= {r.editor_user_id for r in rows_of["profile_changes"]}
    user_ids |= {m.recorded_by_id for m in rows_of["support_received"]}
    org_ids: set[int | None] = {s.validated_by_organisation_id for s in skills} | {c.organisation_id for c in consents}
    for key in ("contact_requests", "contact_grants", "support_received"):
        org_ids |= {r.organisation_id for r in rows_of[key]}
    org_ids |= {r.editor_organisation_id for r in rows_of["profile_changes"]}
    names = await _names(session, user_ids=user_ids, org_ids=org_ids)

    def named(item: Any, **links: str) -> dict[str, Any]:
        """The row, with the name of each linked person (`*_user_id` / `*_by_id`) or organisation."""
        data = row(item)
        for label, column in links.items():
            table = "orgs" if "organisation" in column else "users"
            data[label] = names[table].get(getattr(item, column))
        return data

    out["skills"] = [
        named(s, validated_by="validated_by_user_id", validated_by_organisation="validated_by_organisation_id")
        for s in skills
    ]
    out["profile_changes"] = [
        named(r, editor="editor_user_id", editor_organisation="editor_organisation_id")
        for r in rows_of["profile_changes"]
    ]
    out["support_received"] = [
        named(m, recorded_by="recorded_by_id", organisation="organisation_id") for m in rows_of["support_received"]
    ]
    for key in ("languages", "education", "experience", "certifications"):
        out[key] = [row(r) for r in rows_of[key]]
    for key in ("contact_requests", "contact_grants"):
        out[key] = [named(r, organisation="organisation_id") for r in rows_of[key]]
    out["partner_consents"] = [
        named(c, organisation="organisation_id")
        | {"agreements": await _agreements(session, organisation_id=c.organisation_id)}
        for c in consents
    ]
    out["applications"] = await _applications(session, profile_id=pid)
    return out


_ACCOUNT_TABLES = frozenset(
    {
        "user",
        "membership",
        "mail",
        "emailtoken",
        "web_session",
        "audit_event",
        "saved_search",
        "vacancy_report",
        "event_registration",
    }
)


async def _event_registrations(session: AsyncSession, *, user_id: int) -> list[dict[str, Any]]:
    """Each event registration with the event's title and organiser (what was shared, answers, status)."""
    found = await _all(
        session,
        select(EventRegistration, Event, Organisation)
        .join(Event, col(Event.id) == EventRegistration.event_id)
        .join(Organisation, col(Organisation.id) == Event.organisation_id)
        .where(EventRegistration.user_id == user_id)
        .order_by(col(EventRegistration.created_at)),
    )
    return [
        row(registration, without=frozenset({"decided_by_id"})) | {"event": event.title, "organiser": org.name}
        for registration, event, org in found
    ]


async def _agreements(session: AsyncSession, *, organisation_id: int) -> list[dict[str, Any]]:
    """The data-sharing agreements a consent covers: what the partner may see, for which period."""
    rows = await _all(
        session, select(DataSharingAgreement).where(DataSharingAgreement.organisation_id == organisation_id)
    )
    return [row(a) for a in rows]


async def _applications(session: AsyncSession, *, profile_id: int | None) -> list[dict[str, Any]]:
    """Each application with its vacancy, employer, history and messages."""
    found = await _all(
        session,
        select(Application, Vacancy, Organisation)
        .join(Vacancy, col(Vacancy.id) == Application.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(Application.profile_id == profile_id)
        .order_by(col(Application.created_at)),
    )
    ids = [application.id for application, _, _ in found]
    events = await _all(
        session,
        select(ApplicationEvent)
        .where(col(ApplicationEvent.application_id).in_(ids))
        .order_by(col(ApplicationEvent.created_at), col(ApplicationEvent.id)),
    )
    messages = await _all(
        session,
        select(ApplicationMessage)
        .where(col(ApplicationMessage.application_id).in_(ids))
        .order_by(col(ApplicationMessage.created_at), col(ApplicationMessage.id)),
    )
    return [
        row(application)
        | {
            "vacancy": vacancy.title,
            "employer": org.name,
            "history": [row(e) for e in events if e.application_id == application.id],
            "messages": [row(m) for m in messages if m.application_id == application.id],
        }
        for application, vacancy, org in found
    ]
