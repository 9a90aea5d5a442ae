"""A returnee downloads all their data: every table that holds something about them is in the file, row by row.

The tables are enumerated from SQLModel.metadata (every table with a column pointing at a user or a profile), so
a new table holding personal data fails here until `data_export.SECTIONS` exports it or `NOT_PERSONAL` below
says, with a reason, why it need not be.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, or_, select
from sqlmodel import SQLModel

from sankofa import all_models  # noqa: F401 - every table in the metadata
from sankofa.agreements.models import PartnerConsent
from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage
from sankofa.core.i18n import gettext, use_locale
from sankofa.core.models import AuditEvent, Mail
from sankofa.identity.data_export import SECTIONS
from sankofa.identity.models import EmailToken
from sankofa.organisations.models import Membership
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles.models import (
    Certification,
    ContactGrant,
    ContactRequest,
    Education,
    ProfileLanguage,
    ProfileRevision,
    ProfileSkill,
)
from sankofa.search.models import SavedSearch
from sankofa.vacancies.models import VacancyReport
from tests.support.events import make_authority, make_event, make_registration
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import log_in
from tests.web.test_candidates_factories import SECRETS, make_returnee
from tests.web.test_partner_consent import partner

# Tables that point at a user but hold nothing about that person, or hold it for an organisation:
NOT_PERSONAL = {
    "organisation": "verified_by_id names the administrator who verified it: the organisation's record",
    "invitation": "invited_by_id is who sent it; the row is the invitee's address, someone else's data",
    "vacancy": "created_by_id credits a member; the vacancy is the organisation's, exported by no one person",
    "vacancy_import": "created_by_id credits a member; the import is the organisation's",
    "api_key": "created_by_id credits a member; the key is the organisation's (and a secret)",
    "outbox_message": "`actor` is the name of a background job, not a person",
    "event": "created_by_id credits a member; the event is the local authority's",
}
PERSON_TABLES = {"user", "returnee_profile"}
EVIDENCE = "Vu sur le chantier de Thiès"
LETTER = "Je suis maçon depuis dix ans"
REPLY = "Pouvez-vous venir mardi ?"
CASEWORKER = "case@partner.example"


def _points_at_a_person(table: Table) -> list[str]:
    """The columns of `table` that point at a user or a profile (by foreign key, or by name)."""
    found = []
    for column in table.columns:
        keys = {fk.column.table.name for fk in column.foreign_keys}
        named = column.name in {"user_id", "profile_id"} or column.name.endswith(("_user_id", "_by_id"))
        if keys & PERSON_TABLES or named or "author" in column.name or "actor" in column.name:
            found.append(column.name)
    return found


def test_every_table_pointing_at_a_person_is_exported_or_said_not_personal() -> None:
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables}
    pointing = {name for name, table in tables.items() if _points_at_a_person(table)} | PERSON_TABLES
    forgotten = pointing - set(SECTIONS) - set(NOT_PERSONAL)
    assert not forgotten, f"tables with personal data neither exported nor listed in NOT_PERSONAL: {forgotten}"
    assert not set(SECTIONS) & set(NOT_PERSONAL)
    assert set(SECTIONS) <= set(tables)


async def _full_returnee(db):  # type: ignore[no-untyped-def]
    """A returnee with at least one row in every table of `SECTIONS`."""
    partner_id = await partner(db, email=CASEWORKER, name="OIM Dakar", groups=("identity", "professional"))
    _boss, org = await make_employer(db)
    vacancy = await make_vacancy(db, organisation=org)
    user, profile = await make_returnee(db, email="amina@example.org")
    uid, pid = user.id, profile.id
    caseworker_id = (await db.exec(select(Membership.user_id).where(Membership.organisation_id == partner_id))).one()[0]
    skill = (await db.exec(select(ProfileSkill).where(ProfileSkill.profile_id == pid))).one()[0]
    skill.validated_by_user_id, skill.validated_by_organisation_id, skill.evidence = caseworker_id, partner_id, EVIDENCE
    db.add(skill)
    now = datetime.now(UTC)
    db.add_all(
        [
            Membership(organisation_id=org.id, user_id=uid),  # unusual for a returnee, but the table must be covered
            Mail(to_address="amina@example.org", subject="Bienvenue", body_text="Bonjour Amina"),
            EmailToken(
                user_id=uid, purpose="verify_email", token_hash=uuid.uuid4().hex, expires_at=now + timedelta(days=1)
            ),
            AuditEvent(action="profile.viewed", actor_user_id=caseworker_id, subject_user_id=uid, detail={"x": 1}),
            SavedSearch(user_id=uid, name="Maçon Dakar", query={"q": "maçon"}, unsubscribe_hash=uuid.uuid4().hex),
            VacancyReport(vacancy_id=vacancy.id, reporter_user_id=uid, reason="fake", details="Annonce douteuse"),
            ProfileLanguage(profile_id=pid, language="wo", level="native"),
            Education(profile_id=pid, level="secondary", title="CAP maçonnerie", institution="Lycée de Thiès"),
            Certification(profile_id=pid, name="Sécurité chantier", issuer="OPPBTP"),
            PartnerConsent(profile_id=pid, organisation_id=partner_id),
            ContactRequest(profile_id=pid, organisation_id=org.id, message="Nous cherchons un maçon"),
            ContactGrant(profile_id=pid, organisation_id=org.id, reason="applied"),
            ReintegrationMeasure(
                profile_id=pid, organisation_id=partner_id, recorded_by_id=caseworker_id, kind="training",
                description="Formation coffrage", started_on=date(2026, 3, 1),
            ),
            ProfileRevision(
                profile_id=pid, editor_user_id=caseworker_id, editor_organisation_id=partner_id, section="skills",
                changes={"added": 1},
            ),
        ]
    )  # fmt: skip
    authority, authority_org = await make_authority(db)
    event, categories = await make_event(db, organisation_id=authority_org.id)
    await make_registration(
        db, event=event, category=categories["returnee"], user=user, answers={"1": "Maçon"}, decided_by_id=authority.id
    )
    application = Application(vacancy_id=vacancy.id, profile_id=pid, message=LETTER)
    db.add(application)
    await db.flush()
    db.add(ApplicationEvent(application_id=application.id, to_status="submitted", actor_user_id=uid))
    db.add(ApplicationMessage(application_id=application.id, from_employer=True, body=REPLY))
    await db.commit()
    return uid, pid


async def _rows_about(db, *, uid: int, pid: int) -> dict[str, list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """Per table of SECTIONS, the rows about the person, straight from the database."""
    tables = {t.name: t for t in SQLModel.metadata.sorted_tables}
    applications = [row.id for row in (await db.exec(select(Application.id).where(Application.profile_id == pid)))]
    found: dict[str, list[dict[str, Any]]] = {}
    for name in SECTIONS:
        table = tables[name]
        if name == "user":
            condition = table.c.id == uid
        elif name == "returnee_profile":
            condition = table.c.id == pid
        elif name == "mail":
            condition = table.c.to_address == "amina@example.org"
        elif name in {"application_event", "application_message"}:
            condition = table.c.application_id.in_(applications)
        else:
            columns = _points_at_a_person(table)
            condition = or_(*(table.c[c] == (pid if c == "profile_id" else uid) for c in columns))
        found[name] = [dict(row._mapping) for row in (await db.exec(select(table).where(condition))).all()]
    return found


def _exported(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    section = data[SECTIONS[table]]
    if table == "application_event":
        return [event for application in section for event in application["history"]]
    if table == "application_message":
        return [message for application in section for message in application["messages"]]
    return section if isinstance(section, list) else [section]


async def test_the_download_holds_every_row_about_the_returnee_table_by_table(client, db) -> None:  # type: ignore[no-untyped-def]
    uid, pid = await _full_returnee(db)
    await log_in(client, "amina@example.org")  # a session, and the login in the audit log
    rows = await _rows_about(db, uid=uid, pid=pid)
    data = json.loads((await client.get("/account/export")).content)
    for table, expected in rows.items():
        assert expected, f"the factory left {table} empty: the test would prove nothing for it"
        exported = _exported(data, table)
        if table in {"mail", "web_session"}:  # no id worth giving out (a session id is a credential)
            assert len(exported) == len(expected), table
        else:
            assert sorted(e["id"] for e in exported) == sorted(r["id"] for r in expected), table
    assert data["profile"]["full_name"] == SECRETS["full_name"] and data["profile"]["phone"] == SECRETS["phone"]
    skill = data["skills"][0]
    assert skill["evidence"] == EVIDENCE and skill["validated_by"] == "Case OIM Dakar"
    assert skill["validated_by_organisation"] == "OIM Dakar"
    consent = data["partner_consents"][0]
    assert consent["organisation"] == "OIM Dakar" and consent["agreements"][0]["field_groups"] == [
        "identity",
        "professional",
    ]
    application = data["applications"][0]
    assert application["message"] == LETTER and application["messages"][0]["body"] == REPLY
    assert application["employer"] == "Acier du Sahel"
    text = json.dumps(data)
    assert "password_hash" not in text and "token_hash" not in text and "unsubscribe_hash" not in text


async def test_the_readable_page_shows_the_same_data_in_the_users_language(client, db) -> None:  # type: ignore[no-untyped-def]
    await _full_returnee(db)
    await log_in(client, "amina@example.org")
    page = await client.get("/account/data")
    assert page.status_code == 200
    for heading in ("Skills (and who validated them)", "Applications, their history and messages", "Your profile"):
        with use_locale("fr"):
            assert gettext(heading) in page.text
    for value in (EVIDENCE, LETTER, REPLY, SECRETS["full_name"], "Formation coffrage", "Maçon Dakar"):
        assert value in page.text, value
    assert "/account/data" in (await client.get("/account")).text
