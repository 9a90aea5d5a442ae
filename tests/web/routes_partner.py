"""Who may pass the guard of each partner route (case files of consenting returnees) and agreement admin route."""

from __future__ import annotations

from sankofa.identity.models import Role

PARTNER = {Role.PARTNER}
ADMIN = {Role.ADMIN}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/partner/returnees"): PARTNER,
    ("GET", "/partner/returnees/{public_id}"): PARTNER,
    ("POST", "/partner/returnees/{public_id}/skills/{skill_id}/validation"): PARTNER,
    ("POST", "/partner/returnees/{public_id}/skills/{skill_id}/unvalidate"): PARTNER,
    ("POST", "/partner/returnees/{public_id}/measures"): PARTNER,
    ("POST", "/partner/returnees/{public_id}/needs"): PARTNER,
    ("GET", "/admin/organisations/{organisation_id}/agreements"): ADMIN,
    ("POST", "/admin/organisations/{organisation_id}/agreements"): ADMIN,
}
