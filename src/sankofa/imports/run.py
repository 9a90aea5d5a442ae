"""Processing one uploaded vacancy file in the worker, batch by batch, so a crash loses nothing.

Each batch is ONE transaction: its vacancies, its error rows, the counters and `processed_rows` commit together.
A restarted job skips the rows already processed (re-reading only their references, to keep spotting duplicates);
a finished job is a no-op. The batch row lock plus the `processed_rows` check stop two deliveries of the same
job from both writing a batch.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import defer
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import cpu, i18n, outbox
from sankofa.core.db.engine import run_sql
from sankofa.core.db.transaction import checkpoint
from sankofa.core.db.types import utcnow
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.imports import csv_reading
from sankofa.imports.csv_reading import Row
from sankofa.imports.models import ImportNoteKind, ImportStatus, VacancyImport, VacancyImportError
from sankofa.organisations.models import Organisation, OrgStatus
from sankofa.vacancies import upsert as vacancy_upsert
from sankofa.vacancies.upsert import Checked, ItemResult, ItemStatus, UpsertContext

BATCH_ROWS = 500
# What reading the batches returns past the end of the file (compared by identity).
_DONE: list[Row] = []
NOTE_ROWS_PER_STATEMENT = 5_000


class ImportInterrupted(RuntimeError):
    """Raised on purpose by `run(stop_after_batches=...)`: tests use it to simulate a crash mid-way."""


def _notes(import_id: uuid.UUID, results: list[ItemResult]) -> list[dict[str, object]]:
    notes: list[dict[str, object]] = []
    for result in results:
        for name, message in result.errors.items():
            notes.append(
                {
                    "import_id": import_id,
                    "row_number": result.index,
                    "external_ref": result.external_ref,
                    "field": name[:40],
                    "message": message[:500],
                    "kind": ImportNoteKind.ERROR,
                }
            )
        if result.notice:
            notes.append(
                {
                    "import_id": import_id,
                    "row_number": result.index,
                    "external_ref": result.external_ref,
                    "field": "",
                    "message": result.notice[:500],
                    "kind": ImportNoteKind.NOTICE,
                }
            )
    return notes


async def _write_notes(session: AsyncSession, notes: list[dict[str, object]]) -> None:
    connection = await session.connection()
    table = VacancyImportError.__table__  # type: ignore[attr-defined]
    for start in range(0, len(notes), NOTE_ROWS_PER_STATEMENT):
        await connection.execute(pg_insert(table).values(notes[start : start + NOTE_ROWS_PER_STATEMENT]))


async def _locked(session: AsyncSession, import_id: uuid.UUID) -> VacancyImport:
    result = await session.exec(
        select(VacancyImport)
        .where(VacancyImport.id == import_id)
        # Not the file again at every batch: 200 batches of a 40 MB file would move 8 GB.
        .options(defer(VacancyImport.content))  # type: ignore[arg-type]
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return result.one()


async def _fail(session: AsyncSession, *, import_id: uuid.UUID, message: str) -> None:
    job = await _locked(session, import_id)
    job.status = ImportStatus.FAILED
    job.failure = message[:2000]
    job.finished_at = utcnow()
    session.add(job)
    await checkpoint(session)


async def _start(session: AsyncSession, *, job: VacancyImport, csv_file: csv_reading.CsvFile, total: int) -> None:
    """First run only: status, totals and the notices about the whole file (row 0)."""
    job = await _locked(session, job.id)
    job.status = ImportStatus.RUNNING
    job.started_at = utcnow()
    job.total_rows = total
    job.encoding = csv_file.encoding
    session.add(job)
    messages = csv_reading.notices(csv_file)
    org = await session.get(Organisation, job.organisation_id)
    if job.publish and (org is None or org.status != OrgStatus.VERIFIED):
        messages.append(_("Your organisation is not verified yet: every new vacancy was imported as a draft."))
    if total == 0:
        messages.append(_("The file has a header but no rows."))
    await _write_notes(
        session,
        [
            {
                "import_id": job.id,
                "row_number": 0,
                "external_ref": "",
                "field": "",
                "message": m[:500],
                "kind": "notice",
            }
            for m in messages
        ],
    )
    await checkpoint(session)


def _extra_cells_message(delimiter: str) -> str:
    shown = _("tab") if delimiter == "\t" else delimiter
    return _(
        "This row has more cells than the header has columns: a cell probably contains “%(delimiter)s”. "
        "Put that cell between double quotes."
    ) % {"delimiter": shown}


async def _start_checking(
    session: AsyncSession, *, rows: list[Row], context: UpsertContext, delimiter: str
) -> asyncio.Task[list[Checked]]:
    """Look up what the batch's references hold, then parse and link its rows in a thread (CPU work, off the event
    loop): the caller writes the previous batch meanwhile, so PostgreSQL and Python work at the same time."""
    # A row whose cells are shifted is never the row a vacancy was imported from, even when its known cells are.
    refs = {row.number: row.values.get("external_ref", "").strip() for row in rows if not row.extra_cells}
    saved = await vacancy_upsert.saved_sources(
        session, organisation_id=context.organisation_id, refs=[ref for ref in refs.values() if ref]
    )
    imported = {number: source for number, ref in refs.items() if (source := saved.get(ref)) is not None}
    return asyncio.create_task(_check(rows, context=context, imported=imported, delimiter=delimiter))


async def _check(rows: list[Row], *, context: UpsertContext, imported: dict[int, str], delimiter: str) -> list[Checked]:
    items = [(row.number, row.values) for row in rows]
    checked = await cpu.run(vacancy_upsert.check_items, items, context=context, imported=imported)
    for row, item in zip(rows, checked, strict=True):
        if row.extra_cells:
            # Its cells are shifted, so what the other columns' checks say would mislead: one message, the cause.
            item.result.errors = {"file": _extra_cells_message(delimiter)}
            item.result.status = ItemStatus.ERROR
            item.values = None
    return checked


async def _save_batch(
    session: AsyncSession, *, import_id: uuid.UUID, checked: list[Checked], context: UpsertContext, start: int
) -> bool:
    """Write one checked batch and advance the job in one transaction; False if another run got there first."""
    # A batch lost in a crash of PostgreSQL is lost whole, with the progress that counts it: the job redoes it.
    # The final commit (status DONE) waits for the disk, and with it every batch before.
    await run_sql(session, text("SET LOCAL synchronous_commit = off"))
    job = await _locked(session, import_id)
    if job.processed_rows != start or job.status != ImportStatus.RUNNING:
        await session.rollback()
        return False
    results = await vacancy_upsert.save(session, checked=checked, context=context)
    await _write_notes(session, _notes(import_id, results))
    counts = {status: sum(1 for r in results if r.status == status) for status in ItemStatus}
    job.processed_rows = start + len(checked)
    job.created_count += counts[ItemStatus.CREATED]
    job.updated_count += counts[ItemStatus.UPDATED]
    job.unchanged_count += counts[ItemStatus.UNCHANGED]
    job.error_count += counts[ItemStatus.ERROR]
    session.add(job)
    await checkpoint(session)
    return True


def _batches(csv_file: csv_reading.CsvFile, *, start: int, size: int, context: UpsertContext) -> Iterator[list[Row]]:
    """The rows after `start`, `size` at a time; the references of the rows before it count as seen."""
    batch: list[Row] = []
    for row in csv_file.rows():
        if row.index <= start:
            ref = row.values.get("external_ref", "").strip()
            if ref:
                context.seen.setdefault(ref, row.number)
            continue
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def run(
    session: AsyncSession,
    *,
    import_id: uuid.UUID,
    batch_rows: int = BATCH_ROWS,
    stop_after_batches: int | None = None,
) -> None:
    """Import the file's rows; resumes after `processed_rows`, does nothing once the job is done or failed.

    Args:
        session: commits once per batch.
        import_id: the VacancyImport to process.
        batch_rows: rows per transaction.
        stop_after_batches: raise ImportInterrupted after this many batches (crash tests).
    """
    job = await session.get(VacancyImport, import_id, options=[defer(VacancyImport.content)])  # type: ignore[arg-type]
    if job is None or job.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return
    org = await session.get(Organisation, job.organisation_id)
    assert org is not None and org.id is not None
    # Read once here: the job's row is re-read at every batch without it (`_locked`).
    content = (await session.exec(select(VacancyImport.content).where(VacancyImport.id == import_id))).one()
    with i18n.use_locale(job.locale):
        try:
            # Decoding and counting 100,000 rows takes about a second of CPU: off the event loop, like the rest.
            csv_file = await cpu.run(csv_reading.open_csv, content, max_bytes=len(content))
            total = await cpu.run(csv_file.count_rows)
        except ValidationFailed as exc:
            await _fail(session, import_id=import_id, message=exc.message)
            return
        if job.status == ImportStatus.QUEUED:
            await _start(session, job=job, csv_file=csv_file, total=total)
        start = (await _locked(session, import_id)).processed_rows
        await checkpoint(session)
        context = UpsertContext(
            organisation_id=org.id,
            locale=job.locale,
            publish=job.publish and org.status == OrgStatus.VERIFIED,
            created_by_id=job.created_by_id,
        )
        # Batch n is written while batch n + 1 is checked; checking stays in file order (references seen first win).
        checking: asyncio.Task[list[Checked]] | None = None
        batches = 0
        try:
            last: list[list[Row] | None] = [None]  # one more turn, to write the last batch
            reading = itertools.chain(_batches(csv_file, start=start, size=batch_rows, context=context), last)
            # Each batch is read from the file in a thread too (csv parsing, ~25 ms per 500 rows); the generator
            # is only ever advanced by one thread at a time, as each read is awaited before the next.
            while (rows := await cpu.run(next, reading, _DONE)) is not _DONE:
                checked = await checking if checking is not None else None
                checking = None
                if rows is not None:
                    checking = await _start_checking(session, rows=rows, context=context, delimiter=csv_file.delimiter)
                if checked is None:
                    continue
                if not await _save_batch(session, import_id=import_id, checked=checked, context=context, start=start):
                    return
                start, batches = start + len(checked), batches + 1
                if stop_after_batches is not None and batches >= stop_after_batches:
                    raise ImportInterrupted(f"stopped after {batches} batches")
        finally:
            if checking is not None:  # stopped early: let the thread finish before the session goes
                await asyncio.wait([checking])
        job = await _locked(session, import_id)
        job.status = ImportStatus.DONE
        job.finished_at = utcnow()
        session.add(job)
        if job.error_count:  # queued with the end of the import: the report is ready soon after the summary
            await outbox.add(session, actor="imports.build_report", args={"import_id": str(import_id)})
        await checkpoint(session)
