"""Who may pass the guard of each vacancy, employer profile and moderation route."""

from __future__ import annotations

from sankofa.identity.models import Role
from tests.web.routes_core import EVERYONE

EMPLOYER = {Role.EMPLOYER}
VERIFIERS = {Role.ADMIN, Role.PARTNER}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/employer/profile"): EMPLOYER,
    ("POST", "/employer/profile"): EMPLOYER,
    ("GET", "/employers/{organisation_id}"): EVERYONE,
    ("GET", "/employer/vacancies"): EMPLOYER,
    ("GET", "/employer/vacancies/new"): EMPLOYER,
    ("POST", "/employer/vacancies/new"): EMPLOYER,
    ("GET", "/employer/vacancies/{public_id}/edit"): EMPLOYER,
    ("POST", "/employer/vacancies/{public_id}/edit"): EMPLOYER,
    ("POST", "/employer/vacancies/suggest-skills"): EMPLOYER,
    ("POST", "/employer/vacancies/{public_id}/publish"): EMPLOYER,
    ("POST", "/employer/vacancies/{public_id}/close"): EMPLOYER,
    ("POST", "/employer/vacancies/{public_id}/delete"): EMPLOYER,
    ("GET", "/jobs/{public_id}"): EVERYONE,
    ("POST", "/jobs/{public_id}/report"): EVERYONE,
    ("GET", "/moderation/reports"): VERIFIERS,
    ("POST", "/moderation/reports/{report_id}"): VERIFIERS,
}
