"""The error report of an import: every row that was not imported, its original cells and why, stored once.

The worker builds it when an import finishes with errors (`imports.build_report`, queued with the import's end);
it is kept as chunk rows so a download streams it a chunk at a time instead of building megabytes in the request.
Building is one transaction under the import's row lock: a worker killed mid-way leaves nothing and its retry
builds the report whole; a second delivery, or a download racing the worker, waits for the lock and finds it built.
Imports made before reports were stored get theirs on the first download (built the same way, off the event loop).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import cpu
from sankofa.core.db.types import utcnow
from sankofa.core.errors import Conflict, NotFound
from sankofa.core.i18n import gettext as _
from sankofa.imports import csv_reading
from sankofa.imports.models import (
    ImportNoteKind,
    ImportStatus,
    VacancyImport,
    VacancyImportError,
    VacancyImportReportChunk,
)

# 256 KiB: a chunk is read, sent and freed before the next; small enough that no one read holds the loop.
CHUNK_BYTES = 256 * 1024
# Error notes are read in slices so that a 100,000-row report never turns into one long stretch on the loop.
NOTES_PER_FETCH = 5_000
CHUNKS_PER_INSERT = 16


@dataclass(frozen=True)
class StoredReport:
    """A built report: which import, how many chunks, how many bytes in all."""

    import_id: uuid.UUID
    chunks: int
    size: int


def build(content: bytes, messages: dict[int, list[str]]) -> list[bytes]:
    """The report file, cut into chunks (CPU work: call it in a thread).

    Args:
        content: the uploaded file, as stored.
        messages: spreadsheet row number → that row's error messages, in order.

    Returns:
        The CSV (UTF-8 with BOM, the file's delimiter, formulas neutralised) in chunks of CHUNK_BYTES.
    """
    csv_file = csv_reading.open_csv(content, max_bytes=len(content))
    # A corrected report may be uploaded again: its own report columns are not repeated.
    keep = [i for i, name in enumerate(csv_file.header) if not csv_reading.is_report_column(name)]
    rows = [
        [row.cells[i] if i < len(row.cells) else "" for i in keep] + [str(row.number), " | ".join(messages[row.number])]
        for row in csv_file.rows()
        if row.number in messages
    ]
    header = [csv_file.header[i] for i in keep]
    data = csv_reading.write([*header, *csv_reading.REPORT_COLUMNS], rows, delimiter=csv_file.delimiter)
    return [data[start : start + CHUNK_BYTES] for start in range(0, len(data), CHUNK_BYTES)]


async def _messages(session: AsyncSession, import_id: uuid.UUID) -> dict[int, list[str]]:
    result = await session.stream(
        select(VacancyImportError.row_number, VacancyImportError.field, VacancyImportError.message)
        .where(VacancyImportError.import_id == import_id, VacancyImportError.kind == ImportNoteKind.ERROR)
        .order_by(col(VacancyImportError.row_number), col(VacancyImportError.id))
        .execution_options(yield_per=NOTES_PER_FETCH)
    )
    messages: dict[int, list[str]] = {}
    async for part in result.partitions():
        for row_number, field, message in part:
            messages.setdefault(row_number, []).append(f"{field}: {message}" if field else message)
    return messages


async def _stored(session: AsyncSession, import_id: uuid.UUID) -> StoredReport:
    chunk = VacancyImportReportChunk
    result = await session.exec(
        select(func.count(), func.coalesce(func.sum(func.octet_length(chunk.data)), 0)).where(
            chunk.import_id == import_id
        )
    )
    count, size = result.one()
    return StoredReport(import_id=import_id, chunks=count, size=size)


async def ensure_built(session: AsyncSession, *, import_id: uuid.UUID) -> StoredReport | None:
    """Build and store the report unless it is there (idempotent; the caller commits).

    Returns:
        The stored report; None while the import is not done (queued, running or failed as a whole).
    """
    result = await session.exec(
        select(VacancyImport.status, VacancyImport.report_built_at)
        .where(VacancyImport.id == import_id)
        .with_for_update()  # one builder at a time: the others wait here, then find it built
    )
    status, built_at = result.one_or_none() or (None, None)
    if status != ImportStatus.DONE:
        return None
    if built_at is None:
        content = (await session.exec(select(VacancyImport.content).where(VacancyImport.id == import_id))).one()
        chunks = await cpu.run(build, content, await _messages(session, import_id))
        connection = await session.connection()
        table = VacancyImportReportChunk.__table__  # type: ignore[attr-defined]
        for start in range(0, len(chunks), CHUNKS_PER_INSERT):
            batch = chunks[start : start + CHUNKS_PER_INSERT]
            await connection.execute(
                pg_insert(table), [{"import_id": import_id, "seq": start + i, "data": d} for i, d in enumerate(batch)]
            )
        await connection.execute(
            update(VacancyImport).where(col(VacancyImport.id) == import_id).values(report_built_at=utcnow())
        )
    report = await _stored(session, import_id)
    await session.flush()
    return report


async def prepare(session: AsyncSession, *, job: VacancyImport) -> StoredReport:
    """The import's stored report, built now if it is not there yet (an import made before reports were stored).

    Raises:
        Conflict: the import has not finished yet.
        NotFound: the import failed as a whole: it has no rows to report.
    """
    status = job.status
    report = await ensure_built(session, import_id=job.id)
    if report is not None:
        return report
    if status == ImportStatus.FAILED:
        raise NotFound(
            _("This import failed as a whole, so it has no error report: correct the file and upload it again.")
        )
    raise Conflict(_("The error report is ready once the import has finished. Reload the import's page in a moment."))


async def chunk(session: AsyncSession, *, import_id: uuid.UUID, seq: int) -> bytes:
    """One chunk of a stored report."""
    result = await session.exec(
        select(VacancyImportReportChunk.data).where(
            VacancyImportReportChunk.import_id == import_id, VacancyImportReportChunk.seq == seq
        )
    )
    return result.one()


async def stream(open_session: Callable[[], AsyncSession], *, report: StoredReport) -> AsyncIterator[bytes]:
    """The report's chunks in order, each read in its own short session (a slow download holds no connection)."""
    for seq in range(report.chunks):
        async with open_session() as session:
            data = await chunk(session, import_id=report.import_id, seq=seq)
        yield data
