"""Applications: apply, withdraw, the returnee's list, response rates. Statuses and their transitions live here.

The employer's side (board, status changes, stale flags) is in `application_pipeline`, messages in
`application_messages`, who may open what in `application_access`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import access as application_access
from sankofa.applications.models import Application, ApplicationEvent, ApplicationMessage, ApplicationStatus
from sankofa.core import audit, mail
from sankofa.core.db.engine import run_sql
from sankofa.core.errors import Conflict, NotFound, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Organisation
from sankofa.profiles import contacts
from sankofa.profiles.models import Experience, ProfileSkill, ReturneeProfile
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.models import Vacancy

S = ApplicationStatus
MAX_MESSAGE = 4000
STALE_DAYS = 14
ANSWER_DAYS = 14
# Statuses the employer may move an application to, from each status. Withdrawn is the returnee's move only.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.VIEWED, S.SHORTLISTED, S.REJECTED),
    S.VIEWED: (S.SHORTLISTED, S.INTERVIEW, S.REJECTED),
    S.SHORTLISTED: (S.INTERVIEW, S.OFFER, S.REJECTED),
    S.INTERVIEW: (S.OFFER, S.REJECTED),
    S.OFFER: (S.HIRED, S.REJECTED),
}
TERMINAL = frozenset({S.HIRED, S.REJECTED, S.WITHDRAWN})
OPEN = (S.SUBMITTED, S.VIEWED)  # waiting for the employer's answer: these can go stale
BOARD_COLUMNS = (S.SUBMITTED, S.VIEWED, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED, S.REJECTED, S.WITHDRAWN)


def touch(application: Application, now: datetime) -> None:
    """An employer's move: the application no longer waits, and may be flagged again if it waits 14 days more."""
    application.employer_touched_at = now
    application.stale_flagged_at = None


def status_label(status: str) -> str:
    labels: dict[str, str] = {
        S.SUBMITTED: _("Submitted"),
        S.VIEWED: _("Viewed"),
        S.SHORTLISTED: _("Shortlisted"),
        S.INTERVIEW: _("Interview"),
        S.OFFER: _("Offer"),
        S.HIRED: _("Hired"),
        S.REJECTED: _("Not retained"),
        S.WITHDRAWN: _("Withdrawn"),
    }
    return labels.get(status, status)


@dataclass(frozen=True)
class ApplyBox:
    """What the vacancy page shows a returnee about applying (rendered by applications/_apply_box.html)."""

    can_apply: bool
    application: Application | None = None
    reason: str = ""  # why applying is not possible (translated), e.g. no profile yet
    needs_profile: bool = False  # the reason is a missing profile: the box links to /profile

    @property
    def max_message(self) -> int:
        return MAX_MESSAGE

    @property
    def status_text(self) -> str:
        """The application's status in the interface language."""
        return status_label(self.application.status) if self.application else ""


@dataclass(frozen=True)
class ResponseRate:
    """How often an employer answers applications within 14 days (rendered by applications/_response_rate.html)."""

    answered: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.total) if self.total else None


@dataclass(frozen=True)
class MyApplication:
    """One row of the returnee's list."""

    id: int
    vacancy_public_id: uuid.UUID
    vacancy_title: str
    organisation_name: str
    status: str
    applied_at: datetime
    changed_at: datetime
    unread: int


async def _profile_of(session: AsyncSession, user: User) -> ReturneeProfile | None:
    result = await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))
    return result.one_or_none()


async def _profile_ready(session: AsyncSession, profile: ReturneeProfile | None) -> bool:
    """Something an employer can judge: a summary, a skill or a job done."""
    if profile is None:
        return False
    if profile.summary.strip():
        return True
    for model in (ProfileSkill, Experience):
        found = await session.exec(select(model.id).where(model.profile_id == profile.id).limit(1))
        if found.first() is not None:
            return True
    return False


def _no_profile() -> str:
    return _("Create your profile first: it is what the employer sees when you apply.")


async def _existing(session: AsyncSession, *, vacancy_id: int, profile_id: int) -> Application | None:
    result = await session.exec(
        select(Application).where(Application.vacancy_id == vacancy_id, Application.profile_id == profile_id)
    )
    return result.one_or_none()


async def apply_box(session: AsyncSession, *, user: User | None, vacancy: Vacancy) -> ApplyBox | None:
    """The apply box for `user` on `vacancy`: None for anyone who is not a returnee."""
    if user is None or user.role != Role.RETURNEE:
        return None
    profile = await _profile_of(session, user)
    if profile is not None and profile.id is not None and vacancy.id is not None:
        existing = await _existing(session, vacancy_id=vacancy.id, profile_id=profile.id)
        if existing is not None:
            return ApplyBox(can_apply=False, application=existing)
    organisation = await session.get(Organisation, vacancy.organisation_id)
    if organisation is None or not vacancy_visibility.is_public(vacancy, organisation):
        return ApplyBox(can_apply=False, reason=_("This vacancy is closed: it no longer takes applications."))
    if not await _profile_ready(session, profile):
        return ApplyBox(can_apply=False, reason=_no_profile(), needs_profile=True)
    return ApplyBox(can_apply=True)


async def public_vacancy(session: AsyncSession, *, public_id: uuid.UUID) -> tuple[Vacancy, Organisation]:
    """A vacancy returnees may see (NotFound for drafts, closed ones and those of unverified/suspended firms)."""
    message = _("This vacancy does not exist or is no longer open.")
    result = await session.exec(
        select(Vacancy, Organisation)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(Vacancy.public_id == public_id)
    )
    row = result.one_or_none()
    if row is None or not vacancy_visibility.is_public(row[0], row[1]):
        raise NotFound(message)
    return row[0], row[1]


async def apply(
    session: AsyncSession, *, user: User, public_id: uuid.UUID, message: str, settings: Settings, ip: str | None = None
) -> Application:
    """Apply once to a public vacancy; the employer then sees the applicant's name and contact, and is mailed.

    Raises:
        NotFound: the vacancy is not public.
        ValidationFailed: no profile to share yet, or the message is too long.
        Conflict: the returnee already applied.
    """
    vacancy, organisation = await public_vacancy(session, public_id=public_id)
    profile = await _profile_of(session, user)
    if user.role != Role.RETURNEE or not await _profile_ready(session, profile):
        raise ValidationFailed({"profile": _no_profile()}, message=_no_profile())
    assert profile is not None and profile.id is not None and vacancy.id is not None and organisation.id is not None
    message = message.strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationFailed({"message": _("Write at most %(max)s characters.") % {"max": MAX_MESSAGE}})
    if await _existing(session, vacancy_id=vacancy.id, profile_id=profile.id) is not None:
        raise Conflict(_("You have already applied to this vacancy."))
    application = Application(vacancy_id=vacancy.id, profile_id=profile.id, message=message)
    try:
        async with session.begin_nested():  # a savepoint: the conflict leaves the caller's transaction usable
            session.add(application)
    except IntegrityError:  # a double click crossed the first request
        raise Conflict(_("You have already applied to this vacancy.")) from None
    assert application.id is not None
    session.add(ApplicationEvent(application_id=application.id, to_status=S.SUBMITTED, actor_user_id=user.id))
    await contacts.grant_for_application(session, profile_id=profile.id, organisation_id=organisation.id)
    await audit.record(
        session,
        action="application.submitted",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        detail={"organisation_id": organisation.id, "vacancy_id": vacancy.id, "application_id": application.id},
    )
    for address, locale in await application_access.member_addresses(session, organisation_id=organisation.id):
        await mail.queue(
            session,
            to=address,
            template="application_received",
            locale=locale or settings.default_locale,
            context={
                "vacancy": vacancy.title,
                "link": f"{settings.base_url}/employer/vacancies/{vacancy.public_id}/applications",
            },
        )
    await session.flush()
    await session.refresh(application)
    return application


async def withdraw(session: AsyncSession, *, user: User, application_id: int, ip: str | None = None) -> Application:
    """The returnee withdraws (not once hired, rejected or already withdrawn).

    Raises:
        NotFound: not the returnee's application.
        ValidationFailed: the application is already closed.
    """
    access = await application_access.load(session, user=user, application_id=application_id, for_update=True)
    if access.is_employer:
        raise application_access.not_found()
    application = access.application
    if application.status in TERMINAL:
        raise ValidationFailed(
            {
                "status": _("This application is closed (%(status)s): it cannot be withdrawn.")
                % {"status": status_label(application.status)}
            }
        )
    assert application.id is not None
    now = datetime.now(UTC)
    session.add(
        ApplicationEvent(
            application_id=application.id, from_status=application.status, to_status=S.WITHDRAWN, actor_user_id=user.id
        )
    )
    application.status = S.WITHDRAWN
    application.updated_at = now
    session.add(application)
    await audit.record(
        session,
        action="application.withdrawn",
        actor_user_id=user.id,
        subject_user_id=user.id,
        ip=ip,
        detail={"application_id": application.id, "organisation_id": access.organisation.id},
    )
    await session.flush()
    await session.refresh(application)
    return application


async def mine(session: AsyncSession, *, user: User) -> list[MyApplication]:
    """The returnee's applications, most recently changed first, with unread employer messages counted."""
    unread = (
        select(func.count(col(ApplicationMessage.id)))
        .where(
            ApplicationMessage.application_id == Application.id,
            col(ApplicationMessage.from_employer).is_(True),
            col(ApplicationMessage.read_at).is_(None),
        )
        .correlate(Application)
        .scalar_subquery()
    )
    result = await session.exec(
        select(Application, Vacancy, Organisation.name, unread)
        .join(Vacancy, col(Vacancy.id) == Application.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .join(ReturneeProfile, col(ReturneeProfile.id) == Application.profile_id)
        .where(ReturneeProfile.user_id == user.id)
        .order_by(col(Application.updated_at).desc(), col(Application.id).desc())
    )
    return [
        MyApplication(
            id=application.id or 0,
            vacancy_public_id=vacancy.public_id,
            vacancy_title=vacancy.title,
            organisation_name=org_name,
            status=application.status,
            applied_at=application.created_at,
            changed_at=application.updated_at,
            unread=count or 0,
        )
        for application, vacancy, org_name, count in result.all()
    ]


RATES_SQL = text(
    f"""
    WITH scored AS (
        SELECT v.organisation_id AS org, a.created_at, a.status,
               EXISTS (SELECT 1 FROM application_event e
                       WHERE e.application_id = a.id
                         AND e.to_status NOT IN ('submitted', 'viewed', 'withdrawn')
                         AND e.created_at <= a.created_at + interval '{ANSWER_DAYS} days')
               OR EXISTS (SELECT 1 FROM application_message m
                          WHERE m.application_id = a.id AND m.from_employer
                            AND m.created_at <= a.created_at + interval '{ANSWER_DAYS} days') AS answered
        FROM application a JOIN vacancy v ON v.id = a.vacancy_id
        WHERE v.organisation_id = ANY(:ids)
    )
    SELECT org, count(*) FILTER (WHERE answered) AS answered, count(*) AS total
    FROM scored
    WHERE answered OR (created_at < now() - interval '{ANSWER_DAYS} days' AND status <> 'withdrawn')
    GROUP BY org
    """
)


async def response_rates(session: AsyncSession, *, organisation_ids: Sequence[int]) -> dict[int, ResponseRate]:
    """Response rate per organisation id (organisations without applications are absent).

    Counted: applications received more than 14 days ago, or already answered; answered means a status beyond
    viewed (a rejection too) or an employer message within 14 days of submission. An application withdrawn
    before any answer does not count against the employer.
    """
    ids = sorted({int(i) for i in organisation_ids})
    if not ids:
        return {}
    rows = await run_sql(session, RATES_SQL, {"ids": ids})
    return {int(row.org): ResponseRate(answered=int(row.answered), total=int(row.total)) for row in rows.all()}
