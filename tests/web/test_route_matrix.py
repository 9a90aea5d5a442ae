"""The role × route matrix: every route, every role, with the ids of the role's own objects and of another party's.

A refused write to another party's object leaves it as it was (its rows are read again after the request); a
response about one's own objects shows nothing private of the other party's; no request answers 5xx. Who may use
whose objects is written in route_matrix_rules.RULES; the world is built afresh for each role.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest

from sankofa.identity.models import Role
from tests.support import route_world
from tests.support.route_world import Side, World
from tests.support.vacancies import DEFAULT_DESCRIPTION
from tests.support.web import log_in
from tests.web.route_matrix_rules import API_KEY, NONE, NOOP, RULES
from tests.web.routes_core import ANON
from tests.web.test_route_access import EXPECTED, PLACEHOLDERS

ROLES = [ANON, *Role, API_KEY]
# These end the session being tested; covered in their own tests.
SESSION_ENDERS = {("POST", "/logout"), ("DELETE", "/api/v1/session"), ("POST", "/account/delete")}
API_ROUTES = {key for key, roles in EXPECTED.items() if not roles}  # the vacancy API: a bearer key, no session
OBJECT_PARAMS = {"public_id", "application_id", "import_id", "key_id", "external_ref", "search_id", "request_id"}
OBJECT_PARAMS |= {"report_id", "skill_id", "item_id", "organisation_id", "event_id", "registration_id"}
CHILD_PARAMS = {"skill_id", "item_id"}  # the second id of a path, that must belong to the first
# Requests that end or remove the object they name: made last, so the other requests still find it.
DESTRUCTIVE = re.compile(r"/(delete|withdraw|revoke|close|cancel|reject|decline)$")
# Form bodies that pass validation, so a refusal comes from the access rule and not from an empty form.
BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("POST", "/organisations/{organisation_id}/invitations"): {"email": "newcomer@matrix.test"},
    ("POST", "/verification/{organisation_id}"): {"status": "verified"},
    # Not the name waiting: the decision is refused as out of date (409), nothing changes.
    ("POST", "/verification/{organisation_id}/name"): {"decision": "refuse", "name": "Another name"},
    ("POST", "/applications/{application_id}/messages"): {"body": "Bonjour, où en est ma candidature ?"},
    ("POST", "/employer/applications/{application_id}/status"): {"status": "shortlisted"},
    ("POST", "/candidates/{public_id}/contact"): {"message": "Pouvons-nous parler ?"},
    ("POST", "/profile/requests/{request_id}"): {"decision": "decline"},
    ("POST", "/jobs/alerts/{search_id}"): {"name": "Renamed", "frequency": "daily"},
    ("POST", "/partner/returnees/{public_id}/skills/{skill_id}/validation"): {"evidence": "Seen at the workshop"},
    ("POST", "/partner/returnees/{public_id}/measures"): {"kind": "training", "started_on": "2026-01-05"},
    ("POST", "/partner/returnees/{public_id}/needs"): {"needs": ["housing"]},
    ("POST", "/admin/organisations/{organisation_id}/agreements"): {
        "field_groups": ["contact"],
        "valid_from": "2026-01-01",
    },
    ("POST", "/profiles/{public_id}/edit/{step}"): {
        "full_name": "Changed Name",
        "contact_email": "changed@matrix.test",
        "summary": "Changed summary",
    },
    ("POST", "/profiles/{public_id}/items/{kind}"): {"title": "Maçon", "years": "2"},
    ("POST", "/profiles/{public_id}/analyse"): {"text": "Soudeur à l'arc pendant huit ans"},
    ("POST", "/profiles/{public_id}/skills/{skill_id}"): {"level": "basic", "acquired": "origin"},
    ("POST", "/employer/vacancies/{public_id}/edit"): {
        "title": "Changed title",
        "description": DEFAULT_DESCRIPTION,
        "location": "Thiès",
        "contract_type": "permanent",
    },
    ("POST", "/jobs/{public_id}/report"): {"reason": "other", "details": "Matrix"},
    ("POST", "/moderation/reports/{report_id}"): {"action": "dismiss", "note": "Matrix"},
}
COUNTS: dict[str, int] = {}


def _body(key: tuple[str, str], world: World) -> dict[str, object] | None:
    if key == ("POST", "/profiles/{public_id}/consents"):
        return {"organisation_id": str(world.b.partner), "consent": "on"}
    return BODIES.get(key)


def _params(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


def _variants(template: str) -> list[str]:
    """Sides to try: "own", "other", and "mixed" (own parent, other's child) when a path names two objects."""
    params = _params(template)
    if template.startswith("/alerts/unsubscribe/"):
        return ["own", "other"]
    if not params & OBJECT_PARAMS:
        return ["none"]
    return ["own", "other", "mixed"] if params & CHILD_PARAMS else ["own", "other"]


def _organisation(template: str, role: str, side: Side, *, own: bool, world: World) -> int:
    if template.startswith("/admin/organisations/"):
        return side.partner
    if template.startswith("/organisations/"):
        if own and role in world.orgs:
            return world.orgs[role]
        return side.partner if role == Role.PARTNER else side.employer
    return side.employer


def _path(template: str, role: str, variant: str, world: World) -> str:
    parent = world.b if variant == "other" else world.a
    child = world.b if variant in {"other", "mixed"} else world.a
    on_profile = not template.startswith(("/jobs/", "/employer/vacancies/"))
    values = {
        **PLACEHOLDERS,
        "kind": "experiences" if template.startswith("/profiles/") else "skills",
        "section": "about",
        "public_id": parent.profile if on_profile else parent.vacancy,
        "organisation_id": str(_organisation(template, role, parent, own=variant != "other", world=world)),
        "application_id": str(parent.application),
        "import_id": parent.import_id,
        "key_id": str(parent.key_id),
        "external_ref": parent.external_ref,
        "search_id": str(parent.search),
        "request_id": str(parent.request),
        "report_id": str(parent.report),
        "skill_id": str(child.skill),
        "item_id": str(child.experience),
        "event_id": parent.event,
        "registration_id": parent.registration,
    }
    if template.startswith("/alerts/unsubscribe/"):
        values["token"] = parent.unsubscribe
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "999999"), template)


def _passes_guard(role: str, key: tuple[str, str]) -> bool:
    if role == API_KEY:
        return key in API_ROUTES or ANON in EXPECTED[key]
    return role in EXPECTED[key]


def _sides(role: str, key: tuple[str, str]) -> frozenset[str]:
    """Whose objects the rules let `role` use on the route (none where its guard refuses it)."""
    if not _passes_guard(role, key) or key not in RULES:
        return NONE
    rule = RULES[key]
    return rule.get(role, rule.get(ANON, NONE) if role == API_KEY else NONE)


def _leaked(response: httpx.Response, world: World) -> list[str]:
    """Side B's private markers in a response that did not ask for side B: only its own parties see them."""
    markers = {
        "hidden profile": world.b.profile,
        "import": world.b.import_id,
        "application message": "Message from 2",
        "saved search": "Search 2",
    }
    return [name for name, marker in markers.items() if marker in response.text]


def _refused(response: httpx.Response) -> bool:
    return response.status_code in {401, 403, 404} or (
        response.status_code in {302, 303} and response.headers.get("location", "").startswith("/login")
    )


def _plan() -> list[tuple[tuple[str, str], str]]:
    """Every (route, variant): reads, then writes to another's objects, then own writes, destructive ones last."""
    keys = [key for key in EXPECTED if key not in SESSION_ENDERS]
    pairs = [(key, variant) for key in keys for variant in _variants(key[1])]

    def order(pair: tuple[tuple[str, str], str]) -> tuple[int, bool]:
        (method, template), variant = pair
        if method == "GET":
            return (0, False)
        return (1 if variant in {"other", "mixed"} else 2, bool(DESTRUCTIVE.search(template)))

    return sorted(pairs, key=order)


def test_every_route_naming_an_object_has_a_rule_for_each_role_that_passes_its_guard():
    object_routes = {key for key in EXPECTED if _variants(key[1]) != ["none"]}
    assert set(RULES) == object_routes
    for key in object_routes:
        guarded = {role for role in ROLES if _passes_guard(role, key)}
        missing = guarded - set(RULES[key]) - ({API_KEY} if ANON in RULES[key] or key not in API_ROUTES else set())
        assert not missing, f"{key}: no rule for {sorted(missing)}"
        assert set(RULES[key]) <= guarded, f"{key}: a rule for a role its guard refuses"


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_uses_only_the_objects_it_may(client, db, settings, role):
    started = time.monotonic()
    world = await route_world.build(db, settings)
    headers = {"Accept": "text/html"}
    if role == API_KEY:
        headers["Authorization"] = f"Bearer {world.api_secret}"
    elif role != ANON:
        await log_in(client, route_world.EMAILS[role])
    headers["X-CSRF-Token"] = (await client.get("/login")).text.split('name="_csrf" value="')[1].split('"')[0]
    failures: list[str] = []
    count = 0
    for key, variant in _plan():
        method, template = key
        path = _path(template, role, variant, world)
        sides = _sides(role, key)
        allowed = variant in sides or (variant == "none" and _passes_guard(role, key))
        before = await route_world.fingerprint(db, world.b) if method != "GET" and not allowed else None
        response = await client.request(method, path, headers=headers, data=_body(key, world))
        count += 1
        where = f"{role} {method} {path} ({variant})"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
        elif variant == "mixed" or (variant == "other" and sides >= NOOP):
            pass  # another's item under one's own object, or a no-op: whatever the answer, nothing changes (below)
        elif allowed and _refused(response):
            failures.append(f"{where}: refused ({response.status_code}) but the rules allow it")
        elif not allowed and not _refused(response):
            failures.append(f"{where}: answered {response.status_code} but the rules refuse it")
        if variant in {"none", "own"} and role != Role.ADMIN and (seen := _leaked(response, world)):
            failures.append(f"{where}: shows another party's {', '.join(seen)}")
        if before is not None and before != await route_world.fingerprint(db, world.b):
            failures.append(f"{where}: another party's data changed")
    COUNTS[role] = count
    print(f"route matrix, {role}: {count} requests in {time.monotonic() - started:.1f} s")
    assert not failures, "\n".join(failures)


def test_the_matrix_covered_every_route_with_every_role():
    if set(COUNTS) != set(ROLES):
        pytest.skip("the matrix did not run for every role in this session")
    routes = len([key for key in EXPECTED if key not in SESSION_ENDERS])
    print(
        f"route matrix: {sum(COUNTS.values())} requests over {routes} routes × {len(ROLES)} roles, own and others' ids"
    )
