"""Whose objects each role may use, per route with an object in its path: its own side's, another party's, both.

The world (tests/support/route_world.py) gives each route two sets of ids: "own" (side A: the signed-in returnee's
profile, the employer's vacancy, the partner's consenting returnee, the role's organisation) and "other" (side B:
another party's). A role missing from a route's entry here may not pass its guard (tests/web/routes_*.py).
"""

from __future__ import annotations

from sankofa.identity.models import Role
from tests.web import routes_profiles
from tests.web.routes_core import ANON

API_KEY = "api key"  # employer 1's system, signed in by nothing but its bearer key
OWN = frozenset({"own"})
BOTH = frozenset({"own", "other"})
NONE: frozenset[str] = frozenset()
# Another party's id names nothing of the caller's: any answer, as long as the other party's data stays as it was.
NOOP = frozenset({"own", "noop"})

R, E, IN, AU, P, AD = Role.RETURNEE, Role.EMPLOYER, Role.INVESTOR, Role.AUTHORITY, Role.PARTNER, Role.ADMIN
PUBLIC = dict.fromkeys([ANON, API_KEY, *Role], BOTH)  # public objects, or a token that is the permission itself
# Profiles: side A is visible to employers, applied to employer 1 and consented to partner 1; side B is hidden and
# did neither. The editor: the returnee's own profile, and a caseworker's consenting returnee (within the agreement).
EDITORS = {R: OWN, P: OWN}

RULES: dict[tuple[str, str], dict[str, frozenset[str]]] = {
    # Core. Members see their own organisation (admins any); a caseworker verifies only pending employers (none here).
    # A returnee withdraws their own grant to an organisation; naming another organisation removes nothing.
    ("POST", "/account/contacts/{organisation_id}/withdraw"): {R: NOOP},
    ("GET", "/organisations/{organisation_id}"): {R: NONE, E: OWN, IN: OWN, AU: OWN, P: OWN, AD: BOTH},
    ("POST", "/organisations/{organisation_id}/invitations"): {E: OWN, IN: OWN, AU: OWN, P: OWN},
    ("POST", "/verification/{organisation_id}"): {AD: BOTH, P: NONE},
    # New names: admins decide for any organisation, caseworkers of a verified partner for any verified employer.
    ("POST", "/verification/{organisation_id}/name"): {AD: BOTH, P: BOTH},
    # Applications: the applicant and the vacancy's employer, no one else.
    ("POST", "/jobs/{public_id}/apply"): {R: BOTH},
    ("GET", "/applications/{application_id}"): {R: OWN, E: OWN},
    ("POST", "/applications/{application_id}/messages"): {R: OWN, E: OWN},
    ("POST", "/applications/{application_id}/withdraw"): {R: OWN},
    ("GET", "/employer/vacancies/{public_id}/applications"): {E: OWN},
    ("POST", "/employer/applications/{application_id}/status"): {E: OWN},
    # Candidates: employers and investors find visible returnees (or, for employers, those who applied to them).
    ("GET", "/candidates/{public_id}"): {E: OWN, IN: OWN},
    ("POST", "/candidates/{public_id}/contact"): {E: OWN},
    ("POST", "/profile/requests/{request_id}"): {R: OWN},
    ("GET", "/profiles/{public_id}/cv"): {R: OWN, AD: BOTH},
    ("GET", "/api/v1/profiles/{public_id}"): {R: OWN, E: OWN, IN: OWN, AU: NONE, P: OWN, AD: BOTH},
    # Imports and API keys: the employer's organisation only; the vacancy API with its own key only.
    ("GET", "/employer/imports/{import_id}"): {E: OWN},
    ("GET", "/employer/imports/{import_id}/errors.csv"): {E: OWN},
    ("POST", "/employer/api-keys/{key_id}/revoke"): {E: OWN},
    ("GET", "/api/v1/vacancies/{external_ref}"): {API_KEY: OWN},
    ("POST", "/api/v1/vacancies/{external_ref}/close"): {API_KEY: OWN},
    # Saved searches: their returnee; the unsubscribe link works for whoever holds it.
    ("POST", "/jobs/alerts/{search_id}"): {R: OWN},
    ("POST", "/jobs/alerts/{search_id}/delete"): {R: OWN},
    ("GET", "/alerts/unsubscribe/{token}"): PUBLIC,
    ("POST", "/alerts/unsubscribe/{token}"): PUBLIC,
    # Partner case files: the returnees who consented to the caseworker's organisation; agreements: admins.
    ("GET", "/partner/returnees/{public_id}"): {P: OWN},
    ("POST", "/partner/returnees/{public_id}/skills/{skill_id}/validation"): {P: OWN},
    ("POST", "/partner/returnees/{public_id}/skills/{skill_id}/unvalidate"): {P: OWN},
    ("POST", "/partner/returnees/{public_id}/measures"): {P: OWN},
    ("POST", "/partner/returnees/{public_id}/needs"): {P: OWN},
    ("GET", "/admin/organisations/{organisation_id}/agreements"): {AD: BOTH},
    ("POST", "/admin/organisations/{organisation_id}/agreements"): {AD: BOTH},
    # Every route of the profile editor: the returnee, and a caseworker of a partner the returnee consented to.
    **{key: EDITORS for key, roles in routes_profiles.EXPECTED.items() if roles == routes_profiles.EDITORS},
    ("POST", "/profiles/{public_id}/consents"): {R: OWN},
    # Vacancies: the employer's own to change and to rank candidates for; published ones are public.
    ("GET", "/employer/vacancies/{public_id}/candidates"): {E: OWN},
    ("GET", "/employer/vacancies/{public_id}/edit"): {E: OWN},
    ("POST", "/employer/vacancies/{public_id}/edit"): {E: OWN},
    ("POST", "/employer/vacancies/{public_id}/publish"): {E: OWN},
    ("POST", "/employer/vacancies/{public_id}/close"): {E: OWN},
    ("POST", "/employer/vacancies/{public_id}/delete"): {E: OWN},
    ("GET", "/employers/{organisation_id}"): PUBLIC,
    ("GET", "/jobs/{public_id}"): PUBLIC,
    ("POST", "/jobs/{public_id}/report"): PUBLIC,
    # Events: published ones are public and open to every participant role; a registration is its registrant's;
    # an event and its registrations are its organisers' (authority A, and partner 1 as co-organiser).
    ("GET", "/events/{event_id}"): PUBLIC,
    ("GET", "/events/{event_id}/calendar.ics"): PUBLIC,
    ("GET", "/events/{event_id}/register"): {R: BOTH, E: BOTH, IN: BOTH, P: BOTH},
    ("POST", "/events/{event_id}/register"): {R: BOTH, E: BOTH, IN: BOTH, P: BOTH},
    **{
        ("POST", f"/registrations/{{registration_id}}/{verb}"): {R: OWN, E: NONE, IN: NONE, P: NONE}
        for verb in ("cancel", "accept", "decline")
    },
    **{
        (method, f"/organiser/events/{{event_id}}/{tail}"): {AU: OWN, P: OWN}
        for method, tail in [
            ("GET", "edit"),
            ("POST", "edit"),
            ("POST", "publish"),
            ("GET", "cancel"),
            ("POST", "cancel"),
            ("GET", "registrations"),
            ("GET", "registrations.csv"),
        ]
    },
    ("POST", "/organiser/registrations/{registration_id}/approve"): {AU: OWN, P: OWN},
    ("POST", "/organiser/registrations/{registration_id}/reject"): {AU: OWN, P: OWN},
    ("POST", "/organiser/registrations/{registration_id}/priority"): {AU: OWN, P: OWN},
    # Moderators work one queue: every report.
    ("POST", "/moderation/reports/{report_id}"): {AD: BOTH, P: BOTH},
}
