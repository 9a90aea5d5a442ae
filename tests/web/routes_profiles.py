"""Who may pass the guard of the profile editor routes."""

from __future__ import annotations

from sankofa.identity.models import Role

EDITORS = {Role.RETURNEE, Role.PARTNER}

EXPECTED = {
    ("GET", "/profile"): {Role.RETURNEE},
    ("GET", "/profiles/{public_id}/edit/{step}"): EDITORS,
    ("POST", "/profiles/{public_id}/edit/{step}"): EDITORS,
    ("POST", "/profiles/{public_id}/items/{kind}"): EDITORS,
    ("POST", "/profiles/{public_id}/analyse"): EDITORS,
    ("POST", "/profiles/{public_id}/skills/{skill_id}"): EDITORS,
    ("POST", "/profiles/{public_id}/items/{kind}/{item_id}/delete"): EDITORS,
    ("POST", "/profiles/{public_id}/consents"): {Role.RETURNEE},
    ("GET", "/api/v1/profile"): {Role.RETURNEE},
    ("PUT", "/api/v1/profile/about"): {Role.RETURNEE},
    ("PUT", "/api/v1/profile/return"): {Role.RETURNEE},
    ("PUT", "/api/v1/profile/wishes"): {Role.RETURNEE},
    ("PUT", "/api/v1/profile/visibility"): {Role.RETURNEE},
    ("POST", "/api/v1/profile/skills"): {Role.RETURNEE},
    ("POST", "/api/v1/profile/experiences"): {Role.RETURNEE},
    ("POST", "/api/v1/profile/analyse"): {Role.RETURNEE},
}
