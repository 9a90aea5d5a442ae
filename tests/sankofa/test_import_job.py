"""The import job itself: a messy real-world file, a refused header, re-uploads, and resuming after a crash."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import col, select, update

from sankofa.core.errors import ValidationFailed
from sankofa.core.models import OutboxMessage
from sankofa.imports import run as vacancy_import_run
from sankofa.imports import uploads as vacancy_import
from sankofa.imports.models import ImportNoteKind, ImportStatus, VacancyImport, VacancyImportError
from sankofa.ranking import index as ranking_index
from sankofa.reference import vocabulary
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies import posting
from sankofa.vacancies import upsert as vacancy_upsert
from sankofa.vacancies.models import Vacancy, VacancySkill, VacancyStatus
from sankofa.vacancies.upsert import ItemStatus, UpsertContext
from tests.support.imports import DESCRIPTION, csv_bytes, error_report, good_row, rows_with_broken, vacancy_count
from tests.support.vacancies import make_employer

MAX = 20_000_000


async def _import(db, user, content: bytes, *, publish: bool = False, **run_options) -> VacancyImport:  # type: ignore[no-untyped-def]
    job = await vacancy_import.create(
        db, user=user, filename="offres.csv", content=content, publish=publish, locale="fr", max_bytes=MAX
    )
    await vacancy_import_run.run(db, import_id=job.id, **run_options)
    await db.refresh(job)
    return job


async def _notes(db, job: VacancyImport, kind: str) -> list[VacancyImportError]:  # type: ignore[no-untyped-def]
    result = await db.exec(
        select(VacancyImportError)
        .where(VacancyImportError.import_id == job.id, VacancyImportError.kind == kind)
        .order_by(col(VacancyImportError.row_number))
    )
    return list(result.all())


async def test_latin1_semicolon_file_imports_good_rows_and_reports_each_broken_one(db):
    user, org = await make_employer(db)
    rows, broken = rows_with_broken(60)
    # Missing optional columns: no occupation, languages, work_mode, contract_type...
    content = csv_bytes(rows, delimiter=";", encoding="cp1252")
    job = await _import(db, user, content, publish=True)

    assert job.status == ImportStatus.DONE
    assert (job.total_rows, job.created_count, job.error_count) == (60, 54, 6)
    errors = await _notes(db, job, ImportNoteKind.ERROR)
    assert {(e.row_number, e.field) for e in errors} == set(broken.items())
    by_field = {e.field: e.message for e in errors}
    assert "date" in by_field["deadline"]
    assert "negative" in by_field["salary_min"] or "négatif" in by_field["salary_min"]
    notices = [n.message for n in await _notes(db, job, ImportNoteKind.NOTICE)]
    assert any("Latin-1/Windows-1252" in n for n in notices)
    titles = set((await db.exec(select(Vacancy.title).where(Vacancy.organisation_id == org.id))).all())
    assert "Maçon qualifié" in titles and "Électricien bâtiment" in titles  # accents read right
    published = await db.exec(select(Vacancy).where(Vacancy.status == VacancyStatus.PUBLISHED))
    assert len(published.all()) == 54
    skills = await db.exec(select(VacancySkill))
    assert len(skills.all()) == 54


async def test_file_without_title_column_is_refused_whole_and_imports_nothing(db):
    user, org = await make_employer(db)
    org_id = org.id
    rows = [good_row(n) for n in range(5)]
    content = csv_bytes(rows, columns=[c for c in rows[0] if c != "title"])
    with pytest.raises(ValidationFailed) as refused:
        await vacancy_import.create(
            db, user=user, filename="x.csv", content=content, publish=False, locale="en", max_bytes=MAX
        )
    assert "title" in refused.value.message
    # The worker applies the same rule if such a file reaches it (an import stored before a rule changed).
    await db.rollback()
    job = VacancyImport(organisation_id=org_id, content=content, locale="en")
    db.add(job)
    await db.commit()
    await vacancy_import_run.run(db, import_id=job.id)
    await db.refresh(job)
    assert job.status == ImportStatus.FAILED
    assert "title" in job.failure
    assert await vacancy_count(db, org_id) == 0


async def test_uploading_the_same_file_again_changes_nothing_and_a_modified_row_is_updated(db):
    user, org = await make_employer(db)
    rows = [good_row(n) for n in range(20)]
    first = await _import(db, user, csv_bytes(rows))
    assert first.created_count == 20

    again = await _import(db, user, csv_bytes(rows))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 20)
    assert await vacancy_count(db, org.id) == 20

    rows[3]["title"] = "Chef soudeur"
    rows[3]["required_skills"] = "comptabilité"
    changed = await _import(db, user, csv_bytes(rows))
    assert (changed.created_count, changed.updated_count, changed.unchanged_count) == (0, 1, 19)
    vacancy = (await db.exec(select(Vacancy).where(Vacancy.external_ref == "REF-00003"))).one()
    await db.refresh(vacancy)
    assert vacancy.title == "Chef soudeur"
    skills = (await db.exec(select(VacancySkill).where(VacancySkill.vacancy_id == vacancy.id))).all()
    assert len(skills) == 1 and skills[0].skill_uri.endswith("ecc18804-a466-40d9-98b4-fba5cd67dd4b")


async def _refresh_jobs(db) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """The vacancy ids of each ranking refresh queued so far, oldest first."""
    result = await db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.actor == ranking_index.REFRESH_MANY_ACTOR)
        .order_by(col(OutboxMessage.created_at))
    )
    return [message.args["item_ids"] for message in result.all()]


async def test_an_unchanged_re_upload_writes_no_row_and_queues_nothing_while_a_changed_row_is_rewritten(db):
    user, _org = await make_employer(db)
    rows = [good_row(n) for n in range(12)]
    await _import(db, user, csv_bytes(rows), publish=True, batch_rows=5)
    stored = {v.external_ref: v for v in (await db.exec(select(Vacancy))).all()}
    written = {ref: (v.id, v.updated_at, v.status) for ref, v in stored.items()}
    assert len(await _refresh_jobs(db)) == 3  # one per batch: every created vacancy enters the ranking index

    again = await _import(db, user, csv_bytes(rows), publish=True, batch_rows=5)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 12)
    for vacancy in stored.values():
        await db.refresh(vacancy)
    assert {ref: (v.id, v.updated_at, v.status) for ref, v in stored.items()} == written
    assert len(await _refresh_jobs(db)) == 3

    rows[7]["salary_max"] = "300000"
    rows[7]["required_skills"] = "comptabilité"
    changed = await _import(db, user, csv_bytes(rows), publish=True, batch_rows=5)
    assert (changed.created_count, changed.updated_count, changed.unchanged_count) == (0, 1, 11)
    for vacancy in stored.values():
        await db.refresh(vacancy)
    moved = {ref for ref, v in stored.items() if v.updated_at != written[ref][1]}
    assert moved == {"REF-00007"}
    assert (stored["REF-00007"].salary_max, stored["REF-00007"].id) == (300_000, written["REF-00007"][0])
    skills = (await db.exec(select(VacancySkill).where(VacancySkill.vacancy_id == stored["REF-00007"].id))).all()
    assert [s.skill_uri.rsplit("/", 1)[-1] for s in skills] == ["ecc18804-a466-40d9-98b4-fba5cd67dd4b"]
    assert (await _refresh_jobs(db))[3:] == [[stored["REF-00007"].id]]  # only the changed vacancy is re-ranked


async def test_a_re_upload_parses_only_the_rows_that_differ_from_the_ones_imported(db, monkeypatch):
    user, _org = await make_employer(db)
    rows = [good_row(n) for n in range(12)]
    await _import(db, user, csv_bytes(rows), batch_rows=5)
    parsed: list[str] = []
    parse = vacancy_fields.parse

    def counting_parse(form, **options):  # type: ignore[no-untyped-def]
        parsed.append(form["external_ref"])
        return parse(form, **options)

    monkeypatch.setattr(vacancy_fields, "parse", counting_parse)
    rows[4]["description"] = DESCRIPTION + " Logement fourni."
    rows[9] = dict(rows[8])  # the same row twice: the second one repeats a reference, it is refused
    content = csv_bytes(rows).replace(b"REF-00006,", b"REF-00006,Soudeur,", 1)  # shifted cells are still refused
    job = await _import(db, user, content, batch_rows=5)
    assert (job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (0, 1, 9, 2)
    assert sorted(parsed) == ["REF-00004", "REF-00006"]
    errors = {e.row_number: e.field for e in await _notes(db, job, ImportNoteKind.ERROR)}
    assert errors == {8: "file", 11: "external_ref"}


async def test_a_vacancy_saved_without_a_source_hash_gets_it_from_an_unchanged_row_and_nothing_else(db, monkeypatch):
    user, _org = await make_employer(db)
    rows = [good_row(n) for n in range(4)]
    await _import(db, user, csv_bytes(rows))
    await db.exec(update(Vacancy).values(source_hash=None))  # as imported before source hashes existed
    await db.commit()
    before = {v.external_ref: v.updated_at for v in (await db.exec(select(Vacancy))).all()}
    jobs = len(await _refresh_jobs(db))

    again = await _import(db, user, csv_bytes(rows))
    assert (again.updated_count, again.unchanged_count) == (0, 4)
    stored = (await db.exec(select(Vacancy).execution_options(populate_existing=True))).all()
    assert {v.external_ref: v.updated_at for v in stored} == before
    assert all(v.source_hash for v in stored) and len(await _refresh_jobs(db)) == jobs

    parsed: list[object] = []
    monkeypatch.setattr(vacancy_fields, "parse", lambda form, **options: parsed.append(form))
    third = await _import(db, user, csv_bytes(rows))
    assert third.unchanged_count == 4 and parsed == []


async def test_a_vacancy_edited_on_the_site_gets_the_files_content_back_when_the_file_is_uploaded_again(db):
    user, _org = await make_employer(db)
    rows = [good_row(n) for n in range(3)]
    await _import(db, user, csv_bytes(rows))
    vacancy = (await db.exec(select(Vacancy).where(Vacancy.external_ref == "REF-00001"))).one()
    skills = list((await db.exec(select(VacancySkill).where(VacancySkill.vacancy_id == vacancy.id))).all())
    form = {**vacancy_fields.form_values(vacancy, skills), "title": "Soudeur de nuit"}
    await posting.save(db, user=user, public_id=vacancy.public_id, form=form, locale="fr")
    await db.commit()

    again = await _import(db, user, csv_bytes(rows))
    assert (again.updated_count, again.unchanged_count) == (1, 2)
    await db.refresh(vacancy)
    assert vacancy.title == rows[1]["title"]


async def test_a_batch_saved_twice_in_one_transaction_writes_each_row_once(db):
    """The staging table is the connection's: a second save before the commit must not see the first one's rows."""
    _user, org = await make_employer(db)
    assert org.id is not None
    context = UpsertContext(organisation_id=org.id, locale="fr", publish=False)
    first = vacancy_upsert.check_items([(2, good_row(0)), (3, good_row(1))], context=context)
    second = vacancy_upsert.check_items([(4, good_row(2))], context=context)
    results = await vacancy_upsert.save(db, checked=first, context=context)
    results += await vacancy_upsert.save(db, checked=second, context=context)
    await db.commit()
    assert [r.status for r in results] == [ItemStatus.CREATED] * 3
    assert await vacancy_count(db, org.id) == 3


async def test_a_job_resumed_after_a_crash_mid_way_duplicates_nothing(db):
    user, org = await make_employer(db)
    rows, _broken = rows_with_broken(45, every=9)
    rows[30]["external_ref"] = rows[2]["external_ref"]  # a duplicate across batches is still caught on resume
    content = csv_bytes(rows)
    job = await vacancy_import.create(
        db, user=user, filename="x.csv", content=content, publish=False, locale="fr", max_bytes=MAX
    )
    with pytest.raises(vacancy_import_run.ImportInterrupted):
        await vacancy_import_run.run(db, import_id=job.id, batch_rows=10, stop_after_batches=2)
    await db.refresh(job)
    assert (job.status, job.processed_rows) == (ImportStatus.RUNNING, 20)
    assert await vacancy_count(db, org.id) == job.created_count == 18

    await vacancy_import_run.run(db, import_id=job.id, batch_rows=10)
    await db.refresh(job)
    assert job.status == ImportStatus.DONE
    assert (job.processed_rows, job.created_count, job.error_count) == (45, 39, 6)
    assert await vacancy_count(db, org.id) == 39
    duplicate = [e for e in await _notes(db, job, ImportNoteKind.ERROR) if e.row_number == 32]
    assert duplicate and duplicate[0].field == "external_ref"
    # A finished job delivered again is a no-op.
    await vacancy_import_run.run(db, import_id=job.id, batch_rows=10)
    await db.refresh(job)
    assert job.created_count == 39 and await vacancy_count(db, org.id) == 39


async def _error_file(db, org_id: int, job: VacancyImport) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    """The downloadable error file: row number → that row's line (original cells, then error_row, error_messages)."""
    report = await error_report(db, organisation_id=org_id, import_id=job.id)
    lines = list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))
    assert lines[0][-2:] == ["error_row", "error_messages"]
    return {int(line[-2]): line for line in lines[1:]}


async def test_the_summary_the_error_file_and_the_database_agree_on_every_row(db):
    user, org = await make_employer(db)
    org_id = org.id
    before = [good_row(n) for n in range(4)]
    await _import(db, user, csv_bytes(before))
    kept = (await db.exec(select(Vacancy).where(Vacancy.external_ref == "REF-00002"))).one()
    kept_hash = kept.content_hash

    rows = [
        before[0],  # row 2: unchanged
        {**before[1], "title": "Chef soudeur"},  # row 3: updated
        {**before[2], "deadline": "32/13/2027"},  # row 4: broken; the vacancy saved before stays as it was
        good_row(10),  # row 5: created and published
        {**good_row(11), "description": "Trop court."},  # row 6: created, kept as a draft (notice)
        {**good_row(12), "location": "Atlantide-sur-Mer"},  # row 7: unknown place
        {**good_row(13), "location": "Hammamet"},  # row 8: two towns of that name
        {**good_row(14), "external_ref": "REF-00010"},  # row 9: reference already used on row 5
        good_row(15),  # row 10: one cell too many (an unquoted comma)
        {**good_row(16), "deadline": "01/01/2024"},  # row 11: created, kept as a draft (deadline passed)
        {**good_row(17), "external_ref": "REF-00001"},  # row 12: repeats row 3's reference (row 3 updated it)
    ]
    content = csv_bytes(rows).replace(b"REF-00015,", b"REF-00015,Soudeur,", 1)
    job = await _import(db, user, content, publish=True)

    broken_rows, imported_rows = {4, 7, 8, 9, 10, 12}, {2, 3, 5, 6, 11}
    assert (job.total_rows, job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (
        11,
        3,
        1,
        1,
        len(broken_rows),
    )
    # The database holds exactly the rows the summary counts as imported, nothing of the broken ones.
    stored = {
        v.external_ref: v for v in (await db.exec(select(Vacancy).where(Vacancy.organisation_id == org_id))).all()
    }
    assert set(stored) == {"REF-00000", "REF-00001", "REF-00002", "REF-00003", "REF-00010", "REF-00011", "REF-00016"}
    await db.refresh(stored["REF-00002"])
    assert stored["REF-00002"].content_hash == kept_hash
    assert stored["REF-00001"].title == "Chef soudeur"
    assert stored["REF-00010"].status == VacancyStatus.PUBLISHED
    assert stored["REF-00011"].status == stored["REF-00016"].status == VacancyStatus.DRAFT

    # The error notes, the error file and the count name the same rows; no imported row is in the file.
    errors = await _notes(db, job, ImportNoteKind.ERROR)
    error_file = await _error_file(db, org_id, job)
    assert {e.row_number for e in errors} == set(error_file) == broken_rows
    assert not imported_rows & set(error_file)
    assert error_file[4][0] == "REF-00002" and error_file[4][-1].startswith("deadline: ")
    beni_mered = vocabulary.place_label("city:2504622", locale="fr")  # where the row was published, silently
    assert beni_mered and "Atlantide-sur-Mer" in error_file[7][-1] and beni_mered in error_file[7][-1]
    assert "Hammamet" in error_file[8][-1] and "Tunisie" in error_file[8][-1] and "Algérie" in error_file[8][-1]
    assert error_file[9][-1].startswith("external_ref: ") and "ligne 5." in error_file[9][-1]
    # Shifted cells: one message naming the cause, not one wrong message per column.
    assert (
        error_file[10][-1].startswith("file: ")
        and " | " not in error_file[10][-1]
        and "«\xa0,\xa0»" in error_file[10][-1]
    )

    notices = {n.row_number: n.message for n in await _notes(db, job, ImportNoteKind.NOTICE)}
    assert set(notices) == {4, 6, 11}  # not 12: REF-00001 was updated, by row 3
    assert notices[4].startswith("Non mise à jour")
    assert notices[6].startswith("Importée comme brouillon") and notices[11].startswith("Importée comme brouillon")


async def test_the_error_file_uploads_again_as_it_is_and_imports_the_corrected_rows(db):
    user, org = await make_employer(db)
    rows, broken = rows_with_broken(20, every=5)
    first = await _import(db, user, csv_bytes(rows))
    error_file = await _error_file(db, org.id, first)
    assert set(error_file) == set(broken)
    report = await error_report(db, organisation_id=org.id, import_id=first.id)
    # Corrected in a spreadsheet: every broken cell put back to a good value; the two report columns stay.
    lines = list(csv.reader(io.StringIO(report.decode("utf-8-sig"))))
    header = lines[0]
    fixed = [header]
    for line in lines[1:]:
        n = int(line[-2]) - 2
        good = good_row(n)
        fixed.append([good.get(name, cell) for name, cell in zip(header, line, strict=True)])
    out = io.StringIO()
    csv.writer(out).writerows(fixed)
    again = await _import(db, user, out.getvalue().encode("utf-8-sig"))
    assert again.status == ImportStatus.DONE, again.failure
    assert (again.total_rows, again.created_count, again.error_count) == (len(broken), len(broken), 0)
    assert await vacancy_count(db, org.id) == 20
