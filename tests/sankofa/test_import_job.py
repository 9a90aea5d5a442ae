"""The import job itself: a messy real-world file, a refused header, re-uploads, and resuming after a crash."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from sankofa.db.imports import ImportNoteKind, ImportStatus, VacancyImport, VacancyImportError
from sankofa.db.vacancies import Vacancy, VacancySkill, VacancyStatus
from sankofa.errors import ValidationFailed
from sankofa.services import vacancy_import, vacancy_import_run
from tests.support.imports import csv_bytes, good_row, rows_with_broken, vacancy_count
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
