"""The employer's side of applications: the board of one vacancy, status changes, opening an application.

Applicants leave only through `profile_view.build` with the groups `visibility.allowed_groups` grants the
employer (applying grants identity and contact); every named view is written to the returnee's audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import access as application_access
from sankofa.applications import messages as application_messages
from sankofa.applications.access import ApplicationAccess
from sankofa.applications.lifecycle import BOARD_COLUMNS, OPEN, TERMINAL, TRANSITIONS, S, status_label, touch
from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage
from sankofa.core import audit, i18n, mail
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.profiles import view as profile_view
from sankofa.profiles import visibility
from sankofa.profiles.models import ReturneeProfile
from sankofa.profiles.visibility import FieldGroup, Viewer
from sankofa.vacancies.models import Vacancy

MAX_NOTE = 2000
HEADLINE_SKILLS = 4
NAMED = frozenset({FieldGroup.IDENTITY, FieldGroup.CONTACT})


@dataclass(frozen=True)
class Card:
    """One application on the board, the applicant as the employer may see them."""

    id: int
    status: str
    applicant: dict[str, Any]
    applied_at: datetime
    days_waiting: int  # since the employer's last move (or the application, if none)
    stale: bool
    next_statuses: tuple[str, ...]

    @property
    def skills(self) -> list[str]:
        return [skill["label"] for skill in self.applicant.get("skills", [])[:HEADLINE_SKILLS]]


@dataclass(frozen=True)
class Board:
    vacancy: Vacancy
    organisation: Organisation
    columns: list[tuple[str, list[Card]]]
    stale_count: int
    total: int


@dataclass(frozen=True)
class ApplicationPage:
    """One application as the returnee or the employer sees it."""

    access: ApplicationAccess
    events: list[ApplicationEvent]
    messages: list[ApplicationMessage]
    applicant: dict[str, Any] | None = None  # employer side only
    next_statuses: tuple[str, ...] = ()
    can_withdraw: bool = False


def _days_since(moment: datetime, now: datetime) -> int:
    return max(0, (now - moment).days)


async def applicant_view(
    session: AsyncSession, *, profile: ReturneeProfile, viewer: Viewer, locale: str, ip: str | None, context: str
) -> dict[str, Any]:
    groups = await visibility.allowed_groups(session, profile=profile, viewer=viewer)
    view = await profile_view.build(session, profile=profile, groups=groups, locale=locale)
    if groups & NAMED:
        await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context=context)
    return view


async def board(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, locale: str, ip: str | None = None
) -> Board:
    """The pipeline of one vacancy, one column per status.

    Raises:
        NotFound: the vacancy is not one of the employer's.
    """
    vacancy, organisation = await application_access.employer_vacancy(session, user=user, public_id=public_id)
    viewer = Viewer(user=user, organisation=organisation)
    result = await session.exec(
        select(Application, ReturneeProfile)
        .join(ReturneeProfile, col(ReturneeProfile.id) == Application.profile_id)
        .where(Application.vacancy_id == vacancy.id)
        .order_by(col(Application.created_at))
    )
    now = datetime.now(UTC)
    columns: dict[str, list[Card]] = {status: [] for status in BOARD_COLUMNS}
    stale = 0
    for application, profile in result.all():
        flagged = application.stale_flagged_at is not None and application.status in OPEN
        stale += flagged
        columns.setdefault(application.status, []).append(
            Card(
                id=application.id or 0,
                status=application.status,
                applicant=await applicant_view(
                    session, profile=profile, viewer=viewer, locale=locale, ip=ip, context="applications"
                ),
                applied_at=application.created_at,
                days_waiting=_days_since(application.employer_touched_at or application.created_at, now),
                stale=flagged,
                next_statuses=TRANSITIONS.get(application.status, ()),
            )
        )
    await session.flush()  # the audit rows of named cards
    total = sum(len(cards) for cards in columns.values())
    return Board(vacancy, organisation, list(columns.items()), stale, total)


async def open_application(
    session: AsyncSession, *, user: User, application_id: int, locale: str, ip: str | None = None
) -> ApplicationPage:
    """The application page; an employer opening a submitted application marks it viewed.

    Raises:
        NotFound: the user is neither the applicant nor a member of the employer.
    """
    access = await application_access.load(session, user=user, application_id=application_id, for_update=True)
    application = access.application
    assert application.id is not None
    applicant = None
    if access.is_employer:
        if application.status == S.SUBMITTED:
            now = datetime.now(UTC)
            session.add(
                ApplicationEvent(
                    application_id=application.id, from_status=S.SUBMITTED, to_status=S.VIEWED, actor_user_id=user.id
                )
            )
            application.status = S.VIEWED
            application.updated_at = now
            touch(application, now)
            session.add(application)
            await session.flush()
        applicant = await applicant_view(
            session, profile=access.profile, viewer=access.viewer, locale=locale, ip=ip, context="application"
        )
    await application_messages.mark_read(session, application_id=application.id, reader_is_employer=access.is_employer)
    events = await session.exec(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application.id)
        .order_by(col(ApplicationEvent.created_at), col(ApplicationEvent.id))
    )
    page = ApplicationPage(
        access=access,
        events=list(events.all()),
        messages=await application_messages.thread(session, application_id=application.id),
        applicant=applicant,
        next_statuses=TRANSITIONS.get(application.status, ()) if access.is_employer else (),
        can_withdraw=not access.is_employer and application.status not in TERMINAL,
    )
    await session.flush()
    return page


async def change_status(
    session: AsyncSession,
    *,
    user: User,
    application_id: int,
    status: str,
    note: str,
    settings: Settings,
    ip: str | None = None,
) -> Application:
    """The employer moves an application along the pipeline; the returnee sees it in the history and is mailed.

    Raises:
        NotFound: not an application of the employer's organisation.
        ValidationFailed: the move is not allowed from the current status, or the note is too long.
    """
    access = await application_access.load(session, user=user, application_id=application_id, for_update=True)
    if not access.is_employer:
        raise application_access.not_found()
    application = access.application
    assert application.id is not None
    allowed = TRANSITIONS.get(application.status, ())
    if status not in allowed:
        raise ValidationFailed(
            {
                "status": _("An application cannot go from “%(current)s” to “%(target)s”.")
                % {"current": status_label(application.status), "target": status_label(status)}
            }
        )
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed({"note": _("Write at most %(max)s characters.") % {"max": MAX_NOTE}})
    now = datetime.now(UTC)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=application.status,
            to_status=status,
            actor_user_id=user.id,
            note=note,
        )
    )
    application.status = status
    application.updated_at = now
    touch(application, now)
    session.add(application)
    await audit.record(
        session,
        action="application.status_changed",
        actor_user_id=user.id,
        actor_organisation_id=access.organisation.id,
        subject_user_id=access.profile.user_id,
        ip=ip,
        detail={"application_id": application.id, "status": status},
    )
    await _tell_returnee(session, access=access, status=status, note=note, settings=settings)
    await session.flush()
    await session.refresh(application)
    return application


async def _tell_returnee(
    session: AsyncSession, *, access: ApplicationAccess, status: str, note: str, settings: Settings
) -> None:
    returnee = await session.get(User, access.profile.user_id)
    to = (returnee.email if returnee else None) or access.profile.contact_email
    if not to:
        return
    locale = (returnee.locale if returnee else None) or settings.default_locale
    with i18n.use_locale(locale):
        label = status_label(status)
    await mail.queue(
        session,
        to=to,
        template="application_status",
        locale=locale,
        context={
            "vacancy": access.vacancy.title,
            "organisation": access.organisation.name,
            "status": label,
            "note": note,
            "link": f"{settings.base_url}/applications/{access.application.id}",
        },
    )


async def stale_counts(session: AsyncSession, *, vacancy_ids: Sequence[int]) -> dict[int, int]:
    """Flagged applications still waiting for an answer, per vacancy id (vacancies without any are absent)."""
    if not vacancy_ids:
        return {}
    result = await session.exec(
        select(Application.vacancy_id, func.count())
        .where(
            col(Application.vacancy_id).in_(list(vacancy_ids)),
            col(Application.stale_flagged_at).is_not(None),
            col(Application.status).in_(OPEN),
        )
        .group_by(col(Application.vacancy_id))
    )
    return dict(result.all())
