"""An employer imports vacancies from a CSV file in the browser: upload, progress, summary, error report, limits."""

from __future__ import annotations

import asyncio
import csv
import io
import re

from sankofa.identity.models import User
from sankofa.imports import run as vacancy_import_run
from sankofa.imports import uploads as vacancy_import
from tests.support.imports import csv_bytes, good_row, rows_with_broken
from tests.support.vacancies import make_employer
from tests.support.web import csrf, log_in

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


async def _employer(client, db, *, email: str = "rh@acier.example", name: str = "Acier du Sahel"):  # type: ignore[no-untyped-def]
    user, org = await make_employer(db, email=email, name=name)
    fresh = await db.get(User, user.id)
    fresh.locale = "en"  # messages asserted in English; the French catalog may translate them later
    await db.commit()
    await log_in(client, email)
    return user, org


async def _upload(client, content: bytes, *, filename: str = "offres.csv", publish: bool = False):  # type: ignore[no-untyped-def]
    token = await csrf(client, "/employer/imports")
    data = {"_csrf": token, **({"publish": "1"} if publish else {})}
    return await client.post("/employer/imports", data=data, files={"file": (filename, content, "text/csv")})


async def _wait_until_finished(client, url: str) -> str:  # type: ignore[no-untyped-def]
    for _ in range(120):
        page = await client.get(url, headers={"HX-Request": "true"})
        if "hx-trigger" not in page.text:
            return (await client.get(url)).text
        await asyncio.sleep(0.5)
    raise AssertionError("the import did not finish within 60 s")


async def test_employer_imports_a_latin1_file_through_the_worker_and_downloads_the_error_rows(client, db, worker):
    await _employer(client, db)
    rows, broken = rows_with_broken(30)
    response = await _upload(client, csv_bytes(rows, delimiter=";", encoding="cp1252"), publish=True)
    assert response.status_code == 303
    url = response.headers["location"]

    polled = await client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and "<html" not in polled.text  # htmx gets the progress block only
    summary = await _wait_until_finished(client, url)
    assert "30 rows read" in _words(summary) and "27 vacancies created" in _words(summary) and "Finished" in summary
    assert "Latin-1/Windows-1252" in summary
    for row_number in broken:
        assert f'<td data-label="Row"><bdi>{row_number}</bdi></td>' in summary

    report = await client.get(url + "/errors.csv")
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    assert report.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][-2:] == ["error_row", "error_messages"]
    assert {int(line[-2]) for line in lines[1:]} == set(broken)
    assert lines[1][0] == rows[9]["external_ref"]  # the original cells come back, ready to fix

    listing = await client.get("/employer/imports")
    assert "offres.csv" in listing.text and "27" in listing.text


async def test_a_file_over_the_size_limit_is_refused_with_a_message(client, db, settings):
    await _employer(client, db)
    assert settings.import_max_bytes < 50_000_000  # the issue: a 50 MB upload is refused
    big = b"external_ref,title,description\nR1,Soudeur," + b"x" * (settings.import_max_bytes + 1_000_000) + b"\n"
    response = await _upload(client, big)
    assert response.status_code == 413
    size = settings.import_max_bytes // 1_000_000
    assert f"The file is too large: files up to {size} MB are accepted" in response.text
    assert (await client.get("/employer/imports")).text.count("offres.csv") == 0


async def test_empty_files_images_and_files_without_a_title_column_get_a_clear_message(client, db):
    await _employer(client, db)
    empty = await _upload(client, b"")
    assert empty.status_code == 422 and "The file is empty" in empty.text
    image = await _upload(client, PNG, filename="photo.png")
    assert image.status_code == 422 and "This is not a CSV file (it looks like a PNG file)" in image.text
    rows = [good_row(1)]
    no_title = await _upload(client, csv_bytes(rows, columns=["external_ref", "description"]))
    assert no_title.status_code == 422 and "these are missing: title" in no_title.text
    assert "No import yet." in no_title.text


async def test_an_employer_never_sees_another_employers_import(client, db):
    await _employer(client, db)
    response = await _upload(client, csv_bytes([good_row(1)]))
    url = response.headers["location"]
    client.cookies.clear()
    await _employer(client, db, email="rh@bois.example", name="Bois du Sahel")
    assert (await client.get(url)).status_code == 404
    assert (await client.get(url + "/errors.csv")).status_code == 404
    assert "offres.csv" not in (await client.get("/employer/imports")).text


async def test_template_and_column_help_are_there_to_start_from(client, db):
    await _employer(client, db)
    template = await client.get("/employer/imports/template.csv")
    assert template.content.startswith(b"\xef\xbb\xbfexternal_ref,title,occupation,")
    assert len(template.content.decode("utf-8-sig").strip().splitlines()) == 3
    help_page = await client.get("/employer/imports/help")
    for column in ("external_ref", "salary_currency", "open_to_abroad"):
        assert f'id="col-{column}"' in help_page.text
    # The template imports cleanly as it is.
    response = await _upload(client, template.content)
    assert response.status_code == 303


async def test_the_summary_says_what_each_count_is_in_french(client, db):
    user, _org = await make_employer(db)  # French, as the account was created
    await log_in(client, user.email)
    rows, broken = rows_with_broken(30)
    job = await vacancy_import.create(
        db, user=user, filename="offres.csv", content=csv_bytes(rows), publish=True, locale="fr", max_bytes=10**7
    )
    await vacancy_import_run.run(db, import_id=job.id)

    summary = _text(await client.get(f"/employer/imports/{job.id}"))
    assert "30 lignes lues" in summary
    assert "27 offres créées" in summary
    assert "0 offre mise à jour" in summary and "0 offre inchangée" in summary
    assert f"{len(broken)} lignes en erreur, non importées" in summary
    assert "Créée le" not in summary  # a date's label once stood next to the count

    one = await vacancy_import.create(
        db,
        user=user,
        filename="une.csv",
        content=csv_bytes([good_row(99)]),
        publish=False,
        locale="fr",
        max_bytes=10**7,
    )
    await vacancy_import_run.run(db, import_id=one.id)
    single = _text(await client.get(f"/employer/imports/{one.id}"))
    assert "1 ligne lue" in single and "1 offre créée" in single and "0 ligne en erreur, non importée" in single

    listing = await client.get("/employer/imports")
    assert 'data-label="Créées"' in listing.text and "Créée le" not in listing.text
    assert "<bdi>27</bdi>" in listing.text and "<bdi>offres.csv</bdi>" in listing.text


def _words(html: str) -> str:
    """A page's words as read: tags dropped, spaces squeezed (numbers are wrapped in <bdi>)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return _words(response.text)
