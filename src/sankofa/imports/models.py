"""Bulk vacancy imports (CSV through a worker job), their row notes and error reports."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, tz_field


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class VacancyImport(SQLModel, table=True):
    """One uploaded file and its progress; the file is kept in the database so any worker can resume it."""

    __tablename__ = "vacancy_import"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    source: str = Field(default="csv", max_length=10)  # "csv" or "api"
    filename: str = Field(default="", max_length=255)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    encoding: str | None = Field(default=None, max_length=20)
    status: str = Field(default=ImportStatus.QUEUED, max_length=10, index=True)
    publish: bool = False  # publish valid rows (only if the organisation is verified)
    total_rows: int | None = None
    processed_rows: int = 0  # rows done and committed: a restarted job resumes after them
    created_count: int = 0
    updated_count: int = 0
    unchanged_count: int = 0
    error_count: int = 0
    failure: str = Field(default="", max_length=2000)  # why the whole file failed, translated
    locale: str = Field(default="fr", max_length=5)
    created_at: datetime = created_at_field()
    started_at: datetime | None = tz_field()
    finished_at: datetime | None = tz_field()
    # The error report is stored (vacancy_import_report_chunk) once this is set; it never changes after.
    report_built_at: datetime | None = tz_field()


class ImportNoteKind(StrEnum):
    ERROR = "error"  # the row was not imported
    NOTICE = "notice"  # imported, or a remark on the whole file (row 0), but worth reading


class VacancyImportError(SQLModel, table=True):
    """Why one row of an import was not imported, or a notice about a row or the whole file (row 0)."""

    __tablename__ = "vacancy_import_error"

    id: int | None = Field(default=None, primary_key=True)
    import_id: uuid.UUID = Field(foreign_key="vacancy_import.id", index=True, ondelete="CASCADE")
    row_number: int  # line in the file, header = 1
    external_ref: str = Field(default="", max_length=100)
    field: str = Field(default="", max_length=40)
    message: str = Field(max_length=500)
    kind: str = Field(default=ImportNoteKind.ERROR, max_length=10)


class VacancyImportReportChunk(SQLModel, table=True):
    """One piece of an import's error report, in order (`seq` from 0): the download streams them one by one."""

    __tablename__ = "vacancy_import_report_chunk"

    import_id: uuid.UUID = Field(foreign_key="vacancy_import.id", primary_key=True, ondelete="CASCADE")
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
