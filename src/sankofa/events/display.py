"""Dates and times of an event as its participants read them: in the event's time zone, in their language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel import dates

from sankofa.core import i18n
from sankofa.events.schemas import TIMEZONES


def local(value: datetime, zone: str) -> datetime:
    return value.astimezone(ZoneInfo(zone))


def day(value: datetime | None, zone: str) -> str:
    """ "jeudi 14 janvier 2027" in the event's zone."""
    if value is None:
        return ""
    return dates.format_date(local(value, zone), format="full", locale=i18n.get_locale())


def clock(value: datetime | None, zone: str) -> str:
    if value is None:
        return ""
    return dates.format_time(local(value, zone), format="short", locale=i18n.get_locale())


def span(starts: datetime | None, ends: datetime | None, zone: str) -> str:
    """ "jeudi 14 janvier 2027, 09:00–17:00 (Dakar (UTC+0))", the end day named when it differs."""
    if starts is None:
        return ""
    zone_name = TIMEZONES.get(zone, zone)
    if ends is None:
        return f"{day(starts, zone)}, {clock(starts, zone)} ({zone_name})"
    if local(starts, zone).date() == local(ends, zone).date():
        return f"{day(starts, zone)}, {clock(starts, zone)}\u2013{clock(ends, zone)} ({zone_name})"
    return f"{day(starts, zone)} {clock(starts, zone)} \u2013 {day(ends, zone)} {clock(ends, zone)} ({zone_name})"
