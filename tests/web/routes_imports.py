"""Who may pass the guard of each import route (CSV import pages, API keys, the API-key JSON API)."""

from __future__ import annotations

from sankofa.identity.models import Role

EMPLOYER = {Role.EMPLOYER}
# The vacancy API authenticates by API key only: a signed-in session of any role gets 401.
API_KEY_ONLY: set[str] = set()

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/employer/imports"): EMPLOYER,
    ("POST", "/employer/imports"): EMPLOYER,
    ("GET", "/employer/imports/template.csv"): EMPLOYER,
    ("GET", "/employer/imports/help"): EMPLOYER,
    ("GET", "/employer/imports/{import_id}"): EMPLOYER,
    ("GET", "/employer/imports/{import_id}/errors.csv"): EMPLOYER,
    ("GET", "/employer/api-keys"): EMPLOYER,
    ("POST", "/employer/api-keys"): EMPLOYER,
    ("POST", "/employer/api-keys/{key_id}/revoke"): EMPLOYER,
    ("POST", "/api/v1/vacancies"): API_KEY_ONLY,
    ("GET", "/api/v1/vacancies"): API_KEY_ONLY,
    ("GET", "/api/v1/vacancies/{external_ref}"): API_KEY_ONLY,
    ("POST", "/api/v1/vacancies/{external_ref}/close"): API_KEY_ONLY,
}
