"""The JSON API answers as its OpenAPI document (/schema/openapi.json) says: schemathesis, every check.

schemathesis generates requests from the document (valid and invalid ones, every documented operation) and checks
each answer: no server error, a documented status, a body matching the documented schema, the documented content
type and headers, 401 without credentials where they are required, 405 with `Allow` for an undeclared method,
schema-invalid requests refused and schema-valid ones accepted (tests/support/schemathesis.toml lists the only
exceptions, with why). It runs against the app served by uvicorn, once per identity, bounded in time and with a
fixed seed; the figures are printed (`-s`).
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from sankofa.identity.models import Role
from sankofa.organisations import api_keys
from tests.support import route_world
from tests.support.schemathesis_run import Identity, Outcome, run
from tests.support.web import PASSWORD, make_user

# Per identity: this many examples per operation in a round, rounds of fuzzing and stateful tests repeated until
# this many seconds are spent (about 5,000 requests each on this machine).
MAX_EXAMPLES = 3
MAX_SECONDS = 50
# The session ends with DELETE /api/v1/session and POST /api/v1/session starts another: not as this identity.
SESSION_PATHS = ["/api/v1/session"]


async def _session(base: str, email: str) -> tuple[str, str]:
    """A session cookie and its CSRF token, from logging in through the API."""
    async with httpx.AsyncClient(base_url=base) as http:
        response = await http.post("/api/v1/session", json={"email": email, "password": PASSWORD})
        assert response.status_code == 201, response.text
        return response.cookies["sk_session"], response.json()["csrf_token"]


def _report(outcomes: list[Outcome]) -> str:
    lines = [
        f"  {o.identity:<22} {o.requests:>6} requests, {o.server_errors} server errors, {len(o.failures)} failures"
        for o in outcomes
    ]
    total = sum(o.requests for o in outcomes)
    return "schemathesis (all checks):\n" + "\n".join(lines) + f"\n  {'total':<22} {total:>6} requests"


async def test_the_api_answers_as_its_openapi_document_says(served_app, db, settings, monkeypatch):
    _app, base = served_app
    world = await route_world.build(db, settings)
    # schemathesis sends thousands of calls a minute with the key; its 429 is documented and tested elsewhere
    # (tests/web/test_vacancy_api.py), here the calls must reach the operations.
    monkeypatch.setattr(api_keys, "CALLS_PER_MINUTE", 1_000_000)
    returnee = await _session(base, route_world.EMAILS[Role.RETURNEE])
    employer = await _session(base, route_world.EMAILS[Role.EMPLOYER])
    profile = {"/api/v1/profiles/{public_id}": {"public_id": world.a.profile}}
    vacancy = {"external_ref": world.a.external_ref}

    def signed_in(name: str, session: tuple[str, str]) -> Identity:
        return Identity(
            name, session=session[0], headers={"X-CSRF-Token": session[1]}, exclude_paths=SESSION_PATHS, known=profile
        )

    identities = [
        Identity("anonymous"),
        signed_in("returnee", returnee),
        signed_in("employer", employer),
        Identity(
            "employer's API key",
            api_key=world.api_secret,
            known={"/api/v1/vacancies/{external_ref}": vacancy, "/api/v1/vacancies/{external_ref}/close": vacancy},
        ),
    ]
    outcomes = []
    for identity in identities:
        outcomes.append(await asyncio.to_thread(run, base, identity, max_examples=MAX_EXAMPLES, max_time=MAX_SECONDS))
    print("\n" + _report(outcomes))
    for outcome in outcomes:
        assert outcome.requests > 500, f"{outcome.identity}: only {outcome.requests} requests\n{outcome.output}"
        assert outcome.server_errors == 0, outcome.output
        assert outcome.failures == [], f"{outcome.identity}:\n" + "\n".join(outcome.failures) + "\n" + outcome.output


@pytest.mark.parametrize("method", ["TRACE", "PUT"])
async def test_an_undeclared_method_answers_405_with_the_methods_allowed(client, method):
    response = await client.request(method, "/api/v1/me")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "PATCH"}
    assert response.json()["status"] == 405


async def test_options_lists_every_method_of_the_path(client):
    response = await client.options("/api/v1/me")
    assert response.status_code == 204
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "OPTIONS"}


async def test_an_unsafe_call_without_a_session_is_401_not_a_csrf_403(client):
    response = await client.post("/api/v1/profile/skills", json={"skills": ["x"]})
    assert response.status_code == 401
    assert set(response.json()) == {"error", "status"}


async def test_wrong_credentials_through_the_api_are_401(client):
    response = await client.post("/api/v1/session", json={"email": "nobody@example.org", "password": "wrong-1234"})
    assert response.status_code == 401
    assert response.json()["status"] == 401


async def test_a_very_long_email_is_a_wrong_login_not_a_server_error(client):
    # schemathesis found it: the rate-limit row named the account by its address, in 200 characters at most.
    response = await client.post("/api/v1/session", json={"email": "a" * 300 + "@example.org", "password": "x"})
    assert response.status_code == 401


async def test_a_body_value_of_the_wrong_type_is_refused_not_converted(client, db):
    await make_user(db, email="strict-types@example.org")
    login = await client.post("/api/v1/session", json={"email": "strict-types@example.org", "password": PASSWORD})
    csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
    response = await client.put("/api/v1/profile/visibility", json={"visible_to_employers": 1}, headers=csrf)
    assert response.status_code == 422
    assert response.json()["fields"] == {"visible_to_employers": "Envoyez true ou false."}
    # The same value with its documented type is saved.
    response = await client.put("/api/v1/profile/visibility", json={"visible_to_employers": True}, headers=csrf)
    assert response.status_code == 200


def test_every_api_error_is_documented_with_the_error_body(app):
    document = app.openapi_schema.to_schema()
    assert set(document["components"]["schemas"]["ErrorBody"]["required"]) == {"error", "status"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/api/"):
                continue
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
            if operation.get("security") is None and path not in {"/api/v1/session"}:
                assert "401" not in operation["responses"], (method, path)
