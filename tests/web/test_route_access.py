"""Walk every route with every role: who gets in is an explicit rule, and new routes must be listed here."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from litestar.handlers import HTTPRouteHandler

from sankofa.identity.models import Role
from sankofa.organisations.models import OrgKind
from tests.support.web import log_in, make_user
from tests.web import routes_core

ANON = routes_core.ANON
# Each area lists its routes in tests/web/routes_<area>.py as EXPECTED = {(method, path): roles}.
EXPECTED: dict[tuple[str, str], set[str]] = {}
for _module in sorted(Path(__file__).parent.glob("routes_*.py")):
    EXPECTED.update(importlib.import_module(f"tests.web.{_module.stem}").EXPECTED)
# Values put in path parameters; any other parameter gets "999999".
PLACEHOLDERS = {
    "token": "not-a-token",
    "kind": "skills",
    "public_id": "00000000-0000-4000-8000-000000000000",
    "import_id": "00000000-0000-4000-8000-000000000001",
    "step": "about",
    "event_id": "00000000-0000-4000-8000-000000000002",
    "registration_id": "00000000-0000-4000-8000-000000000003",
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
        values = {**PLACEHOLDERS, "organisation_id": org_id}
        path = re.sub(r"\{(\w+)\}", lambda m, values=values: values.get(m.group(1), "999999"), template)
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
