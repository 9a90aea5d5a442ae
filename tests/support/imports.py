"""Vacancy files for import tests, generated in memory: good rows, and rows broken in known ways."""

from __future__ import annotations

import csv
import io
import uuid

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.imports import report as vacancy_import_report
from sankofa.imports import uploads as vacancy_import
from sankofa.vacancies.models import Vacancy

GOOD_TITLES = ("Soudeur", "Maçon qualifié", "Électricien bâtiment", "Cuisinière", "Comptable")
DESCRIPTION = "Entreprise de Thiès. Poste stable, équipe accueillante, formation à la sécurité assurée."


def good_row(n: int) -> dict[str, str]:
    return {
        "external_ref": f"REF-{n:05d}",
        "title": GOOD_TITLES[n % len(GOOD_TITLES)],
        "description": DESCRIPTION,
        "required_skills": "lire des plans standard",
        "location": "Thiès",
        "salary_min": "150000",
        "salary_max": "250000",
        "salary_currency": "XOF",
        "deadline": "31/03/2027",
    }


# Each broken row, and the column its error names.
BROKEN = (
    ({"deadline": "32/13/2027"}, "deadline"),
    ({"salary_min": "-5000"}, "salary_min"),
    ({"external_ref": ""}, "external_ref"),
    ({"location": "Xqzwvv Ploumf"}, "location"),
    ({"salary_currency": "ZZZ"}, "salary_currency"),
)


def rows_with_broken(count: int, *, every: int = 10) -> tuple[list[dict[str, str]], dict[int, str]]:
    """`count` rows, one in `every` broken; returns the rows and {spreadsheet row number: broken column}."""
    rows: list[dict[str, str]] = []
    broken: dict[int, str] = {}
    for n in range(count):
        row = good_row(n)
        if n % every == every - 1:
            change, column = BROKEN[(n // every) % len(BROKEN)]
            row.update(change)
            broken[n + 2] = column
        rows.append(row)
    return rows, broken


def csv_bytes(
    rows: list[dict[str, str]],
    *,
    columns: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    columns = columns or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


async def vacancy_count(db: AsyncSession, organisation_id: int) -> int:
    result = await db.exec(
        select(func.count()).select_from(Vacancy).where(col(Vacancy.organisation_id) == organisation_id)
    )
    return result.one()


async def error_report(db: AsyncSession, *, organisation_id: int, import_id: uuid.UUID) -> bytes:
    """The downloadable error report, as the download reads it: built if it is not yet, then every chunk in order."""
    job = await vacancy_import.get(db, organisation_id=organisation_id, import_id=import_id)
    report = await vacancy_import_report.prepare(db, job=job)
    await db.commit()  # the download's request commits what it built
    return b"".join([await vacancy_import_report.chunk(db, import_id=job.id, seq=n) for n in range(report.chunks)])
