"""A caseworker's profile editor follows their organisation's data-sharing agreement, and every use is audited.

For every combination of the groups an agreement may hold, the caseworker of a consenting partner opens every
editor step, posts every step and item route, and reads the profile API. No value of a group outside the agreement
appears in any response, a step with none of its groups covered is not offered (and answers 403), a save changes
the fields the agreement covers and keeps every other field as it was, and each view and save leaves an audit row
the returnee reads on /account. (The professional group is always granted: `visibility.agreement_groups`.)
"""

from __future__ import annotations

import asyncio
import html
import itertools
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlmodel import col, func, select, update

from sankofa.agreements.models import DataSharingAgreement, PartnerConsent
from sankofa.core.errors import PermissionDenied
from sankofa.core.models import AuditEvent
from sankofa.partners.models import ReintegrationMeasure
from sankofa.profiles import editor_access
from sankofa.profiles.models import Certification, Education, ProfileSkill, ReturneeProfile
from sankofa.profiles.visibility import FieldGroup
from tests.web.test_candidates_factories import REGION, SECRETS, bricks_uri, make_returnee, welding_uri
from tests.web.test_partner_consent import Person, partner, signed_in

OPTIONAL = tuple(group for group in FieldGroup if group != FieldGroup.PROFESSIONAL)
COMBINATIONS = [
    frozenset(combo) for size in range(len(OPTIONAL) + 1) for combo in itertools.combinations(OPTIONAL, size)
]
WORKERS = 2
# The item routes: add (and then suggest from) an experience, skills suggested from a pasted text, add and remove a
# skill, change a skill's level, add a language, add and remove an education and a certification.
UNITS = ("experience", "analyse", "skill", "level", "language", "education", "certification")
STEPS = ("about", "return", "experience", "skills", "languages", "wishes", "visibility")
# What each step shows, written here again on purpose (the oracle is not the code under test).
SHOWS = {
    "about": {"identity", "contact", "demographics", "professional"},
    "return": {"return", "professional"},
    "experience": {"professional"},
    "skills": {"professional"},
    "languages": {"professional"},
    "wishes": {"professional", "pay", "needs"},
    "visibility": set(),  # the returnee's own choices: a caseworker reads only that, and finds "Finish"
}
RETURNED_ON = date(2024, 11, 5)
MEASURE = "Microcredit granted in secret"
# Per group: (stored value, value the caseworker posts, value the profile must hold after the posts if covered).
FIELDS: dict[str, dict[str, tuple[Any, Any, Any]]] = {
    "identity": {"full_name": (SECRETS["full_name"], "Nouveau Nom", "Nouveau Nom")},
    "contact": {
        "contact_email": (SECRETS["contact_email"], "nouveau@example.org", "nouveau@example.org"),
        "phone": (SECRETS["phone"], "+221 70 111 22 33", "+221 70 111 22 33"),
    },
    "demographics": {
        "gender": (SECRETS["gender"], "male", "male"),
        "birth_year": (SECRETS["birth_year"], "1990", 1990),
        "nationality": (SECRETS["nationality"], "ML", "ML"),
    },
    "return": {
        "return_status": (SECRETS["return_status"], "planning", "planning"),
        "host_country": (SECRETS["host_country"], "FR", "FR"),
        "expected_return_on": (None, "2027-03-01", date(2027, 3, 1)),
        "returned_on": (RETURNED_ON, "2024-12-01", None),  # a planned return has no return date
    },
    "professional": {
        "origin_country": ("SN", "ML", "ML"),
        "origin_region": (REGION, REGION, REGION),
        "mobility_regions": ([], [REGION], [REGION]),
        "summary": ("Mason with ten years on building sites in Turin", "Nouveau résumé", "Nouveau résumé"),
        "sectors": ([], ["construction"], ["construction"]),
        "contract_types": ([], ["permanent"], ["permanent"]),
        "available_from": (None, "2027-01-01", date(2027, 1, 1)),
    },
    "pay": {
        "expected_pay": (SECRETS["expected_pay"], "123456", 123456),
        "pay_currency": (SECRETS["pay_currency"], "EUR", "EUR"),
    },
    "needs": {"needs": (["housing"], ["training"], ["training"])},
}
STORED = {name: stored for fields in FIELDS.values() for name, (stored, _posted, _after) in fields.items()}
POSTED = {name: posted for fields in FIELDS.values() for name, (_stored, posted, _after) in fields.items()}
# What betrays each group in a page or a JSON body: its stored values, or its fields' names (inputs, JSON keys).
MARKS: dict[str, tuple[str, ...]] = {
    "identity": (SECRETS["full_name"], '"full_name"'),
    "contact": (SECRETS["contact_email"], SECRETS["phone"], '"contact_email"', '"phone"', '"email"'),
    "demographics": ('"gender"', '"birth_year"', '"nationality"'),
    "return": ('"return_status"', '"host_country"', '"expected_return_on"', '"returned_on"', RETURNED_ON.isoformat()),
    "pay": ('"expected_pay"', '"pay_currency"'),
    "needs": ('"needs"', '"measures"', MEASURE),
}
PATTERNS = {"demographics": re.compile(r"\b1987\b"), "pay": re.compile(r"\b987[\s\u00a0\u202f,.]?654\b")}


def betrayed(text: str) -> set[str]:
    """The groups whose values or fields appear in a response body."""
    text = html.unescape(text)
    found = {group for group, marks in MARKS.items() if any(mark in text for mark in marks)}
    return found | {group for group, pattern in PATTERNS.items() if pattern.search(text)}


@dataclass(frozen=True)
class Case:
    """The returnee's profile and the caseworker's organisation (plain ids: rows expire between requests)."""

    profile_id: int
    user_id: int
    public_id: str
    org: int


async def _setup(db, k: int) -> Case:  # type: ignore[no-untyped-def]
    """The k-th caseworker's organisation and a returnee with every secret filled in, consenting to it."""
    org = await partner(db, email=f"case{k}@ong.example", name=f"ONG Retour {k}", groups=())
    # Public ids without digit runs that could read as the birth year or the pay.
    _user, profile = await make_returnee(
        db, email=f"amina{k}@example.org", public_id=uuid.UUID(f"aaaaaaaa-bbbb-4ccc-8ddd-{k:012x}")
    )
    assert profile.id is not None
    case = Case(profile_id=profile.id, user_id=profile.user_id, public_id=str(profile.public_id), org=org)
    db.add(PartnerConsent(profile_id=profile.id, organisation_id=org))
    db.add(
        ReintegrationMeasure(profile_id=profile.id, organisation_id=org, kind="grant", description=MEASURE,
                             started_on=date(2025, 1, 10))
    )  # fmt: skip
    await db.commit()
    return case


async def _reset(db, case: Case, groups: frozenset[str]) -> int:  # type: ignore[no-untyped-def]
    """The profile back to its stored values, the agreement to `groups`; returns the last audit row's id."""
    await db.exec(update(ReturneeProfile).where(col(ReturneeProfile.id) == case.profile_id).values(**STORED))
    await db.exec(
        update(DataSharingAgreement)
        .where(col(DataSharingAgreement.organisation_id) == case.org)
        .values(field_groups=sorted(groups))
    )
    marker = (await db.exec(select(func.max(AuditEvent.id)))).one() or 0
    await db.commit()
    return marker


async def _newest(db, model: Any, profile_id: int) -> int:  # type: ignore[no-untyped-def]
    return (await db.exec(select(func.max(model.id)).where(model.profile_id == profile_id))).one()


async def _skill_id(db, case: Case, uri: str) -> int:  # type: ignore[no-untyped-def]
    query = select(ProfileSkill.id).where(ProfileSkill.profile_id == case.profile_id, ProfileSkill.skill_uri == uri)
    return (await db.exec(query)).one()


async def _drive(  # type: ignore[no-untyped-def]
    caseworker: Person, db, case: Case, allowed: frozenset[str], units: tuple[str, ...]
) -> tuple[int, int]:
    """Every step (GET and POST) and the API, then the item `units`, as the caseworker; returns (views, saves).

    Requests that do not depend on one another go together (three rounds), to keep 64 combinations quick.
    """
    base = f"/profiles/{case.public_id}"
    hidden = set(MARKS) - allowed
    offered = [step for step in STEPS if not SHOWS[step] or SHOWS[step] & allowed]
    where = sorted(allowed)

    def clean(response, what: str) -> None:  # type: ignore[no-untyped-def]
        assert not betrayed(response.text) & hidden, (where, what, betrayed(response.text) & hidden)

    # Round 1: every step, the profile API, and a refused save (a wrong country), which shows the step again.
    *pages, api, refused = await asyncio.gather(
        *(caseworker.get(f"{base}/edit/{step}") for step in STEPS),
        caseworker.get(f"/api/v1/profiles/{case.public_id}"),
        caseworker.post(f"{base}/edit/about", {**POSTED, "origin_country": "Atlantis"}),
    )
    for step, page in zip(STEPS, pages, strict=True):
        assert page.status_code == (200 if step in offered else 403), (where, step, page.status_code)
        clean(page, step)
        if page.status_code == 200:
            nav = re.findall(rf'href="{base}/edit/(\w+)"[^>]*>\d', page.text)
            assert nav == offered, (where, step, nav)
    assert api.status_code == 200 and refused.status_code == 422, (where, api.status_code, refused.text[:300])
    clean(api, "api")
    clean(refused, "about refused")
    views = len(offered) + 1

    # Round 2: each step's save (the forms also carry every field the agreement hides) and the items added.
    bricks = await _skill_id(db, case, bricks_uri())
    adds = {
        "experience": (f"{base}/items/experiences", {"title": "Soudeur", "description": "Soudure à l'arc."}),
        "skill": (f"{base}/items/skills", {"skill": welding_uri(), "level": "basic", "acquired": "origin"}),
        "level": (f"{base}/skills/{bricks}", {"level": "advanced", "acquired": "origin"}),
        "language": (f"{base}/items/languages", {"language": "wo", "level": "B2"}),
        "education": (f"{base}/items/education", {"level": "vocational", "title": "CAP maçonnerie", "year": "2010"}),
        "certification": (f"{base}/items/certifications", {"name": "CACES R482", "issuer": "AFPA", "year": "2019"}),
    }
    writes = [
        *((f"{base}/edit/{section}", {**POSTED, "stay": "1"}) for section in ("about", "return", "wishes")),
        *(adds[unit] for unit in units if unit in adds),
    ]
    *saved, refused_visibility = await asyncio.gather(
        *(caseworker.post(path, data) for path, data in writes),
        caseworker.post(f"{base}/edit/visibility", {"visible_to_employers": "on"}),
    )
    for (path, _data), response in zip(writes, saved, strict=True):
        assert response.status_code == 303, (where, path, response.text[:300])
    assert refused_visibility.status_code == 403
    saves = len(writes)

    # Round 3: skills suggested from the new experience or from a pasted text (the experience step again, with
    # the suggestions), and the added items removed.
    removals = {
        kind: await _newest(db, model, case.profile_id)
        for unit, kind, model in (("skill", "skills", ProfileSkill), ("education", "education", Education),
                                  ("certification", "certifications", Certification))
        if unit in units
    }  # fmt: skip
    pages = []
    if "experience" in units:
        location = saved[3 + [unit for unit in units if unit in adds].index("experience")].headers["location"]
        removals["experiences"] = int(re.findall(r"suggest=(\d+)", location)[0])
        pages.append(("suggestions", caseworker.get(f"{base}/edit/experience?suggest={removals['experiences']}")))
    if "analyse" in units:
        pages.append(("analyse", caseworker.post(f"{base}/analyse", {"text": "Maçon: pose de briques, béton."})))
    (*shown,) = await asyncio.gather(*(request for _what, request in pages))
    for (what, _request), response in zip(pages, shown, strict=True):
        assert response.status_code == 200 and 'id="suggestions"' in response.text, (where, what)
        clean(response, what)
    removed = await asyncio.gather(
        *(caseworker.post(f"{base}/items/{kind}/{item_id}/delete", {}) for kind, item_id in removals.items())
    )
    assert [response.status_code for response in removed] == [303] * len(removals), where
    return views + len(pages), saves + len(removals)


def units_for(optional: frozenset[str]) -> tuple[str, ...]:
    """The item routes driven under this combination: all of them under no and under every optional group, one
    in turn in between (each runs under about nine agreements). They show and change only professional items."""
    if not optional or optional == set(OPTIONAL):
        return UNITS
    return (UNITS[COMBINATIONS.index(optional) % len(UNITS)],)


async def _check(caseworker: Person, db, case: Case, optional: frozenset[str]) -> None:  # type: ignore[no-untyped-def]
    """One combination: drive the routes, then read what the profile holds and what the audit log says."""
    allowed = optional | {"professional"}
    marker = await _reset(db, case, optional)
    views, saves = await _drive(caseworker, db, case, allowed, units_for(optional))

    db.expire_all()
    stored = await db.get(ReturneeProfile, case.profile_id)
    for group, fields in FIELDS.items():
        for name, (before, _posted, after) in fields.items():
            expected = after if group in allowed else before
            assert getattr(stored, name) == expected, (sorted(allowed), name, getattr(stored, name))

    query = select(AuditEvent.action, AuditEvent.detail, AuditEvent.actor_organisation_id).where(
        col(AuditEvent.id) > marker, AuditEvent.subject_user_id == case.user_id
    )
    rows = (await db.exec(query)).all()
    seen = [detail for action, detail, _org in rows if action == "profile.viewed"]
    assert [d["context"] for d in seen].count("editor") == views, sorted(allowed)
    assert [d["context"] for d in seen].count("api") == 1
    assert all(d["fields"] == sorted(allowed) for d in seen), sorted(allowed)
    edits = [detail["context"] for action, detail, _org in rows if action == "profile.edited"]
    assert edits == ["edit"] * saves, (sorted(allowed), len(edits), saves)
    assert {actor for _action, _detail, actor in rows} == {case.org}


async def _caseworker_runs(app, db_factory, k: int) -> int:  # type: ignore[no-untyped-def]
    """The k-th caseworker goes through their share of the combinations; returns how many."""
    share = COMBINATIONS[k::WORKERS]
    async with db_factory() as db:
        case = await _setup(db, k)
        async with signed_in(app, f"case{k}@ong.example") as caseworker:
            for optional in share:
                await _check(caseworker, db, case, optional)
    return len(share)


async def test_every_editor_route_follows_every_combination_of_the_agreement(app, db_factory):
    # Caseworkers of different organisations work side by side: the database waits of one overlap another's work.
    # A task group, not gather: a failing caseworker stops the others, so no open transaction outlives the test.
    async with asyncio.TaskGroup() as group:
        runs = [group.create_task(_caseworker_runs(app, db_factory, k)) for k in range(WORKERS)]
    assert sum(run.result() for run in runs) == len(COMBINATIONS) == 2 ** len(OPTIONAL)


async def test_the_returnee_reads_who_looked_and_who_changed_and_the_caseworker_has_no_returnee_api(app, db):
    case = await _setup(db, 0)
    await _reset(db, case, frozenset({"identity"}))
    async with signed_in(app, "case0@ong.example") as caseworker:
        assert (await caseworker.get(f"/profiles/{case.public_id}/edit/about")).status_code == 200
        saved = await caseworker.post(f"/profiles/{case.public_id}/edit/about", {**POSTED, "stay": "1"})
        assert saved.status_code == 303
        headers = {"X-CSRF-Token": caseworker.token}
        own_api = [
            caseworker.client.get("/api/v1/profile", headers=headers),
            caseworker.client.put("/api/v1/profile/about", json=POSTED, headers=headers),
            caseworker.client.post("/api/v1/profile/skills", json={"skills": [welding_uri()]}, headers=headers),
            caseworker.client.post("/api/v1/profile/experiences", json={"title": "Soudeur"}, headers=headers),
            caseworker.client.post("/api/v1/profile/analyse", json={"text": "Soudure"}, headers=headers),
        ]
        assert [response.status_code for response in await asyncio.gather(*own_api)] == [403] * len(own_api)
    async with signed_in(app, "amina0@example.org") as amina:
        account = html.unescape((await amina.get("/account")).text)
    log = account.split("<tbody>")[1].split("</tbody>")[0]
    assert "Un partenaire a modifié votre profil" in log and "Votre profil a été consulté" in log
    assert log.count("ONG Retour 0") >= 2


def test_a_step_outside_the_agreement_is_not_offered_and_refused() -> None:
    """No step is outside an agreement today (professional is always granted), so the rule is checked on groups."""
    assert editor_access.offered_steps(frozenset({"needs"})) == ("wishes", "visibility")
    assert editor_access.offered_steps(frozenset({"identity"})) == ("about", "visibility")
    assert editor_access.offered_steps(frozenset(FieldGroup)) == STEPS
    for step in ("about", "return", "experience", "skills", "languages"):
        with pytest.raises(PermissionDenied):
            editor_access.require_step(frozenset({"needs"}), step)
    with pytest.raises(PermissionDenied):
        editor_access.require_item(frozenset({"identity", "needs"}), "skills")
