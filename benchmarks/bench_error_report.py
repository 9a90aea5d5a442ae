"""Does the event loop keep answering while large error reports download? `/health/live` idle vs three downloads.

Stores an import whose every row was refused (a ~29 MB error report: `--rows` rows with long descriptions, one
error each), builds its report as the worker does (`vacancy_import_report.ensure_built`), serves the real app with
uvicorn in a child process (database: SANKOFA_DATABASE_URL, or an embedded PostgreSQL under var/bench), logs in the
employer, then measures `/health/live` one request at a time:
1. idle (the baseline, same process, same run);
2. while three clients download `/employer/imports/{id}/errors.csv` again and again (the stored report, streamed);
3. the same against the report built inside the request, on the event loop, as the app did before (`--compare`,
   on by default; a copy of the old code served at `.../errors-before.csv`).

    .venv/bin/python benchmarks/bench_error_report.py [--rows 37000] [--seconds 20] [--no-compare]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import statistics
import threading
import time
import uuid

from bench_autocomplete_http import database_url  # the scripts' folder is on sys.path
from bench_event_loop import health_samples, logged_in, print_latencies, probed_under_load, serving
from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import Role, User
from sankofa.imports import report as vacancy_import_report
from sankofa.imports import uploads as vacancy_import
from sankofa.imports.models import ImportNoteKind, VacancyImport, VacancyImportError
from web.guards import roles

PASSWORD = "bench-password-2026"
DESCRIPTION = (
    "Atelier de construction métallique à Thiès : soudure à l'arc de structures, lecture de plans, contrôle "
    "des soudures, entretien du poste, respect des consignes de sécurité, travail en équipe de quatre "
    "personnes, horaires de jour, formation interne assurée, possibilité d'évolution vers chef d'équipe. "
) * 2
MESSAGE = "deadline: La date « 32/13/2027 » n'existe pas : écrivez-la JJ/MM/AAAA, par exemple 31/03/2027."


def _upload(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_ref", "title", "description", "location", "deadline"])
    for n in range(rows):
        writer.writerow([f"REF-{n:06d}", "Soudeur / soudeuse" if n % 3 else "=1+2", DESCRIPTION, "Thiès", "32/13/2027"])
    return out.getvalue().encode("utf-8")


async def _store(url: str, rows: int) -> tuple[str, str, int]:
    """An employer and a finished import with `rows` refused rows; returns (email, import id, report bytes)."""
    from sankofa.core.db.engine import make_engine, make_session_factory, sync_url
    from sankofa.core.db.types import utcnow
    from sankofa.core.security import hash_password
    from sankofa.identity.models import User
    from sankofa.imports import report as vacancy_import_report
    from sankofa.imports.models import ImportStatus, VacancyImport
    from sankofa.organisations.models import MemberRole, Membership, Organisation, OrgStatus

    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    engine = make_engine(url)
    async with make_session_factory(engine)() as session:
        user = User(
            email=email,
            display_name="Bench",
            role="employer",
            password_hash=hash_password(PASSWORD),
            locale="fr",
            email_verified_at=utcnow(),
        )
        org = Organisation(kind="employer", name="Bench SARL", status=OrgStatus.VERIFIED)
        session.add_all([user, org])
        await session.flush()
        assert user.id is not None and org.id is not None
        session.add(Membership(organisation_id=org.id, user_id=user.id, role=MemberRole.OWNER))
        job = VacancyImport(
            organisation_id=org.id,
            content=_upload(rows),
            status=ImportStatus.DONE,
            total_rows=rows,
            processed_rows=rows,
            error_count=rows,
            finished_at=utcnow(),
        )
        session.add(job)
        await session.commit()
        import_id = job.id
    import psycopg

    with (
        psycopg.connect(sync_url(url)) as conn,
        conn.cursor() as cur,
        cur.copy(
            "COPY vacancy_import_error (import_id, row_number, external_ref, field, message, kind) FROM STDIN"
        ) as copy,
    ):
        for n in range(rows):
            copy.write_row((import_id, n + 2, f"REF-{n:06d}", "deadline", MESSAGE[10:], "error"))
    started = time.perf_counter()
    async with make_session_factory(engine)() as session:
        report = await vacancy_import_report.ensure_built(session, import_id=import_id)
    assert report is not None
    print(
        f"report: {report.size / 1e6:.1f} MB in {report.chunks} chunks, built as the worker does in "
        f"{time.perf_counter() - started:.1f} s"
    )
    await engine.dispose()
    return email, str(import_id), report.size


@get("/employer/imports/{import_id:str}/errors-before.csv", guards=[roles(Role.EMPLOYER)])
async def before(
    import_id: FromPath[str], db: NamedDependency[AsyncSession], user: NamedDependency[User | None]
) -> Response[bytes]:
    """The report as the app built it before: every note, the whole file parsed and written, on the loop."""
    assert user is not None
    org = await vacancy_import.employer_of(db, user=user)
    await vacancy_import.get(db, organisation_id=org.id or 0, import_id=import_id)
    job = await db.get(VacancyImport, uuid.UUID(import_id))
    assert job is not None
    result = await db.exec(
        select(VacancyImportError)
        .where(VacancyImportError.import_id == job.id, VacancyImportError.kind == ImportNoteKind.ERROR)
        .order_by(col(VacancyImportError.row_number), col(VacancyImportError.id))
    )
    messages: dict[int, list[str]] = {}
    for note in result.all():
        messages.setdefault(note.row_number, []).append(f"{note.field}: {note.message}")
    content = b"".join(vacancy_import_report.build(job.content, messages))  # parsed and written right here
    return Response(content, media_type="text/csv; charset=utf-8")


def _serve(url: str, port: int) -> None:
    """Child process: the app under uvicorn, plus the old in-request report at `.../errors-before.csv`."""
    import uvicorn

    from sankofa.core.settings import get_settings
    from web.app import create_app

    app = create_app(get_settings(), database_url=url)
    app.register(before)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _measure(
    base: str, email: str, path: str, size: int, seconds: float
) -> tuple[list[float], list[float], list[float]]:
    """(idle samples, samples during three parallel downloads, seconds per download)."""
    health_samples(base, seconds=15)  # warm-up: the app loads its text engine and ranking index in the background
    idle = health_samples(base, n=300)
    stop = threading.Event()
    durations: list[float] = []

    def download() -> None:
        client = logged_in(base, email, PASSWORD)
        while not stop.is_set():
            started = time.perf_counter()
            received = 0
            with client.stream("GET", path) as response:
                assert response.status_code == 200, response.read()[:300]
                for part in response.iter_bytes():
                    received += len(part)
            assert received >= size * 0.99, received
            durations.append(time.perf_counter() - started)
        client.close()

    loaded = probed_under_load([download] * 3, lambda: health_samples(base, seconds=seconds), stop)
    return idle, loaded, durations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=37_000, help="refused rows (37,000 make a ~29 MB report)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to probe during the downloads")
    parser.add_argument("--no-compare", action="store_true", help="skip the old in-request build")
    args = parser.parse_args()
    url, server = database_url()
    from sankofa.core.db import migrate
    from sankofa.reference import loading as reference_data

    migrate.upgrade(url)
    reference_data.ensure_loaded(url)
    email, import_id, size = asyncio.run(_store(url, args.rows))
    try:
        modes = [("stored by the worker, streamed (the app)", "errors.csv")] + (
            [] if args.no_compare else [("built in the request, on the event loop (before)", "errors-before.csv")]
        )
        for name, leaf in modes:
            path = f"/employer/imports/{import_id}/{leaf}"
            with serving(_serve, url) as base:
                idle, loaded, durations = _measure(base, email, path, size, args.seconds)
            print_latencies(
                f"error report {name}",
                idle=idle,
                loaded=loaded,
                load="3 parallel downloads",
                note=f"{len(loaded)} probes; {len(durations)} downloads of {size / 1e6:.1f} MB, "
                f"{statistics.mean(durations) if durations else 0:.1f} s each",
            )
    finally:
        if server is not None:
            from sankofa.core.db import embedded

            embedded.stop(server)


if __name__ == "__main__":
    main()
