"""Who may pass the guard of each job search and job alert route."""

from __future__ import annotations

from sankofa.identity.models import Role
from tests.web.routes_core import EVERYONE

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/jobs"): EVERYONE,
    ("GET", "/api/v1/jobs"): EVERYONE,
    ("GET", "/jobs/alerts"): {Role.RETURNEE},
    ("POST", "/jobs/alerts"): {Role.RETURNEE},
    ("POST", "/jobs/alerts/{search_id}"): {Role.RETURNEE},
    ("POST", "/jobs/alerts/{search_id}/delete"): {Role.RETURNEE},
    ("GET", "/alerts/unsubscribe/{token}"): EVERYONE,
    ("POST", "/alerts/unsubscribe/{token}"): EVERYONE,
}
