"""The event form (`EventCreate`), one schema for the organiser's page and any future API: reading, checking,
turning local dates and times into instants in the event's time zone.

Sessions and questions are numbered rows (`session_0_date`, `question_1_label`): a page without JavaScript shows
a few blank ones and an "add a row" button that posts the form back with one more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sankofa.core import inputs, validation
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.events import sharing
from sankofa.events.models import CategoryKind, EventKind, RegistrationMode
from sankofa.reference import place_resolution, vocabulary

LANGS = ("fr", "en", "ar")
MAX_TITLE = 200
MAX_DESCRIPTION = 8000
MAX_SESSIONS = 10
MAX_QUESTIONS = 5
MAX_QUOTA = 100_000
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$")
# Time zones of the return countries Sankofa serves (the event's local time is what people read).
TIMEZONES = {
    "Africa/Dakar": "Dakar (UTC+0)",
    "Africa/Abidjan": "Abidjan (UTC+0)",
    "Africa/Bamako": "Bamako (UTC+0)",
    "Africa/Conakry": "Conakry (UTC+0)",
    "Africa/Accra": "Accra (UTC+0)",
    "Africa/Casablanca": "Casablanca (UTC+1)",
    "Africa/Lagos": "Lagos (UTC+1)",
    "Africa/Niamey": "Niamey (UTC+1)",
    "Africa/Algiers": "Alger (UTC+1)",
    "Africa/Tunis": "Tunis (UTC+1)",
}


def kinds() -> dict[str, str]:
    return {
        EventKind.JOB_FAIR: _("Job fair"),
        EventKind.NETWORKING: _("Networking and B2B meetings"),
        EventKind.INVESTMENT_FORUM: _("Investment forum"),
        EventKind.INFORMATION: _("Information session"),
    }


def category_kinds() -> dict[str, str]:
    return {
        CategoryKind.RETURNEE: _("Returnees"),
        CategoryKind.EMPLOYER: _("Employers"),
        CategoryKind.INVESTOR: _("Investors and mentors"),
        CategoryKind.PARTNER: _("Partners"),
    }


def registration_modes() -> dict[str, str]:
    return {
        RegistrationMode.OPEN: _("Open: a free seat confirms the registration at once"),
        RegistrationMode.VALIDATED: _("Validated: you approve each registration"),
    }


@dataclass
class SessionValues:
    name: str
    starts_at: datetime
    ends_at: datetime
    slot_minutes: int
    break_minutes: int


@dataclass
class QuestionValues:
    id: int | None
    label: str
    required: bool


@dataclass
class EventCreate:
    """A checked event form."""

    kind: str
    title: dict[str, str]
    description: dict[str, str]
    online: bool
    online_url: str | None
    venue_name: str
    address: str
    map_url: str | None
    timezone: str
    registration_mode: str
    offer_hours: int
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    place_id: str | None = None
    shared_fields: list[str] = field(default_factory=list)
    co_organiser_ids: list[int] = field(default_factory=list)
    sessions: list[SessionValues] = field(default_factory=list)
    quotas: dict[str, int] = field(default_factory=dict)
    questions: list[QuestionValues] = field(default_factory=list)


def row_count(form: Form, prefix: str, *, least: int, most: int) -> int:
    """How many numbered rows the form carries (the highest index sent, plus one), within bounds."""
    pattern = re.compile(rf"^{prefix}_(\d+)_")
    sent = [int(m.group(1)) + 1 for name in form if (m := pattern.match(str(name)))]
    return max(least, min(most, max(sent, default=0)))


def _local(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _time(form: Form, name: str, errors: dict[str, str]) -> time | None:
    raw = inputs.text(form, name)
    match = TIME_RE.match(raw)
    if not match:
        errors[name] = _("Enter a time like 09:30.")
        return None
    return time(int(match.group(1)), int(match.group(2)))


def _sessions(form: Form, errors: dict[str, str], zone: str) -> list[SessionValues]:
    found: list[SessionValues] = []
    for i in range(row_count(form, "session", least=0, most=MAX_SESSIONS)):
        key = f"session_{i}"
        if not any(inputs.text(form, f"{key}_{part}") for part in ("name", "date", "start", "end")):
            continue  # a blank row
        day = inputs.date_value(form, f"{key}_date", errors, earliest=2000, required=True)
        start, end = _time(form, f"{key}_start", errors), _time(form, f"{key}_end", errors)
        slot = (
            inputs.int_value(form, f"{key}_slot", errors, low=5, high=240) if inputs.text(form, f"{key}_slot") else 20
        )
        pause = (
            inputs.int_value(form, f"{key}_break", errors, low=0, high=120) if inputs.text(form, f"{key}_break") else 5
        )
        name = inputs.text(form, f"{key}_name")
        if message := validation.text_error(name, required=False, max_length=120):
            errors[f"{key}_name"] = message
        if day is None or start is None or end is None or slot is None or pause is None:
            continue
        if end <= start:
            errors[f"{key}_end"] = _("The session must end after it starts.")
            continue
        found.append(SessionValues(name, _local(day, start, zone), _local(day, end, zone), slot, pause))
    return sorted(found, key=lambda s: s.starts_at)


def _quotas(form: Form, errors: dict[str, str]) -> dict[str, int]:
    quotas: dict[str, int] = {}
    for kind in category_kinds():
        name = f"quota_{kind}"
        if inputs.text(form, name):
            value = inputs.int_value(form, name, errors, low=0, high=MAX_QUOTA)
            if value:
                quotas[kind] = value
    return quotas


def _questions(form: Form, errors: dict[str, str]) -> list[QuestionValues]:
    found: list[QuestionValues] = []
    for i in range(row_count(form, "question", least=0, most=MAX_QUESTIONS)):
        label = inputs.text(form, f"question_{i}_label")
        if not label:
            continue
        if message := validation.text_error(label, required=True, max_length=300):
            errors[f"question_{i}_label"] = message
            continue
        raw_id = inputs.text(form, f"question_{i}_id")
        question_id = int(raw_id) if raw_id.isdigit() and len(raw_id) < 10 else None
        found.append(QuestionValues(question_id, label, inputs.boolean(form, f"question_{i}_required", errors)))
    return found


def _url(form: Form, name: str, errors: dict[str, str]) -> str | None:
    raw = inputs.text(form, name)
    if not raw:
        return None
    if not raw.startswith(("https://", "http://")) or len(raw) > 300 or " " in raw:
        errors[name] = _("Enter a web address starting with https://")
        return None
    return raw


def _texts(form: Form, errors: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    title: dict[str, str] = {}
    description: dict[str, str] = {}
    for lang in LANGS:
        if value := inputs.text(form, f"title_{lang}"):
            if message := validation.text_error(value, required=True, max_length=MAX_TITLE):
                errors[f"title_{lang}"] = message
            title[lang] = value
        if value := inputs.text(form, f"description_{lang}"):
            if len(value) > MAX_DESCRIPTION:
                errors[f"description_{lang}"] = _("At most %(count)s characters.") % {"count": MAX_DESCRIPTION}
            description[lang] = value
    if not title:
        errors["title_fr"] = _("Give the event a title in at least one language.")
    return title, description


def _window(form: Form, errors: dict[str, str], zone: str) -> tuple[datetime | None, datetime | None]:
    opens = inputs.date_value(form, "registration_opens", errors, earliest=2000)
    closes = inputs.date_value(form, "registration_closes", errors, earliest=2000)
    if opens and closes and closes < opens:
        errors["registration_closes"] = _("Registration must close after it opens.")
    opens_at = _local(opens, time(0, 0), zone) if opens else None
    closes_at = _local(closes, time(0, 0), zone) + timedelta(days=1) - timedelta(seconds=1) if closes else None
    return opens_at, closes_at


def parse(form: Form, *, locale: str, partner_ids: set[int]) -> tuple[EventCreate | None, dict[str, str]]:
    """The form as an `EventCreate`, or None with a translated message per wrong field.

    `partner_ids` are the organisations that may be named co-organisers (verified partners).
    """
    errors: dict[str, str] = {}
    kind = inputs.choice(form, "kind", kinds(), errors, required=True)
    zone = inputs.choice(form, "timezone", TIMEZONES, errors) or "Africa/Dakar"
    title, description = _texts(form, errors)
    online = inputs.boolean(form, "online", errors)
    online_url = _url(form, "online_url", errors)
    map_url = _url(form, "map_url", errors)
    venue_name, address = inputs.text(form, "venue_name"), inputs.text(form, "address")
    for name, value, most in (("venue_name", venue_name, 200), ("address", address, 300)):
        if message := validation.text_error(value, required=False, max_length=most):
            errors[name] = message
    mode = inputs.choice(form, "registration_mode", registration_modes(), errors) or RegistrationMode.OPEN
    offer_raw = inputs.text(form, "offer_hours")
    offer_hours = inputs.int_value(form, "offer_hours", errors, low=1, high=336) if offer_raw else 48
    opens_at, closes_at = _window(form, errors, zone)
    shared = inputs.choice_list(form, "shared_fields", sharing.fields(), errors)
    partners = {str(pid): str(pid) for pid in partner_ids}
    co_organisers = [int(pid) for pid in inputs.choice_list(form, "co_organisers", partners, errors)]
    values = EventCreate(
        kind=kind or EventKind.JOB_FAIR,
        title=title,
        description=description,
        online=online,
        online_url=online_url,
        venue_name=venue_name,
        address=address,
        map_url=map_url,
        timezone=zone,
        registration_mode=mode,
        offer_hours=offer_hours or 48,
        registration_opens_at=opens_at,
        registration_closes_at=closes_at,
        shared_fields=sharing.checked(shared),
        co_organiser_ids=co_organisers,
        sessions=_sessions(form, errors, zone),
        quotas=_quotas(form, errors),
        questions=_questions(form, errors),
    )
    _place(form, values, errors, locale=locale)
    return (None if errors else values), errors


def _place(form: Form, values: EventCreate, errors: dict[str, str], *, locale: str) -> None:
    raw = inputs.text(form, "location")
    if not raw:
        return
    if raw.partition(":")[0] in {"city", "region", "country"} and vocabulary.place_label(raw, locale=locale):
        values.place_id = raw
        return
    match = place_resolution.resolve(raw, locale=locale)
    if match.place_id is None:
        closest = "; ".join(match.suggestions)
        errors["location"] = (
            _("“%(value)s” was not recognised as a place. Closest known places: %(places)s.")
            % {"value": raw[:80], "places": closest}
            if closest
            else _("“%(value)s” was not recognised as a place.") % {"value": raw[:80]}
        )
        return
    values.place_id = match.place_id
