"""Caseworkers validate skills (who, when, evidence), record needs and the reintegration measures received."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from sankofa.core.errors import PermissionDenied
from sankofa.core.models import AuditEvent
from sankofa.identity.models import User
from sankofa.partners import casework as partners
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles import visibility
from sankofa.profiles.models import ProfileRevision, ProfileSkill
from tests.support.web import log_in, post_form
from tests.web.test_partner_case_files import agreement, caseworker, returnee


async def _case(client, db, *, groups: list[str] | None = None):
    org = await caseworker(db, email="case@ong.example", org_name="ONG Retour")
    if groups:
        await agreement(db, org, groups)
    profile = await returnee(db, email="awa@example.org", name="Awa Diop", consent_to=(org,))
    await log_in(client, "case@ong.example")
    return org, profile, f"/partner/returnees/{profile.public_id}"


async def test_validating_a_skill_records_who_when_and_the_evidence(client, db):
    org, profile, path = await _case(client, db)
    skill = (await db.exec(select(ProfileSkill))).one()
    done = await post_form(
        client,
        f"{path}/skills/{skill.id}/validation",
        {"evidence": "Welded a test piece in our workshop"},
        page="/account",
    )
    assert done.status_code == 303
    await db.refresh(skill)
    assert skill.validated_at is not None and skill.validated_by_organisation_id == org
    assert skill.validated_by_user_id is not None and skill.evidence == "Welded a test piece in our workshop"
    page = await client.get(path)
    assert "Welded a test piece in our workshop" in page.text and "Case ONG Retour" in page.text
    assert "ONG Retour" in page.text and "Validated" in page.text

    again = await post_form(
        client, f"{path}/skills/{skill.id}/validation", {"evidence": "Certificate AFPA 2023 seen"}, page="/account"
    )
    assert again.status_code == 303
    await db.refresh(skill)
    assert skill.evidence == "Certificate AFPA 2023 seen"
    audited = (await db.exec(select(AuditEvent).where(AuditEvent.action == "skill.validated"))).all()
    assert [(e.actor_organisation_id, e.subject_user_id) for e in audited] == [(org, profile.user_id)] * 2

    withdrawn = await post_form(client, f"{path}/skills/{skill.id}/unvalidate", {}, page="/account")
    assert withdrawn.status_code == 303
    await db.refresh(skill)
    assert skill.validated_at is None and skill.evidence == "" and skill.validated_by_organisation_id is None


async def test_a_validation_without_evidence_is_refused_naming_the_field(client, db):
    _org, _profile, path = await _case(client, db)
    skill = (await db.exec(select(ProfileSkill))).one()
    refused = await post_form(client, f"{path}/skills/{skill.id}/validation", {"evidence": "  "}, page="/account")
    assert refused.status_code == 422
    assert 'id="e-evidence"' in refused.text and "This field is required." in refused.text
    short = await post_form(client, f"{path}/skills/{skill.id}/validation", {"evidence": "ok"}, page="/account")
    assert short.status_code == 422 and 'id="e-evidence"' in short.text and ">ok</textarea>" in short.text
    await db.refresh(skill)
    assert skill.validated_at is None


async def test_a_measure_ending_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(client, db):
    _org, _profile, path = await _case(client, db, groups=["needs"])
    refused = await post_form(
        client,
        f"{path}/measures",
        {"kind": "training", "started_on": "2025-03-01", "ended_on": "2025-02-01", "description": "Welding course"},
        page="/account",
    )
    assert refused.status_code == 422
    assert 'id="e-ended_on"' in refused.text and 'id="e-started_on"' not in refused.text
    assert 'value="2025-03-01"' in refused.text and ">Welding course</textarea>" in refused.text
    assert '<option value="training" selected>' in refused.text
    assert (await db.exec(select(ReintegrationMeasure))).all() == []


async def test_a_recorded_measure_joins_the_history_with_its_organisation(client, db):
    org, profile, path = await _case(client, db, groups=["needs"])
    money = {"kind": "grant", "started_on": "2025-01-15", "amount": "250 000", "description": "Start-up grant"}
    no_currency = await post_form(client, f"{path}/measures", money, page="/account")
    assert no_currency.status_code == 422 and 'id="e-currency"' in no_currency.text
    done = await post_form(client, f"{path}/measures", {**money, "currency": "XOF"}, page="/account")
    assert done.status_code == 303
    measure = (await db.exec(select(ReintegrationMeasure))).one()
    assert (measure.kind, measure.amount, measure.currency, measure.organisation_id) == ("grant", 250_000, "XOF", org)
    assert measure.started_on.isoformat() == "2025-01-15" and measure.ended_on is None
    event = (await db.exec(select(AuditEvent).where(AuditEvent.action == "measure.recorded"))).one()
    assert event.subject_user_id == profile.user_id and event.actor_organisation_id == org
    page = await client.get(path)
    assert "Start-up grant" in page.text and "XOF" in page.text


async def test_needs_and_measures_require_an_agreement_covering_needs(client, db):
    _org, _profile, path = await _case(client, db)
    page = await client.get(path)
    assert f"{path}/measures" not in page.text and f"{path}/needs" not in page.text
    refused = await post_form(
        client, f"{path}/measures", {"kind": "training", "started_on": "2025-01-01"}, page="/account"
    )
    assert refused.status_code == 403
    assert (await post_form(client, f"{path}/needs", {"needs": "housing"}, page="/account")).status_code == 403
    assert (await db.exec(select(ReintegrationMeasure))).all() == []


async def test_needs_are_saved_as_a_revision_naming_the_caseworkers_organisation(client, db):
    org, profile, path = await _case(client, db, groups=["needs"])
    wrong = await post_form(client, f"{path}/needs", {"needs": ["housing", "yacht"]}, page="/account")
    assert wrong.status_code == 422 and 'id="e-needs"' in wrong.text
    done = await post_form(client, f"{path}/needs", {"needs": ["training", "housing"]}, page="/account")
    assert done.status_code == 303
    await db.refresh(profile)
    assert profile.needs == ["training", "housing"]
    revision = (await db.exec(select(ProfileRevision))).one()
    assert (revision.section, revision.editor_organisation_id) == ("needs", org)
    page = await client.get(path)
    assert 'value="training" checked' in page.text and 'value="funding" checked' not in page.text


async def test_recording_needs_is_in_the_returnees_audit_log_naming_the_caseworker_and_organisation(client, db):
    org, profile, path = await _case(client, db, groups=["needs"])
    caseworker_id = (await db.exec(select(User.id).where(User.email == "case@ong.example"))).one()
    assert (await post_form(client, f"{path}/needs", {"needs": ["housing"]}, page="/account")).status_code == 303
    assert (await post_form(client, f"{path}/needs", {"needs": ["housing"]}, page="/account")).status_code == 303
    query = select(AuditEvent).where(AuditEvent.action == "profile.edited").order_by(col(AuditEvent.id))
    edits = (await db.exec(query)).all()
    assert [(e.actor_user_id, e.actor_organisation_id, e.subject_user_id) for e in edits] == [
        (caseworker_id, org, profile.user_id)
    ] * 2
    assert [e.detail for e in edits] == [
        {"section": "needs", "context": "edit", "fields": ["needs"]},
        {"section": "needs", "context": "edit", "fields": []},  # the same needs again: audited, nothing changed
    ]


async def test_reading_the_measures_needs_the_agreement_and_is_audited(client, db):
    org, profile, _path = await _case(client, db)
    user = (await db.exec(select(User).where(User.email == "case@ong.example"))).one()
    viewer = await visibility.viewer_for(db, user)
    with pytest.raises(PermissionDenied):
        await partners.measures_of(db, viewer=viewer, public_id=profile.public_id, ip=None)
    await agreement(db, org, ["needs"])
    assert await partners.measures_of(db, viewer=viewer, public_id=profile.public_id, ip=None) == []
    event = (await db.exec(select(AuditEvent).where(AuditEvent.action == "profile.viewed"))).one()
    assert event.detail == {"fields": ["needs"], "context": "partner"} and event.actor_organisation_id == org
