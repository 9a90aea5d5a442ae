"""Create or update an organisation's vacancies by external reference: the CSV import and the JSON API share it.

Two steps so a big import can run the slow one off the event loop: `check_items` parses, links and hashes (CPU
only; a file row identical to the one a vacancy was imported from is not even parsed), `save` COPYs every valid item
of a batch into a staging table, writes them with one INSERT ... SELECT ... ON CONFLICT that skips the rows whose
content is unchanged, and COPYs the written rows' skills.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Integer, and_, bindparam, case, column, literal_column, or_, table, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.db.engine import copy_records, run_sql
from sankofa.core.db.types import utcnow
from sankofa.core.i18n import gettext as _
from sankofa.core.inputs import Form
from sankofa.ranking import index as ranking_index
from sankofa.ranking.models import ItemKind
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.fields import LinkMemo, VacancyValues
from sankofa.vacancies.models import Vacancy, VacancyStatus

# Written on create and update; status, dates of publication and the row's identity are kept on update.
CONTENT_COLUMNS = (*vacancy_fields.VALUE_COLUMNS, "content_hash", "source_hash", "updated_at")
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
# The batch's rows, COPYed in before the one INSERT ... SELECT: a temporary table of the connection, emptied by
# every commit, so concurrent imports never see each other's rows.
STAGE = "vacancy_stage"
CREATE_STAGE = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(INSERT_COLUMNS)} FROM vacancy WITH NO DATA"
)
_vacancy = Vacancy.__table__  # type: ignore[attr-defined]
_staged = pg_insert(_vacancy).from_select(INSERT_COLUMNS, table(STAGE, *map(column, INSERT_COLUMNS)).select())
_excluded = _staged.excluded
_content_changed = _vacancy.c.content_hash.is_distinct_from(_excluded.content_hash)
UPSERT = _staged.on_conflict_do_update(
    constraint="uq_vacancy_org_external_ref",
    set_={
        **{name: _excluded[name] for name in CONTENT_COLUMNS},
        "updated_at": case((_content_changed, _excluded.updated_at), else_=_vacancy.c.updated_at),
    },
    # Unchanged content (a re-upload, or another import wrote it meanwhile): the row is neither written nor returned,
    # unless it was saved without the source hash of the file row that holds the same content (a row imported before
    # source hashes, or one edited back to it): then only that hash is stored, so the next upload need not parse it.
    where=or_(
        _content_changed,
        and_(_excluded.source_hash.is_not(None), _vacancy.c.source_hash.is_distinct_from(_excluded.source_hash)),
    ),
).returning(
    _vacancy.c.id,
    _vacancy.c.external_ref,
    literal_column("xmax = 0", Boolean),  # xmax 0: inserted
    _vacancy.c.updated_at,  # the batch's time when the content was written, an earlier one when only the hash was
)


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
    source_hash: str | None = None  # of the file row, stored with the values (None for the API)
    content_hash: str = ""  # of the values, hashed here with the rest of the CPU work


def check_items(
    items: Sequence[tuple[int, Form]], *, context: UpsertContext, imported: Mapping[int, str] | None = None
) -> list[Checked]:
    """Parse and link each item; an item without a reference, or repeating an earlier one, is an error.

    Args:
        items: (row number or list index, fields) pairs.
        context: the import's; its `seen` references grow with these items.
        imported: item index → source hash of the vacancy saved under its reference by an earlier file. An item
            whose own source hash matches is UNCHANGED without being parsed; the others get theirs to store.
    """
    locale = context.locale
    digests = [None if imported is None else vacancy_fields.source_hash(form, locale=locale) for _, form in items]
    known = imported or {}
    skips = [
        digest is not None and known.get(index) == digest for (index, _), digest in zip(items, digests, strict=True)
    ]
    to_parse = [form for (_index, form), skip in zip(items, skips, strict=True) if not skip]
    vacancy_fields.prelink(to_parse, locale=context.locale, memo=context.memo)
    checked: list[Checked] = []
    for (index, form), digest, skip in zip(items, digests, skips, strict=True):
        values, errors = (None, {}) if skip else vacancy_fields.parse(form, locale=context.locale, memo=context.memo)
        ref = str(form.get("external_ref") or "").strip()
        if not ref:
            errors["external_ref"] = _("Give every vacancy a reference of your own: re-uploads update by it.")
        elif ref in context.seen:
            errors["external_ref"] = _("This reference is already used on row %(row)s.") % {"row": context.seen[ref]}
        else:
            context.seen[ref] = index
        result = ItemResult(index=index, external_ref=ref[:100], errors=errors)
        if skip and not errors:
            result.status = ItemStatus.UNCHANGED  # the row the saved vacancy was imported from: nothing to parse
        if errors or values is None:
            checked.append(Checked(result=result, values=None, source_hash=digest))
        else:
            checked.append(Checked(result, values, source_hash=digest, content_hash=values.content_hash()))
    return checked


def _refused(item: Checked) -> bool:
    return item.values is None and item.result.status == ItemStatus.ERROR


def _records(items: list[Checked], *, context: UpsertContext, now: datetime) -> list[tuple[Any, ...]]:
    """The rows to stage, in `INSERT_COLUMNS` order (the values are hashed already: little work left).

    A row that would be published but cannot be gets its notice here; `save` clears it if the row was not created.
    """
    records: list[tuple[Any, ...]] = []
    for item in items:
        values = item.values
        assert values is not None
        status, published_at = VacancyStatus.DRAFT, None
        if context.publish:
            blockers = vacancy_fields.publish_errors(values)
            if blockers:
                item.result.notice = _("Imported as a draft, not published: %(reasons)s") % {
                    "reasons": " ".join(blockers.values())
                }
            else:
                status, published_at = VacancyStatus.PUBLISHED, now
        records.append(
            (
                *(getattr(values, name) for name in vacancy_fields.VALUE_COLUMNS),
                item.content_hash or values.content_hash(),
                item.source_hash,
                now,
                uuid.uuid4(),
                context.organisation_id,
                context.created_by_id,
                values.external_ref,
                status,
                published_at,
                now,
            )
        )
    return records


# One probe of the unique index per reference. Written as `external_ref = ANY(...)`, the planner, going by statistics
# taken while an import was still growing the table, scans every vacancy of the organisation at each batch instead.
SAVED_SOURCES = text(
    "SELECT wanted.ref, saved.source_hash FROM unnest(CAST(:refs AS varchar[])) AS wanted(ref) "
    "JOIN LATERAL (SELECT source_hash FROM vacancy WHERE organisation_id = :organisation_id "
    "AND external_ref = wanted.ref LIMIT 1) AS saved ON true"
)


async def saved_sources(session: AsyncSession, *, organisation_id: int, refs: list[str]) -> dict[str, str | None]:
    """Reference → source hash of this organisation's vacancies among `refs` (None: not imported from a file)."""
    result = await run_sql(session, SAVED_SOURCES, {"refs": refs, "organisation_id": organisation_id})
    return {str(ref): source for ref, source in map(tuple, result)}


async def _upsert(
    session: AsyncSession, records: list[tuple[Any, ...]], *, now: datetime
) -> dict[str, tuple[int, bool]]:
    """Insert new rows, update changed ones (same organisation and reference), leave identical ones untouched.

    Returns:
        Reference → (id, created) of the rows whose content was written at `now`.
    """
    await run_sql(session, text(CREATE_STAGE))
    await run_sql(session, text(f"DELETE FROM {STAGE}"))  # a second save in the same transaction starts afresh
    await copy_records(session, table=STAGE, columns=INSERT_COLUMNS, records=records)
    result = await run_sql(session, UPSERT)
    written: dict[str, tuple[int, bool]] = {}
    for vacancy_id, ref, created, updated_at in map(tuple, result):
        if updated_at == now:
            written[ref] = (vacancy_id, created)
    return written


async def _replace_skills(session: AsyncSession, *, written: list[tuple[int, bool, VacancyValues]]) -> None:
    updated = [vacancy_id for vacancy_id, created, _values in written if not created]
    if updated:
        await run_sql(
            session,
            text("DELETE FROM vacancy_skill WHERE vacancy_id = ANY(:ids)").bindparams(
                bindparam("ids", updated, type_=ARRAY(Integer))
            ),
        )
    skills = [
        (vacancy_id, uri, required)
        for vacancy_id, _created, values in written
        for uris, required in ((values.required_skills, True), (values.optional_skills, False))
        for uri in uris
    ]
    # Each vacancy's skills were just deleted (or it is new) and are unique per vacancy: COPY cannot conflict.
    await copy_records(session, table="vacancy_skill", columns=("vacancy_id", "skill_uri", "required"), records=skills)


async def save(session: AsyncSession, *, checked: list[Checked], context: UpsertContext) -> list[ItemResult]:
    """Write the valid items in the caller's transaction; returns every item's result (errors included).

    New references are created (published when `context.publish` and nothing blocks it), changed ones updated
    (skills replaced, status kept), identical ones left untouched. Only this organisation's rows are touched.
    """
    refused = [item.result.external_ref for item in checked if _refused(item) and item.result.external_ref]
    existing = await saved_sources(session, organisation_id=context.organisation_id, refs=refused) if refused else {}
    for item in checked:
        ref = item.result.external_ref
        # The report must match what is online: the row was refused, the vacancy saved earlier stays as it was
        # (unless the row merely repeats a reference: then the first row carrying it decided).
        if _refused(item) and ref in existing and context.seen.get(ref) == item.result.index:
            item.result.notice = _("Not updated: the vacancy already saved under this reference keeps its content.")
    valid = [item for item in checked if item.values is not None]
    if not valid:
        return [item.result for item in checked]
    now = utcnow()
    written = await _upsert(session, _records(valid, context=context, now=now), now=now)
    changed: list[tuple[int, bool, VacancyValues]] = []
    for item in valid:
        assert item.values is not None and item.values.external_ref is not None
        if item.values.external_ref not in written:
            item.result.status = ItemStatus.UNCHANGED  # same content as stored (this file or another import's)
            item.result.notice = ""
            continue
        vacancy_id, created = written[item.values.external_ref]
        changed.append((vacancy_id, created, item.values))
        if created:
            item.result.status = ItemStatus.CREATED
        else:
            item.result.status = ItemStatus.UPDATED
            item.result.notice = ""  # the status of an existing vacancy is not changed by an upload
    if changed:
        await _replace_skills(session, written=changed)
        # Rankable within seconds: one worker job re-ranks the batch once this transaction commits.
        await ranking_index.queue_refresh_many(
            session, kind=ItemKind.VACANCY, item_ids=[vacancy_id for vacancy_id, _created, _values in changed]
        )
    return [item.result for item in checked]
