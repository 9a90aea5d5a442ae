"""Walk every route with every role: who gets in is an explicit rule, and new routes must be listed here."""

from __future__ import annotations

import re

import pytest
from litestar.handlers import HTTPRouteHandler

from sankofa.db.models import OrgKind, Role
from tests.support.web import log_in, make_user

ANON = "anonymous"
EVERYONE = {ANON, *Role}
SIGNED_IN = set(Role)
ORG_ROLES = {Role.EMPLOYER, Role.AUTHORITY, Role.PARTNER, Role.INVESTOR}

# (method, path template) -> who may pass the guard. Paths use {org} for the role's own organisation.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/about"): EVERYONE,
    ("GET", "/signup"): EVERYONE,
    ("POST", "/signup"): EVERYONE,
    ("GET", "/signup/sent"): EVERYONE,
    ("GET", "/verify/{token}"): EVERYONE,
    ("POST", "/verify/{token}"): EVERYONE,
    ("POST", "/verify-resend"): SIGNED_IN,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/logout"): EVERYONE,
    ("GET", "/forgot"): EVERYONE,
    ("POST", "/forgot"): EVERYONE,
    ("GET", "/reset/{token}"): EVERYONE,
    ("POST", "/reset/{token}"): EVERYONE,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account"): SIGNED_IN,
    ("GET", "/account/export"): SIGNED_IN,
    ("GET", "/account/delete"): SIGNED_IN,
    ("POST", "/account/delete"): SIGNED_IN,
    ("GET", "/organisations/{organisation_id}"): SIGNED_IN,
    ("POST", "/organisations/{organisation_id}/invitations"): ORG_ROLES,
    ("GET", "/invitations/{token}"): EVERYONE,
    ("POST", "/invitations/{token}"): SIGNED_IN,
    ("GET", "/verification"): {Role.ADMIN, Role.PARTNER},
    ("POST", "/verification/{organisation_id}"): {Role.ADMIN, Role.PARTNER},
    ("GET", "/admin/outbox"): {Role.ADMIN},
    ("POST", "/api/v1/session"): EVERYONE,
    ("DELETE", "/api/v1/session"): SIGNED_IN,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("PATCH", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/me/export"): SIGNED_IN,
    ("GET", "/api/v1/skills"): EVERYONE,
    ("GET", "/api/v1/occupations"): EVERYONE,
    ("GET", "/api/v1/places"): EVERYONE,
    ("GET", "/suggest/{kind}"): EVERYONE,
    ("GET", "/health/live"): EVERYONE,
    ("GET", "/health/ready"): EVERYONE,
}
ORG_FOR_ROLE = {Role.EMPLOYER: OrgKind.EMPLOYER, Role.AUTHORITY: OrgKind.AUTHORITY, Role.PARTNER: OrgKind.PARTNER}


def _app_routes(app) -> dict[tuple[str, str], HTTPRouteHandler]:
    routes = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or route.path.startswith(("/static", "/schema")):
                continue
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            for method in handler.http_methods:
                if method not in {"HEAD", "OPTIONS"}:
                    routes[(method, path)] = handler
    return routes


def test_every_route_has_an_explicit_guard_and_an_expectation(app):
    routes = _app_routes(app)
    unguarded = [key for key, handler in routes.items() if not handler.guards]
    assert unguarded == []
    assert set(routes) == set(EXPECTED), "add new routes (and who may use them) to EXPECTED"


@pytest.mark.parametrize("role", [ANON, *Role])
async def test_each_role_gets_in_only_where_expected(client, db, role):
    org_id = "999999"
    if role != ANON:
        user = await make_user(
            db,
            email=f"{role}@example.org",
            role=role,
            org=(ORG_FOR_ROLE[role], "Org") if role in ORG_FOR_ROLE else None,
        )
        await log_in(client, user.email)
        if role in ORG_FOR_ROLE:
            org_id = "1"
    token = (await client.get("/login")).text.split('name="_csrf" value="')[1].split('"')[0]
    for (method, template), allowed in EXPECTED.items():
        if (method, template) in {("POST", "/logout"), ("DELETE", "/api/v1/session"), ("POST", "/account/delete")}:
            continue  # these end the session being tested; covered in their own tests
        path = template.replace("{organisation_id}", org_id).replace("{token}", "not-a-token")
        path = path.replace("{kind}", "skills")
        response = await client.request(method, path, headers={"X-CSRF-Token": token, "Accept": "text/html"})
        denied = response.status_code in {401, 403} or (
            response.status_code == 303 and response.headers.get("location", "").startswith("/login")
        )
        if role in allowed:
            # The guard lets them through; the handler may still refuse a specific object (403/404).
            assert response.status_code != 401 and not response.headers.get("location", "").startswith("/login"), (
                f"{role} refused on {method} {path}"
            )
            assert response.status_code < 500, f"{method} {path} as {role}: {response.status_code}"
        else:
            assert denied, f"{role} got {response.status_code} on {method} {path}"
