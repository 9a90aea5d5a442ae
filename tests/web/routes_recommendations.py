"""Who may pass the guard of each recommendation route."""

from __future__ import annotations

from sankofa.identity.models import Role

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/recommendations"): {Role.RETURNEE},
    ("GET", "/employer/vacancies/{public_id}/candidates"): {Role.EMPLOYER},
}
