"""Mails to registrants, in their language, with the calendar entry when they hold a seat or just lost it.

Written to the outbox in the caller's transaction: a registration that rolls back mails no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import i18n, mail
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.events import calendar, display
from sankofa.events.models import Event, EventRegistration, RegistrationStatus
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation

# A mail carries the calendar entry when the registrant holds a seat (REQUEST), or after these changes (CANCEL).
CANCELLING = frozenset({"cancelled", "rejected", "called_off"})
HOLDING = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.PENDING})


def status_labels() -> dict[str, str]:
    return {
        RegistrationStatus.PENDING: _("Waiting for the organiser's approval"),
        RegistrationStatus.REGISTERED: _("Registered"),
        RegistrationStatus.WAITLISTED: _("On the waiting list"),
        RegistrationStatus.OFFERED: _("A seat is offered to you"),
        RegistrationStatus.CANCELLED: _("Cancelled"),
        RegistrationStatus.REJECTED: _("Not accepted"),
        RegistrationStatus.DECLINED: _("Offer declined"),
        RegistrationStatus.EXPIRED: _("Offer expired"),
    }


@dataclass(frozen=True)
class Recipients:
    users: dict[int | None, User]
    organiser: str  # the organising authority's name


async def recipients(session: AsyncSession, *, event: Event, user_ids: set[int]) -> Recipients:
    """The accounts to mail and the name the mails are signed with."""
    found = await session.exec(select(User).where(col(User.id).in_(user_ids)))
    org = await session.get(Organisation, event.organisation_id)
    return Recipients(users={user.id: user for user in found.all()}, organiser=org.name if org else "Sankofa")


def _context(
    event: Event, registration: EventRegistration, *, change: str, organiser: str, link: str
) -> dict[str, Any]:
    expires = registration.offer_expires_at
    return {
        "change": change,
        "event": calendar.localized(event.title, i18n.get_locale()),
        "organiser": organiser,
        "when": display.span(event.starts_at, event.ends_at, event.timezone),
        "where": calendar.where(event, locale=i18n.get_locale()),
        "status": status_labels().get(registration.status, registration.status),
        "deadline": f"{display.day(expires, event.timezone)} {display.clock(expires, event.timezone)}"
        if expires
        else "",
        "reason": event.cancel_reason,
        "link": link,
    }


async def tell(
    session: AsyncSession,
    *,
    event: Event,
    registrations: Sequence[EventRegistration],
    change: str,
    settings: Settings,
    known: Recipients | None = None,
) -> int:
    """Mail each registrant about `change` (registered, pending, waitlisted, offered, approved, rejected,
    cancelled, expired, changed, called_off); returns how many mails were queued.

    `known` are the recipients and organiser name read beforehand (a registration reads them before it takes the
    category's lock, so the lock is held for fewer round trips).
    """
    if not registrations:
        return 0
    known = known or await recipients(session, event=event, user_ids={r.user_id for r in registrations})
    users, organiser = known.users, known.organiser
    link = f"{settings.base_url}/events/{event.public_id}"
    queued = 0
    for registration in registrations:
        user = users.get(registration.user_id)
        if user is None or not user.email or user.deleted_at is not None:
            continue
        locale = user.locale or "fr"
        with i18n.use_locale(locale):
            context = _context(event, registration, change=change, organiser=organiser, link=link)
            attachments = []
            if change in CANCELLING or registration.status in HOLDING:
                method, content = calendar.for_registration(
                    event, registration, organiser=organiser, locale=locale, link=link, mail_from=settings.mail_from
                )
                attachments.append(calendar.attachment(method, content))
        await mail.queue(
            session, to=user.email, template="event_update", locale=locale, context=context, attachments=attachments
        )
        queued += 1
    return queued
