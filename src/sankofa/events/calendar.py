"""Calendar entries (RFC 5545 / iTIP RFC 5546) sent with event mails and offered on the event page.

A registrant's entry has one UID for the life of the registration (its public id), so a calendar updates the entry
it already holds instead of adding a second; SEQUENCE is the event's plus the registration's change counters, both
only ever raised, so every update outranks the last. A cancelled event or registration is sent as METHOD:CANCEL
with the same UID, which removes the entry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as CalendarEvent

from sankofa.events.models import Event, EventRegistration, EventStatus, RegistrationStatus
from sankofa.reference import vocabulary

PRODID = "-//Sankofa//Events//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8; method={method}"


def localized(texts: dict[str, str], locale: str) -> str:
    """The text in `locale`, else French, else English, else any language it was written in."""
    for lang in (locale, "fr", "en", "ar"):
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), "")


def where(event: Event, *, locale: str) -> str:
    """The venue in one line: its name, its address and the place (or the online link)."""
    if event.online:
        return event.online_url or ""
    linked = place_id(event)
    place = vocabulary.place_label(linked, locale=locale) if linked else None
    return ", ".join(part for part in (event.venue_name, event.address, place) if part)


def place_id(event: Event) -> str | None:
    """The place id ("city:…", "region:…", "country:…") the venue was linked to."""
    if event.city_id is not None:
        return f"city:{event.city_id}"
    if event.region:
        return f"region:{event.region}"
    return f"country:{event.country}" if event.country else None


def _entry(event: Event, *, uid: str, sequence: int, status: str, locale: str, link: str) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("sequence", sequence)
    entry.add("dtstamp", datetime.now(UTC))
    if event.starts_at and event.ends_at:
        entry.add("dtstart", event.starts_at.astimezone(UTC))
        entry.add("dtend", event.ends_at.astimezone(UTC))
    entry.add("summary", localized(event.title, locale))
    entry.add("description", f"{localized(event.description, locale)}\n\n{link}".strip())
    entry.add("location", where(event, locale=locale))
    entry.add("url", link)
    entry.add("status", status)
    if event.lat is not None and event.lon is not None and not event.online:
        entry.add("geo", (event.lat, event.lon))
    return entry


def _calendar(method: str, entry: CalendarEvent, *, organiser: str, mail_from: str) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    address = vCalAddress(f"mailto:{parseaddr(mail_from)[1] or 'no-reply@sankofa.local'}")
    address.params["cn"] = vText(organiser)
    entry.add("organizer", address)
    calendar.add_component(entry)
    return calendar.to_ical().decode()


def for_registration(
    event: Event, registration: EventRegistration, *, organiser: str, locale: str, link: str, mail_from: str
) -> tuple[str, str]:
    """The registrant's entry as (method, ICS text): REQUEST while they hold a seat, CANCEL otherwise."""
    holds = registration.status in {RegistrationStatus.REGISTERED, RegistrationStatus.PENDING}
    method = "REQUEST" if holds and event.status != EventStatus.CANCELLED else "CANCEL"
    if method == "CANCEL":
        status = "CANCELLED"
    else:
        status = "CONFIRMED" if registration.status == RegistrationStatus.REGISTERED else "TENTATIVE"
    entry = _entry(
        event,
        uid=f"{registration.public_id}@sankofa",
        sequence=event.sequence + registration.sequence,
        status=status,
        locale=locale,
        link=link,
    )
    return method, _calendar(method, entry, organiser=organiser, mail_from=mail_from)


def for_event(event: Event, *, organiser: str, locale: str, link: str, mail_from: str) -> str:
    """The public entry of the event page (PUBLISH: anyone may add it; not a registration)."""
    status = "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED"
    entry = _entry(
        event, uid=f"{event.public_id}@sankofa", sequence=event.sequence, status=status, locale=locale, link=link
    )
    return _calendar("PUBLISH", entry, organiser=organiser, mail_from=mail_from)


def attachment(method: str, content: str) -> dict[str, str]:
    """The mail attachment of an entry."""
    return {"filename": "invite.ics", "content_type": CONTENT_TYPE.format(method=method), "content": content}
