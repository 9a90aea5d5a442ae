"""No field of a returnee's profile leaves the server unless the rules allow it, for every role and every page.

Checked on raw response text (JSON API and HTML pages): name, phone, email, return status and pay appear only
where the returnee's choices and grants allow; birth year, gender and nationality never reach an employer, an
investor or the CV.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import delete

from sankofa.identity.models import Role
from sankofa.profiles.models import ContactGrant, ReturneeProfile
from tests.support.web import log_in, make_user
from tests.web.test_candidates_factories import PUBLIC_ID, grant, leaked, make_returnee

IDENTITY = {"full_name"}
DEMOGRAPHICS = {"birth_year", "gender", "nationality"}  # never shown to employers, investors or on the CV
CONTACT = {"phone", "contact_email"}
CV_FIELDS = IDENTITY | CONTACT
EVERYTHING = CV_FIELDS | DEMOGRAPHICS | {"return_status", "host_country", "expected_pay"}
NOTHING: set[str] = set()
PID = str(PUBLIC_ID)
PAGES = {
    "api": f"/api/v1/profiles/{PID}",
    "detail": f"/candidates/{PID}",
    "list": "/candidates",
    "api_list": "/api/v1/candidates",
    "cv": f"/profiles/{PID}/cv",
}
# role -> page -> (status, fields that must appear; any other secret appearing is a leak)
EXPECTED: dict[str, dict[str, tuple[int, set[str]]]] = {
    "anonymous": {"api": (401, NOTHING), "detail": (303, NOTHING), "list": (303, NOTHING),
                  "api_list": (401, NOTHING), "cv": (303, NOTHING)},
    "other_returnee": {"api": (404, NOTHING), "detail": (403, NOTHING), "list": (403, NOTHING),
                       "api_list": (403, NOTHING), "cv": (404, NOTHING)},
    "employer": {"api": (200, NOTHING), "detail": (200, NOTHING), "list": (200, NOTHING),
                 "api_list": (200, NOTHING), "cv": (403, NOTHING)},
    "employer_granted": {"api": (200, CV_FIELDS), "detail": (200, CV_FIELDS), "list": (200, {"full_name"}),
                         "api_list": (200, CV_FIELDS), "cv": (403, NOTHING)},
    "employer_unverified": {"api": (404, NOTHING), "detail": (404, NOTHING), "list": (200, NOTHING),
                            "api_list": (200, NOTHING), "cv": (403, NOTHING)},
    "investor": {"api": (200, NOTHING), "detail": (200, NOTHING), "list": (200, NOTHING),
                 "api_list": (200, NOTHING), "cv": (403, NOTHING)},
    "authority": {"api": (404, NOTHING), "detail": (403, NOTHING), "list": (403, NOTHING),
                  "api_list": (403, NOTHING), "cv": (403, NOTHING)},
    "partner_without_consent": {"api": (404, NOTHING), "detail": (403, NOTHING), "list": (403, NOTHING),
                                "api_list": (403, NOTHING), "cv": (403, NOTHING)},
    "admin": {"api": (200, EVERYTHING), "detail": (403, NOTHING), "list": (403, NOTHING),
              "api_list": (403, NOTHING), "cv": (200, CV_FIELDS)},
    "self": {"api": (200, EVERYTHING), "detail": (403, NOTHING), "list": (403, NOTHING),
             "api_list": (403, NOTHING), "cv": (200, CV_FIELDS)},
}  # fmt: skip


async def _sign_in_as(db, client: httpx.AsyncClient, role: str) -> None:
    accounts: dict[str, dict[str, Any]] = {
        "other_returnee": {"role": Role.RETURNEE},
        "employer": {"role": Role.EMPLOYER, "org": ("employer", "Firm")},
        "employer_granted": {"role": Role.EMPLOYER, "org": ("employer", "Firm")},
        "employer_unverified": {"role": Role.EMPLOYER, "org": ("employer", "Firm"), "org_status": "unverified"},
        "investor": {"role": Role.INVESTOR},
        "authority": {"role": Role.AUTHORITY, "org": ("authority", "Town")},
        "partner_without_consent": {"role": Role.PARTNER, "org": ("partner", "Partner")},
        "admin": {"role": Role.ADMIN},
    }
    if role == "anonymous":
        return
    if role == "self":
        await log_in(client, "amina@example.org")
        return
    await make_user(db, email=f"{role}@example.org", **accounts[role])
    await log_in(client, f"{role}@example.org")


@pytest.mark.parametrize("role", list(EXPECTED))
async def test_each_role_sees_only_the_fields_the_rules_allow(client, db, role):
    _user, profile = await make_returnee(db)
    await _sign_in_as(db, client, role)
    if role == "employer_granted":
        await grant(db, profile=profile, organisation_id=1)
    for name, path in PAGES.items():
        status, shown = EXPECTED[role][name]
        response = await client.get(path, headers={"Accept": "application/json" if "api" in name else "text/html"})
        assert response.status_code == status, (role, name, response.text[:300])
        assert leaked(response.text) == shown, (role, name)


# The rules, stated independently of the code under test: which keys the API returns to an employer/investor.
BASE_KEYS = {"id", "handle", "visible_fields"}
IDENTITY_KEYS = {"full_name"}
CONTACT_KEYS = {"email", "phone"}
RETURN_KEYS = {"return_status", "host_country", "expected_return_on", "returned_on"}
PAY_KEYS = {"expected_pay", "pay_currency"}
PROFESSIONAL_KEYS = {
    "summary", "origin_country", "origin_region", "origin_region_label", "mobility_regions", "desired_occupations",
    "sectors", "contract_types", "available_from", "skills", "experiences", "education", "languages",
    "certifications", "experience_years",
}  # fmt: skip
VIEWERS = ("employer", "employer_unverified", "investor")


def allowed_keys(viewer: str, *, visible: bool, disclose: bool, show_pay: bool, granted: bool) -> set[str] | None:
    """None means the profile must not be visible at all (404)."""
    if viewer == "employer":
        if not (visible or granted):
            return None
        keys = BASE_KEYS | PROFESSIONAL_KEYS
        keys |= (IDENTITY_KEYS | CONTACT_KEYS) if granted else set()
        keys |= RETURN_KEYS if disclose else set()
        keys |= PAY_KEYS if show_pay else set()
        return keys
    if viewer == "investor":
        return BASE_KEYS | PROFESSIONAL_KEYS if visible else None
    return None


@pytest.fixture
async def world(app, db) -> AsyncIterator[dict[str, Any]]:
    """One returnee and a logged-in client per viewer, reused across hypothesis examples."""
    _user, profile = await make_returnee(db)
    clients = {}
    for viewer in VIEWERS:
        await make_user(
            db,
            email=f"{viewer}@example.org",
            role=Role.INVESTOR if viewer == "investor" else Role.EMPLOYER,
            org=None if viewer == "investor" else ("employer", viewer),
            org_status="unverified" if viewer == "employer_unverified" else "verified",
        )
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
        await log_in(http, f"{viewer}@example.org")
        clients[viewer] = http
    yield {"profile_id": profile.id, "clients": clients}
    for http in clients.values():
        await http.aclose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    visible=st.booleans(),
    disclose=st.booleans(),
    show_pay=st.booleans(),
    granted_to=st.sampled_from([None, "employer", "employer_unverified"]),
)
async def test_api_keys_are_exactly_what_the_rules_allow(world, db, visible, disclose, show_pay, granted_to):
    profile = await db.get(ReturneeProfile, world["profile_id"])
    profile.visible_to_employers, profile.disclose_return_status, profile.show_pay_to_employers = (
        visible,
        disclose,
        show_pay,
    )
    db.add(profile)
    await db.exec(delete(ContactGrant))
    org_ids = {"employer": 1, "employer_unverified": 2}
    if granted_to:
        db.add(ContactGrant(profile_id=profile.id, organisation_id=org_ids[granted_to], reason="applied"))
    await db.commit()
    for viewer, http in world["clients"].items():
        response = await http.get(f"/api/v1/profiles/{PID}")
        expected = allowed_keys(
            viewer, visible=visible, disclose=disclose, show_pay=show_pay, granted=granted_to == viewer
        )
        if expected is None:
            assert response.status_code == 404, (viewer, response.text[:200])
        else:
            assert response.status_code == 200
            assert set(response.json()) == expected, viewer
