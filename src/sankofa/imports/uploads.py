"""Employers' vacancy imports: upload a CSV (queued for the worker), follow it.

The processing itself is `vacancy_import_run` (in the worker), the error report `vacancy_import_report`.
An organisation only ever sees its own imports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, outbox, validation
from sankofa.core.errors import NotFound, PermissionDenied
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import User
from sankofa.imports import csv_reading
from sankofa.imports.models import ImportNoteKind, ImportStatus, VacancyImport, VacancyImportError
from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.vacancies import reading as vacancies
from sankofa.vacancies.fields import COLUMNS

SHOWN_ERRORS = 200
LISTED_IMPORTS = 50
# Two example rows of the template: one in French, one in English.
TEMPLATE_ROWS = (
    {
        "external_ref": "RH-2026-001",
        "title": "Soudeur / soudeuse",
        "occupation": "",
        "description": "Atelier de construction métallique. Soudure à l'arc de structures, lecture de plans.",
        "required_skills": "lire des plans standard",
        "optional_skills": "utiliser un appareil de soudage",
        "languages": "fr; wo",
        "location": "Thiès",
        "work_mode": "on_site",
        "contract_type": "permanent",
        "sector": "",
        "salary_min": "150000",
        "salary_max": "250000",
        "salary_currency": "XOF",
        "salary_period": "month",
        "positions": "2",
        "start_date": "2027-04-01",
        "deadline": "31/03/2027",
        "open_to_abroad": "oui",
    },
    {
        "external_ref": "HR-2026-002",
        "title": "Accountant",
        "occupation": "accountant",
        "description": "Keep the books of a growing logistics firm; monthly closing and VAT returns.",
        "required_skills": "accounting",
        "optional_skills": "",
        "languages": "en; fr",
        "location": "Dakar",
        "work_mode": "hybrid",
        "contract_type": "",
        "sector": "",
        "salary_min": "",
        "salary_max": "",
        "salary_currency": "",
        "salary_period": "",
        "positions": "1",
        "start_date": "",
        "deadline": "",
        "open_to_abroad": "yes",
    },
)


@dataclass(frozen=True)
class ImportView:
    """An import with what its page shows: notices, the first errors, the total of error lines."""

    job: VacancyImport
    notices: list[VacancyImportError]
    errors: list[VacancyImportError]
    error_lines: int

    @property
    def percent(self) -> int:
        total = self.job.total_rows or 0
        return 100 if self.finished else (round(100 * self.job.processed_rows / total) if total else 0)

    @property
    def finished(self) -> bool:
        return self.job.status in (ImportStatus.DONE, ImportStatus.FAILED)


async def employer_of(session: AsyncSession, *, user: User) -> Organisation:
    """The user's employer organisation, if it may import.

    Raises:
        PermissionDenied: no employer organisation, or it is suspended.
    """
    org = await vacancies.employer_of(session, user)
    if org.status == OrgStatus.SUSPENDED:
        raise PermissionDenied(_("Your organisation is suspended: it cannot post vacancies."))
    return org


def template_csv() -> bytes:
    """The template: every column, two example rows (French and English)."""
    return csv_reading.write(list(COLUMNS), [[row[name] for name in COLUMNS] for row in TEMPLATE_ROWS])


async def create(
    session: AsyncSession,
    *,
    user: User,
    filename: str,
    content: bytes,
    publish: bool,
    locale: str,
    max_bytes: int,
    ip: str | None = None,
) -> VacancyImport:
    """Store the file and queue its processing (the outbox job commits with it).

    Raises:
        PermissionDenied: not an employer organisation's member, or the organisation is suspended.
        ValidationFailed: the file is empty, not a CSV, too large, or lacks a required column (`file`).
    """
    org = await employer_of(session, user=user)
    csv_reading.open_csv(content, max_bytes=max_bytes)
    assert org.id is not None
    job = VacancyImport(
        organisation_id=org.id,
        created_by_id=user.id,
        filename=(validation.clean_text(filename) or "vacancies.csv")[-255:],
        content=content,
        publish=publish,
        locale=locale,
    )
    session.add(job)
    await session.flush()
    await outbox.add(session, actor="imports.run", args={"import_id": str(job.id)})
    await audit.record(
        session,
        action="vacancy_import.uploaded",
        actor_user_id=user.id,
        actor_organisation_id=org.id,
        ip=ip,
        detail={"import": str(job.id), "bytes": len(content)},
    )
    await session.flush()
    return job


async def listing(session: AsyncSession, *, organisation_id: int) -> list[VacancyImport]:
    """The organisation's latest imports, newest first (without their files)."""
    result = await session.exec(
        select(VacancyImport)
        .where(VacancyImport.organisation_id == organisation_id)
        .order_by(col(VacancyImport.created_at).desc())
        .limit(LISTED_IMPORTS)
    )
    return list(result.all())


async def get(session: AsyncSession, *, organisation_id: int, import_id: uuid.UUID) -> VacancyImport:
    """One of the organisation's imports.

    Raises:
        NotFound: unknown, or another organisation's (404: ids of others must not leak).
    """
    # Without the uploaded file (megabytes, read only by the worker); populate_existing: the worker moves the
    # import on, never show a cached state.
    result = await session.exec(
        select(VacancyImport)
        .where(VacancyImport.id == import_id)
        .options(defer(VacancyImport.content))  # type: ignore[arg-type]
        .execution_options(populate_existing=True)
    )
    job = result.one_or_none()
    if job is None or job.organisation_id != organisation_id:
        raise NotFound(_("This import does not exist."))
    return job


async def view(session: AsyncSession, *, organisation_id: int, import_id: uuid.UUID) -> ImportView:
    job = await get(session, organisation_id=organisation_id, import_id=import_id)
    notes = select(VacancyImportError).where(VacancyImportError.import_id == job.id)
    notices = await session.exec(
        notes.where(VacancyImportError.kind == ImportNoteKind.NOTICE).order_by(col(VacancyImportError.id)).limit(50)
    )
    errors = await session.exec(
        notes.where(VacancyImportError.kind == ImportNoteKind.ERROR)
        .order_by(col(VacancyImportError.row_number), col(VacancyImportError.id))
        .limit(SHOWN_ERRORS)
    )
    count = await session.exec(
        select(func.count())
        .select_from(VacancyImportError)
        .where(VacancyImportError.import_id == job.id, VacancyImportError.kind == ImportNoteKind.ERROR)
    )
    return ImportView(job=job, notices=list(notices.all()), errors=list(errors.all()), error_lines=count.one())
