"""An import's error report: built by the worker when the import ends, stored once, streamed on download."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid

import pytest
from sqlmodel import col, func, select

from sankofa.core.db.transaction import unit_of_work
from sankofa.identity.models import User
from sankofa.imports import actors as import_actors
from sankofa.imports import report as vacancy_import_report
from sankofa.imports import run as vacancy_import_run
from sankofa.imports import uploads as vacancy_import
from sankofa.imports.models import ImportStatus, VacancyImport, VacancyImportReportChunk
from tests.support.imports import csv_bytes, error_report, good_row
from tests.support.vacancies import make_employer
from tests.support.web import csrf, log_in

REPORT_HEADER = ["external_ref", "title", "description", "location", "deadline", "error_row", "error_messages"]


def _rows() -> list[dict[str, str]]:
    """Row 2 imports; row 3 has a bad date; row 4 a formula for a title and a bad date."""
    columns = REPORT_HEADER[:-2]
    good = good_row(1)
    return [
        {name: good[name] for name in columns},
        {**{name: good_row(2)[name] for name in columns}, "deadline": "32/13/2027"},
        {**{name: good_row(3)[name] for name in columns}, "title": '=HYPERLINK("http://x")', "deadline": "31/02/2027"},
    ]


async def _employer(client, db, *, email: str = "rh@acier.example", name: str = "Acier du Sahel"):  # type: ignore[no-untyped-def]
    user, org = await make_employer(db, email=email, name=name)
    fresh = await db.get(User, user.id)
    fresh.locale = "en"
    await db.commit()
    await log_in(client, email)
    return user, org


async def _upload(client, content: bytes) -> str:  # type: ignore[no-untyped-def]
    token = await csrf(client, "/employer/imports")
    response = await client.post("/employer/imports", data={"_csrf": token}, files={"file": ("o.csv", content)})
    assert response.status_code == 303
    return response.headers["location"]


async def _imported(db, user, content: bytes) -> VacancyImport:  # type: ignore[no-untyped-def]
    """An import processed here, without a worker: finished, its report not built (as before reports were stored)."""
    job = await vacancy_import.create(
        db, user=user, filename="o.csv", content=content, publish=False, locale="en", max_bytes=10**7
    )
    await vacancy_import_run.run(db, import_id=job.id)
    return job


async def _built_at(db, import_id: uuid.UUID):  # type: ignore[no-untyped-def]
    result = await db.exec(select(VacancyImport.report_built_at).where(VacancyImport.id == import_id))
    value = result.one()
    await db.commit()
    return value


async def _chunk_count(db, import_id: uuid.UUID) -> int:  # type: ignore[no-untyped-def]
    result = await db.exec(
        select(func.count())
        .select_from(VacancyImportReportChunk)
        .where(col(VacancyImportReportChunk.import_id) == import_id)
    )
    count = result.one()
    await db.commit()
    return count


def _lines(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


async def test_the_worker_builds_the_report_when_the_import_ends_and_the_employer_downloads_it(client, db, worker):
    await _employer(client, db)
    url = await _upload(client, csv_bytes(_rows()))
    import_id = uuid.UUID(url.rsplit("/", 1)[-1])
    for _ in range(120):
        if await _built_at(db, import_id) is not None:
            break
        await asyncio.sleep(0.5)
    else:
        raise AssertionError("the worker did not build the report within 60 s")
    chunks = await _chunk_count(db, import_id)

    response = await client.get(url + "/errors.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="sankofa-import-errors-{str(import_id)[:8]}.csv"'
    )
    assert int(response.headers["content-length"]) == len(response.content)
    lines = _lines(response.content)
    assert lines[0] == REPORT_HEADER
    assert [line[0] for line in lines[1:]] == ["REF-00002", "REF-00003"]  # the original cells, as uploaded
    assert [line[-2] for line in lines[1:]] == ["3", "4"]
    assert lines[1][-1].startswith("deadline: ") and lines[2][-1].startswith("deadline: ")
    assert lines[2][1] == '\'=HYPERLINK("http://x")'  # a formula comes back as text
    assert await _chunk_count(db, import_id) == chunks  # downloading read the stored report; it built nothing


async def test_the_download_is_streamed_chunk_by_chunk_from_the_stored_report(app, client, db, monkeypatch):
    user, _org = await _employer(client, db)
    monkeypatch.setattr(vacancy_import_report, "CHUNK_BYTES", 100)
    job = await _imported(db, user, csv_bytes(_rows()))
    path = f"/employer/imports/{job.id}/errors.csv"
    cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    sent: list[dict[str, object]] = []
    requested, finished = [False], asyncio.Event()

    async def receive() -> dict[str, object]:
        if not requested[0]:
            requested[0] = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()  # as a server does: the client is gone once the whole body went out
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            finished.set()

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
        "client": ("203.0.113.7", 50000),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200
    bodies = [m for m in sent if m["type"] == "http.response.body" and m.get("body")]
    content = b"".join(m["body"] for m in bodies)  # type: ignore[misc]
    assert len(bodies) == await _chunk_count(db, job.id) > 3  # one message per stored chunk, not one big body
    assert content == await error_report(db, organisation_id=job.organisation_id, import_id=job.id)
    assert _lines(content)[0] == REPORT_HEADER


async def test_an_import_made_before_reports_were_stored_gets_its_report_on_first_download(client, db):
    user, _org = await _employer(client, db)
    job = await _imported(db, user, csv_bytes(_rows()))
    assert await _built_at(db, job.id) is None

    response = await client.get(f"/employer/imports/{job.id}/errors.csv")
    assert response.status_code == 200
    assert [line[-2] for line in _lines(response.content)[1:]] == ["3", "4"]
    assert await _built_at(db, job.id) is not None and await _chunk_count(db, job.id) == 1
    again = await client.get(f"/employer/imports/{job.id}/errors.csv")
    assert again.content == response.content and await _chunk_count(db, job.id) == 1


async def test_another_employer_gets_404_for_the_report(client, db):
    user, _org = await _employer(client, db)
    job = await _imported(db, user, csv_bytes(_rows()))
    url = f"/employer/imports/{job.id}/errors.csv"
    assert (await client.get(url)).status_code == 200
    client.cookies.clear()
    await _employer(client, db, email="rh@bois.example", name="Bois du Sahel")
    response = await client.get(url)
    assert response.status_code == 404 and "REF-00002" not in response.text


async def test_a_report_is_refused_with_a_reason_while_the_import_runs_or_when_it_failed(client, db):
    user, org = await _employer(client, db)
    queued = await vacancy_import.create(
        db, user=user, filename="o.csv", content=csv_bytes(_rows()), publish=False, locale="en", max_bytes=10**7
    )
    await db.commit()
    response = await client.get(f"/employer/imports/{queued.id}/errors.csv")
    assert response.status_code == 409 and "ready once the import has finished" in response.text
    failed = VacancyImport(organisation_id=org.id, content=b"description\nx\n", locale="en", status=ImportStatus.FAILED)
    db.add(failed)
    await db.commit()
    response = await client.get(f"/employer/imports/{failed.id}/errors.csv")
    assert response.status_code == 404 and "failed as a whole" in response.text


async def test_building_twice_at_once_or_again_after_a_crash_stores_one_whole_report(db, db_factory, monkeypatch):
    user, _org = await make_employer(db)
    rows = [{**good_row(n), "deadline": "32/13/2027"} for n in range(40)]
    job = await _imported(db, user, csv_bytes(rows))
    monkeypatch.setattr(vacancy_import_report, "CHUNK_BYTES", 500)

    async def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("worker killed")

    # Killed after writing its chunks, before committing: nothing of that build remains.
    with monkeypatch.context() as patched:
        patched.setattr(vacancy_import_report, "_stored", crash)
        async with db_factory() as session:
            with pytest.raises(RuntimeError):
                await vacancy_import_report.ensure_built(session, import_id=job.id)
    assert await _chunk_count(db, job.id) == 0 and await _built_at(db, job.id) is None

    # The retry and a second delivery at the same moment: one builds, the other waits and finds it built.
    async def build() -> vacancy_import_report.StoredReport | None:
        async with unit_of_work(db_factory) as session:  # as the actor does
            return await vacancy_import_report.ensure_built(session, import_id=job.id)

    first, second = await asyncio.gather(build(), build())
    assert first == second and first is not None and first.chunks > 3
    assert await _chunk_count(db, job.id) == first.chunks
    report = await error_report(db, organisation_id=job.organisation_id, import_id=job.id)
    assert len(report) == first.size
    assert [int(line[-2]) for line in _lines(report)[1:]] == list(range(2, 42))  # each row once, in order


async def test_the_actor_delivered_twice_builds_the_report_once(db, worker):
    user, _org = await make_employer(db)
    job = await _imported(db, user, csv_bytes(_rows()))
    await asyncio.to_thread(import_actors.build_report.fn, str(job.id))
    built_at = await _built_at(db, job.id)
    report = await error_report(db, organisation_id=job.organisation_id, import_id=job.id)
    await asyncio.to_thread(import_actors.build_report.fn, str(job.id))
    assert await _built_at(db, job.id) == built_at and await _chunk_count(db, job.id) == 1
    assert await error_report(db, organisation_id=job.organisation_id, import_id=job.id) == report
