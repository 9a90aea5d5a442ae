"""Who may pass the guard of each event route: anyone reads, participants register, organisers organise."""

from __future__ import annotations

from sankofa.identity.models import Role
from tests.web.routes_core import EVERYONE

PARTICIPANTS = {Role.RETURNEE, Role.EMPLOYER, Role.INVESTOR, Role.PARTNER}
ORGANISERS = {Role.AUTHORITY, Role.PARTNER}

EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/events"): EVERYONE,
    ("GET", "/events/{event_id}"): EVERYONE,
    ("GET", "/events/{event_id}/calendar.ics"): EVERYONE,
    ("GET", "/events/{event_id}/register"): PARTICIPANTS,
    ("POST", "/events/{event_id}/register"): PARTICIPANTS,
    ("GET", "/registrations"): PARTICIPANTS,
    ("POST", "/registrations/{registration_id}/cancel"): PARTICIPANTS,
    ("POST", "/registrations/{registration_id}/accept"): PARTICIPANTS,
    ("POST", "/registrations/{registration_id}/decline"): PARTICIPANTS,
    ("GET", "/organiser/events"): ORGANISERS,
    ("GET", "/organiser/events/new"): {Role.AUTHORITY},
    ("POST", "/organiser/events/new"): {Role.AUTHORITY},
    ("GET", "/organiser/events/{event_id}/edit"): ORGANISERS,
    ("POST", "/organiser/events/{event_id}/edit"): ORGANISERS,
    ("POST", "/organiser/events/{event_id}/publish"): ORGANISERS,
    ("GET", "/organiser/events/{event_id}/cancel"): ORGANISERS,
    ("POST", "/organiser/events/{event_id}/cancel"): ORGANISERS,
    ("GET", "/organiser/events/{event_id}/registrations"): ORGANISERS,
    ("GET", "/organiser/events/{event_id}/registrations.csv"): ORGANISERS,
    ("POST", "/organiser/registrations/{registration_id}/approve"): ORGANISERS,
    ("POST", "/organiser/registrations/{registration_id}/reject"): ORGANISERS,
    ("POST", "/organiser/registrations/{registration_id}/priority"): ORGANISERS,
}
