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


def _isolated(text: str) -> str:
    """Times and the zone's Latin name inserted in an Arabic sentence keep their own direction (Unicode's first-strong
    isolate, the text form of <bdi>: the value is also a mail's and a calendar's text)."""
    return f"\u2068{text}\u2069" if i18n.is_rtl() else text


def span(starts: datetime | None, ends: datetime | None, zone: str) -> str:
    """ "jeudi 14 janvier 2027, 09:00–17:00 · Dakar (UTC+0)", the end day named when it differs."""
    if starts is None:
        return ""
    comma = "\u060c " if i18n.is_rtl() else ", "
    zone_name = _isolated(TIMEZONES.get(zone, zone))
    if ends is None:
        return f"{day(starts, zone)}{comma}{_isolated(clock(starts, zone))} · {zone_name}"
    if local(starts, zone).date() == local(ends, zone).date():
        hours = _isolated(f"{clock(starts, zone)}\u2013{clock(ends, zone)}")
        return f"{day(starts, zone)}{comma}{hours} · {zone_name}"
    first = f"{day(starts, zone)} {_isolated(clock(starts, zone))}"
    last = f"{day(ends, zone)} {_isolated(clock(ends, zone))}"
    return f"{first} \u2013 {last} · {zone_name}"
