"""Create or update an organisation's vacancies by external reference: the CSV import and the JSON API share it.

Two steps so a big import can run the slow one off the event loop: `check_items` parses and links (CPU only),
`save` writes every valid item of a batch with one INSERT ... ON CONFLICT and one skills insert.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.types import utcnow
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.fields import LinkMemo, VacancyValues
from sankofa.vacancies.models import Vacancy, VacancySkill, VacancyStatus

# Written on create and update; status, dates of publication and the row's identity are kept on update.
CONTENT_COLUMNS = (*vacancy_fields.VALUE_COLUMNS, "content_hash", "updated_at")
INSERT_COLUMNS = (
    *CONTENT_COLUMNS,
    "public_id",
    "organisation_id",
    "created_by_id",
    "external_ref",
    "status",
    "published_at",
    "created_at",
)
# asyncpg takes at most 32,767 parameters per statement.
ROWS_PER_STATEMENT = 32_000 // len(INSERT_COLUMNS)
SKILLS_PER_STATEMENT = 10_000


class ItemStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class ItemResult:
    """What happened to one row or API item; `index` is the row number (CSV) or the list index (API)."""

    index: int
    external_ref: str
    status: str = ItemStatus.ERROR
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""


@dataclass
class UpsertContext:
    """What stays the same over the batches of one import (or one API call)."""

    organisation_id: int
    locale: str
    publish: bool  # publish new vacancies: asked for AND the organisation is verified
    created_by_id: int | None = None
    memo: LinkMemo = field(default_factory=dict)
    # external_ref → the row that carried it first: a later row with the same ref is an error.
    seen: dict[str, int] = field(default_factory=dict)


@dataclass
class Checked:
    result: ItemResult
    values: VacancyValues | None


def check_items(items: Sequence[tuple[int, Form]], *, context: UpsertContext) -> list[Checked]:
    """Parse and link each item; an item without a reference, or repeating an earlier one, is an error."""
    checked: list[Checked] = []
    vacancy_fields.prelink([form for _, form in items], locale=context.locale, memo=context.memo)
    for index, form in items:
        values, errors = vacancy_fields.parse(form, locale=context.locale, memo=context.memo)
        ref = str(form.get("external_ref") or "").strip()
        if not ref:
            errors["external_ref"] = _("Give every vacancy a reference of your own: re-uploads update by it.")
        elif ref in context.seen:
            errors["external_ref"] = _("This reference is already used on row %(row)s.") % {"row": context.seen[ref]}
        else:
            context.seen[ref] = index
        result = ItemResult(index=index, external_ref=ref[:100], errors=errors)
        checked.append(Checked(result=result, values=None if errors else values))
    return checked


def _row(values: VacancyValues, *, context: UpsertContext, result: ItemResult) -> dict[str, Any]:
    vacancy = Vacancy(organisation_id=context.organisation_id, title=values.title, status=VacancyStatus.DRAFT)
    vacancy_fields.apply(vacancy, values)
    if context.publish:
        blockers = vacancy_fields.publish_errors(vacancy)
        if blockers:
            result.notice = _("Imported as a draft, not published: %(reasons)s") % {
                "reasons": " ".join(blockers.values())
            }
        else:
            vacancy.status = VacancyStatus.PUBLISHED
            vacancy.published_at = utcnow()
    row = {name: getattr(vacancy, name) for name in INSERT_COLUMNS if name not in {"public_id", "created_by_id"}}
    row["public_id"] = uuid.uuid4()
    row["created_by_id"] = context.created_by_id
    return row


async def _existing(session: AsyncSession, *, organisation_id: int, refs: list[str]) -> dict[str, str | None]:
    """Reference → content hash of this organisation's vacancies among `refs`."""
    result = await session.exec(
        select(Vacancy.external_ref, Vacancy.content_hash).where(
            col(Vacancy.organisation_id) == organisation_id, col(Vacancy.external_ref).in_(refs)
        )
    )
    return {str(ref): content_hash for ref, content_hash in result.all()}


async def _upsert(session: AsyncSession, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert new rows, update changed ones (same organisation and reference); reference → id of rows written."""
    table = Vacancy.__table__  # type: ignore[attr-defined]
    connection = await session.connection()
    written: dict[str, int] = {}
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        insert = pg_insert(table).values(rows[start : start + ROWS_PER_STATEMENT])
        statement = insert.on_conflict_do_update(
            constraint="uq_vacancy_org_external_ref",
            set_={name: insert.excluded[name] for name in CONTENT_COLUMNS},
            # Another import may have written the same content meanwhile: then nothing changes.
            where=table.c.content_hash.is_distinct_from(insert.excluded.content_hash),
        ).returning(table.c.id, table.c.external_ref)
        for vacancy_id, ref in await connection.execute(statement):
            written[ref] = vacancy_id
    return written


async def _replace_skills(session: AsyncSession, *, ids_and_values: list[tuple[int, VacancyValues]]) -> None:
    connection = await session.connection()
    ids = [vacancy_id for vacancy_id, _values in ids_and_values]
    await connection.execute(delete(VacancySkill).where(col(VacancySkill.vacancy_id).in_(ids)))
    skills = [
        {"vacancy_id": vacancy_id, "skill_uri": uri, "required": required}
        for vacancy_id, values in ids_and_values
        for uris, required in ((values.required_skills, True), (values.optional_skills, False))
        for uri in uris
    ]
    table = VacancySkill.__table__  # type: ignore[attr-defined]
    for start in range(0, len(skills), SKILLS_PER_STATEMENT):
        await connection.execute(pg_insert(table).values(skills[start : start + SKILLS_PER_STATEMENT]))


async def save(session: AsyncSession, *, checked: list[Checked], context: UpsertContext) -> list[ItemResult]:
    """Write the valid items in the caller's transaction; returns every item's result (errors included).

    New references are created (published when `context.publish` and nothing blocks it), changed ones updated
    (skills replaced, status kept), identical ones left untouched. Only this organisation's rows are touched.
    """
    refs = [item.result.external_ref for item in checked if item.result.external_ref]
    existing = await _existing(session, organisation_id=context.organisation_id, refs=refs) if refs else {}
    for item in checked:
        ref = item.result.external_ref
        # The report must match what is online: the row was refused, the vacancy saved earlier stays as it was
        # (unless the row merely repeats a reference: then the first row carrying it decided).
        if item.values is None and ref in existing and context.seen.get(ref) == item.result.index:
            item.result.notice = _("Not updated: the vacancy already saved under this reference keeps its content.")
    valid = [item for item in checked if item.values is not None]
    if not valid:
        return [item.result for item in checked]
    to_write: list[Checked] = []
    for item in valid:
        assert item.values is not None
        ref = item.result.external_ref
        if ref in existing and existing[ref] == item.values.content_hash():
            item.result.status = ItemStatus.UNCHANGED
        else:
            to_write.append(item)
    rows = [_row(item.values, context=context, result=item.result) for item in to_write if item.values is not None]
    written = await _upsert(session, rows) if rows else {}
    for item in to_write:
        ref = item.result.external_ref
        if ref not in written:
            item.result.status = ItemStatus.UNCHANGED  # another import wrote the same content meanwhile
            item.result.notice = ""
        elif ref in existing:
            item.result.status = ItemStatus.UPDATED
            item.result.notice = ""  # the status of an existing vacancy is not changed by an upload
        else:
            item.result.status = ItemStatus.CREATED
    ids_and_values = [
        (written[item.result.external_ref], item.values)
        for item in to_write
        if item.values is not None and item.result.external_ref in written
    ]
    if ids_and_values:
        await _replace_skills(session, ids_and_values=ids_and_values)
        # Rankable within seconds: one worker job re-ranks the batch once this transaction commits.
        await ranking_index.queue_refresh_many(
            session, kind=ItemKind.VACANCY, item_ids=[vacancy_id for vacancy_id, _ in ids_and_values]
        )
    return [item.result for item in checked]
