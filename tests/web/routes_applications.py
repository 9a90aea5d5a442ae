"""Who may pass the guard of each applications route (apply, the returnee's list, the employer's board, API)."""

from __future__ import annotations

from sankofa.identity.models import Role

PARTIES = {Role.RETURNEE, Role.EMPLOYER}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("POST", "/jobs/{public_id}/apply"): {Role.RETURNEE},
    ("GET", "/applications"): {Role.RETURNEE},
    ("GET", "/applications/{application_id}"): PARTIES,
    ("POST", "/applications/{application_id}/messages"): PARTIES,
    ("POST", "/applications/{application_id}/withdraw"): {Role.RETURNEE},
    ("GET", "/employer/vacancies/{public_id}/applications"): {Role.EMPLOYER},
    ("POST", "/employer/applications/{application_id}/status"): {Role.EMPLOYER},
    ("GET", "/api/v1/employer/applications"): {Role.EMPLOYER},
    ("GET", "/api/v1/applications"): {Role.RETURNEE},
}
