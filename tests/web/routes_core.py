"""Who may pass the guard of each core route (accounts, organisations, vocabulary, health)."""

from __future__ import annotations

from sankofa.identity.models import Role

ANON = "anonymous"
EVERYONE = {ANON, *Role}
SIGNED_IN = set(Role)
ORG_ROLES = {Role.EMPLOYER, Role.AUTHORITY, Role.PARTNER, Role.INVESTOR}

# (method, path template) -> who may pass the guard. Paths use {org} for the role's own organisation.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/about"): EVERYONE,
    ("GET", "/favicon.ico"): EVERYONE,
    ("GET", "/signup"): EVERYONE,
    ("POST", "/signup"): EVERYONE,
    ("GET", "/signup/sent"): EVERYONE,
    ("GET", "/verify/{token}"): EVERYONE,
    ("POST", "/verify/{token}"): EVERYONE,
    ("POST", "/verify-resend"): SIGNED_IN,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/logout"): EVERYONE,
    ("GET", "/forgot"): EVERYONE,
    ("POST", "/forgot"): EVERYONE,
    ("GET", "/reset/{token}"): EVERYONE,
    ("POST", "/reset/{token}"): EVERYONE,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account"): SIGNED_IN,
    ("GET", "/account/export"): SIGNED_IN,
    ("GET", "/account/data"): SIGNED_IN,
    ("POST", "/account/contacts/{organisation_id}/withdraw"): {Role.RETURNEE},
    ("GET", "/account/delete"): SIGNED_IN,
    ("POST", "/account/delete"): SIGNED_IN,
    ("GET", "/organisations/{organisation_id}"): SIGNED_IN,
    ("POST", "/organisations/{organisation_id}/invitations"): ORG_ROLES,
    ("GET", "/invitations/{token}"): EVERYONE,
    ("POST", "/invitations/{token}"): SIGNED_IN,
    ("GET", "/verification"): {Role.ADMIN, Role.PARTNER},
    ("POST", "/verification/{organisation_id}"): {Role.ADMIN, Role.PARTNER},
    ("POST", "/verification/{organisation_id}/name"): {Role.ADMIN, Role.PARTNER},
    ("GET", "/admin/outbox"): {Role.ADMIN},
    ("POST", "/api/v1/session"): EVERYONE,
    ("DELETE", "/api/v1/session"): SIGNED_IN,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("PATCH", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/me/export"): SIGNED_IN,
    ("GET", "/api/v1/skills"): EVERYONE,
    ("GET", "/api/v1/occupations"): EVERYONE,
    ("GET", "/api/v1/places"): EVERYONE,
    ("GET", "/suggest/{kind}"): EVERYONE,
    ("GET", "/health/live"): EVERYONE,
    ("GET", "/health/ready"): EVERYONE,
}
