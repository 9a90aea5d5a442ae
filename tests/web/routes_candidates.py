"""Who may pass the guard of each candidates route (candidate search, contact requests, profile API, CV)."""

from __future__ import annotations

from sankofa.identity.models import Role
from tests.web.routes_core import SIGNED_IN

FINDERS = {Role.EMPLOYER, Role.INVESTOR}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/candidates"): FINDERS,
    ("GET", "/candidates/{public_id}"): FINDERS,
    ("POST", "/candidates/{public_id}/contact"): {Role.EMPLOYER},
    ("GET", "/profile/requests"): {Role.RETURNEE},
    ("POST", "/profile/requests/{request_id}"): {Role.RETURNEE},
    ("GET", "/profiles/{public_id}/cv"): {Role.RETURNEE, Role.ADMIN},
    ("GET", "/api/v1/profiles/{public_id}"): SIGNED_IN,
    ("GET", "/api/v1/candidates"): FINDERS,
}
