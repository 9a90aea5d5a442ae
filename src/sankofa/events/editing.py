"""The organiser's form filled from a saved event (the inverse of `schemas.parse`), and its row counts."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.events import calendar, display, schemas, seats, sharing
from sankofa.events.models import Event, EventCoOrganiser, EventQuestion, EventSession

BLANK_ROWS = 2


def new_values() -> dict[str, Any]:
    """A new event's form: a job fair, open registration, the default shared fields, 48 hours to take an offer."""
    return {
        "kind": "job_fair",
        "registration_mode": "open",
        "offer_hours": "48",
        "timezone": "Africa/Dakar",
        "shared_fields": list(sharing.DEFAULT_FIELDS),
        "quota_returnee": "100",
        "quota_employer": "20",
    }


async def form_values(session: AsyncSession, event: Event) -> dict[str, Any]:
    """Every field of the form for `event`, as text (times in the event's zone)."""
    assert event.id is not None
    zone = event.timezone
    values: dict[str, Any] = {
        "kind": event.kind,
        "online": event.online,
        "online_url": event.online_url or "",
        "venue_name": event.venue_name,
        "address": event.address,
        "map_url": event.map_url or "",
        "timezone": zone,
        "registration_mode": event.registration_mode,
        "offer_hours": str(event.offer_hours),
        "shared_fields": list(event.shared_fields),
        "location": calendar.place_id(event) or "",
    }
    for lang in schemas.LANGS:
        values[f"title_{lang}"] = event.title.get(lang, "")
        values[f"description_{lang}"] = event.description.get(lang, "")
    if event.registration_opens_at:
        values["registration_opens"] = display.local(event.registration_opens_at, zone).date().isoformat()
    if event.registration_closes_at:
        values["registration_closes"] = display.local(event.registration_closes_at, zone).date().isoformat()
    sessions = await session.exec(
        select(EventSession).where(EventSession.event_id == event.id).order_by(col(EventSession.starts_at))
    )
    for i, s in enumerate(sessions.all()):
        start, end = display.local(s.starts_at, zone), display.local(s.ends_at, zone)
        values.update(
            {
                f"session_{i}_name": s.name,
                f"session_{i}_date": start.date().isoformat(),
                f"session_{i}_start": start.strftime("%H:%M"),
                f"session_{i}_end": end.strftime("%H:%M"),
                f"session_{i}_slot": str(s.slot_minutes),
                f"session_{i}_break": str(s.break_minutes),
            }
        )
    for category in await seats.categories_of(session, event_id=event.id):
        values[f"quota_{category.kind}"] = str(category.quota) if category.quota else ""
    questions = await session.exec(
        select(EventQuestion).where(EventQuestion.event_id == event.id).order_by(col(EventQuestion.position))
    )
    for i, q in enumerate(questions.all()):
        values.update(
            {f"question_{i}_id": str(q.id), f"question_{i}_label": q.label, f"question_{i}_required": q.required}
        )
    co = await session.exec(select(EventCoOrganiser.organisation_id).where(EventCoOrganiser.event_id == event.id))
    values["co_organisers"] = [str(org_id) for org_id in co.all()]
    return values


def rows(values: dict[str, Any], prefix: str, *, most: int, more: bool = False) -> int:
    """Rows to show: those filled, plus blank ones (one more after "add a row")."""
    filled = schemas.row_count(values, prefix, least=0, most=most)
    return min(most, max(filled + BLANK_ROWS, 3) + (1 if more else 0))
