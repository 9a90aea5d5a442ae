"""Reports of suspicious vacancies and the moderation queue (admins and partner caseworkers)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, mail, ratelimit
from sankofa.core.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.models import ReportStatus, Vacancy, VacancyReport, VacancyStatus

MAX_DETAILS = 2000
MAX_NOTE = 2000
REPORTS_PER_IP = 10
REPORT_WINDOW = 3600


def reasons() -> dict[str, str]:
    return {
        "scam": _("Fake offer or scam"),
        "payment": _("Asks candidates for payment"),
        "trafficking": _("Risk of trafficking or exploitation"),
        "discrimination": _("Discriminatory"),
        "wrong_info": _("Wrong information"),
        "other": _("Other"),
    }


def actions() -> dict[str, str]:
    return {
        "dismiss": _("Dismiss the report"),
        "remove": _("Remove the vacancy"),
        "suspend": _("Suspend the employer"),
    }


async def report(
    session: AsyncSession, *, public_id: uuid.UUID, reporter: User | None, reason: str, details: str, ip: str | None
) -> VacancyReport:
    """Anyone (signed in or not) reports a public vacancy; it joins the moderation queue.

    Raises:
        NotFound: the vacancy is not public.
        ValidationFailed: no reason from the list, or details too long.
        RateLimited: too many reports from this address within the hour.
    """
    vacancy, _org = await vacancies.get_public(session, public_id)
    errors: dict[str, str] = {}
    if reason not in reasons():
        errors["reason"] = _("Choose a reason from the list.")
    details = details.strip()
    if len(details) > MAX_DETAILS:
        errors["details"] = _("Write at most %(max)s characters.") % {"max": MAX_DETAILS}
    if errors:
        raise ValidationFailed(errors)
    if ip and await ratelimit.hit(session, key=f"report:ip:{ip}", window_seconds=REPORT_WINDOW) > REPORTS_PER_IP:
        raise RateLimited(
            _("You sent many reports in a short time. Try again later."),
            retry_after=ratelimit.retry_after(REPORT_WINDOW),
        )
    assert vacancy.id is not None
    row = VacancyReport(
        vacancy_id=vacancy.id,
        reporter_user_id=reporter.id if reporter else None,
        reason=reason,
        details=details,
    )
    session.add(row)
    await audit.record(
        session,
        action="vacancy.reported",
        actor_user_id=reporter.id if reporter else None,
        ip=ip,
        detail={"vacancy": str(vacancy.public_id), "reason": reason},
    )
    await session.flush()
    return row


@dataclass
class QueueItem:
    """Open reports on one vacancy, with its employer."""

    vacancy: Vacancy
    organisation: Organisation
    reports: list[VacancyReport] = field(default_factory=list)


async def open_queue(session: AsyncSession, *, limit: int = 500) -> list[QueueItem]:
    """Open reports grouped by vacancy, the vacancy with the most reports (then the oldest) first."""
    result = await session.exec(
        select(VacancyReport, Vacancy, Organisation)
        .join(Vacancy, col(Vacancy.id) == VacancyReport.vacancy_id)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(VacancyReport.status == ReportStatus.OPEN)
        .order_by(col(VacancyReport.created_at))
        .limit(limit)
    )
    items: dict[int, QueueItem] = {}
    for row, vacancy, org in result.all():
        assert vacancy.id is not None
        items.setdefault(vacancy.id, QueueItem(vacancy=vacancy, organisation=org)).reports.append(row)
    return sorted(items.values(), key=lambda item: (-len(item.reports), item.reports[0].created_at))


async def _tell_employer(session: AsyncSession, *, vacancy: Vacancy, note: str, settings: Settings) -> None:
    for _membership, member in await organisations.members(session, organisation_id=vacancy.organisation_id):
        if member.email and member.deleted_at is None:
            await mail.queue(
                session,
                to=member.email,
                template="vacancy_removed",
                locale=member.locale or settings.default_locale,
                context={
                    "name": member.display_name,
                    "title": vacancy.title,
                    "note": note,
                    "link": f"{settings.base_url}/employer/vacancies",
                },
            )


async def resolve(
    session: AsyncSession, *, report_id: int, action: str, note: str, actor: User, settings: Settings
) -> VacancyReport:
    """Act on a report; every open report on the same vacancy is closed with it.

    `dismiss` keeps the vacancy; `remove` takes it down and mails the employer's members; `suspend` suspends
    the employer (admins only), which hides all its vacancies at once.

    Raises:
        NotFound: unknown report.
        ValidationFailed: unknown action or note too long.
        PermissionDenied: a partner caseworker tried to suspend an employer.
    """
    row = await session.get(VacancyReport, report_id)
    if row is None:
        raise NotFound(_("This report does not exist."))
    note = note.strip()
    if action not in actions():
        raise ValidationFailed({"action": _("Choose what to do with this report.")})
    if len(note) > MAX_NOTE:
        raise ValidationFailed({"note": _("Write at most %(max)s characters.") % {"max": MAX_NOTE}})
    if action == "suspend" and actor.role != Role.ADMIN:
        raise PermissionDenied(_("Only Sankofa administrators can suspend an employer."))
    vacancy = await session.get(Vacancy, row.vacancy_id, with_for_update=True)  # against a racing publish
    assert vacancy is not None
    open_rows = await session.exec(
        select(VacancyReport).where(
            VacancyReport.vacancy_id == row.vacancy_id, VacancyReport.status == ReportStatus.OPEN
        )
    )
    now = datetime.now(UTC)
    for item in {id(r): r for r in [*open_rows.all(), row]}.values():
        item.status = ReportStatus.DISMISSED if action == "dismiss" else ReportStatus.ACTIONED
        item.resolved_at, item.resolved_by_id, item.resolution_note = now, actor.id, note
        session.add(item)
    if action == "remove" and vacancy.status != VacancyStatus.REMOVED:
        vacancy.status = VacancyStatus.REMOVED
        vacancy.closed_at = now
        await vacancies.on_changed(session, vacancy)
        await _tell_employer(session, vacancy=vacancy, note=note, settings=settings)
    await audit.record(
        session,
        action=f"moderation.{action}",
        actor_user_id=actor.id,
        detail={"report_id": report_id, "vacancy": str(vacancy.public_id), "note": note},
    )
    if action == "suspend":
        # set_status records its own audit row, in the same transaction.
        await organisations.set_status(
            session, organisation_id=vacancy.organisation_id, status=OrgStatus.SUSPENDED, actor=actor
        )
    else:
        await session.flush()
    return row
