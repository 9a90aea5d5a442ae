"""Importing a generated 100,000-row vacancy CSV through the real import service, then uploading it again.

Generates a realistic file (French and English titles drawn from ESCO occupation labels, skills as ESCO labels and
URIs, places, salaries, dates, 1% broken rows), creates a scratch database on the PostgreSQL server
(SANKOFA_DATABASE_URL's server, else 127.0.0.1:5432, else an embedded one under var/bench), migrates it, loads the
reference data, and times `vacancy_import_run.run` as the worker runs it. The baseline, measured in the same process,
reads the same file with csv.DictReader and COPYs the same number of bare rows into a table: the floor of "read the
file and store the rows". The re-upload of the same file is timed too (every row unchanged), and the load average
printed: other processes on the machine slow every figure. The scratch database is dropped at the end.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import random
import re
import socket
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = (
    "external_ref",
    "title",
    "description",
    "required_skills",
    "optional_skills",
    "languages",
    "location",
    "work_mode",
    "contract_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "positions",
    "start_date",
    "deadline",
    "open_to_abroad",
)
PLACES = ("Dakar", "Thiès", "Saint-Louis", "Kaolack", "Ziguinchor", "Bamako", "Kayes", "Sikasso", "Abidjan", "Bouaké",
          "Conakry", "Kankan", "Ouagadougou", "Bobo-Dioulasso", "Niamey", "Casablanca", "Agadir", "Tanger", "Tunis",
          "Sfax", "Sénégal", "Mali", "Région de Dakar")  # fmt: skip
SENTENCES = (
    "Entreprise locale en croissance, équipe soudée.",
    "Formation assurée à la prise de poste.",
    "Growing firm, friendly team, training on the job.",
    "Contrat renouvelable, horaires de jour.",
    "Day shifts, transport allowance.",
)
BREAKERS = (
    ("deadline", "32/13/2027"),
    ("salary_min", "-5000"),
    ("external_ref", ""),
    ("location", "Xqzwvv Ploumf"),
    ("salary_currency", "ZZZ"),
)


def _server_url() -> tuple[str, object | None]:
    given = os.environ.get("SANKOFA_DATABASE_URL")
    if given:
        return re.sub(r"/[^/?]+(\?|$)", r"/postgres\1", given, count=1), None
    with socket.socket() as sock:
        sock.settimeout(0.5)
        if sock.connect_ex(("127.0.0.1", 5432)) == 0:
            return "postgresql://postgres@127.0.0.1:5432/postgres", None
    from sankofa.core.db import embedded

    server, url = embedded.start(ROOT / "var" / "bench")
    return url.replace("/sankofa?", "/postgres?"), server


def generate(rows: int, *, seed: int = 7) -> tuple[bytes, int]:
    """The CSV and how many rows were broken on purpose (1%)."""
    from sankofa.reference import vocabulary

    taxonomy = vocabulary.engine().taxonomy
    rng = random.Random(seed)
    occupations = rng.sample(list(taxonomy.occupations), 1500)
    skills = rng.sample(list(taxonomy.skills), 600)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    broken = 0
    for n in range(rows):
        lang = "fr" if rng.random() < 0.7 else "en"
        occupation = rng.choice(occupations)
        picked = rng.sample(skills, 3)
        # Skills as the firm writes them: a label in the row's language, or the URI its HR system exports.
        required = [s.uri if rng.random() < 0.3 else s.label(lang) for s in picked[:2]]
        salary = rng.randrange(80, 900) * 1000
        row = {
            "external_ref": f"HR-{n:06d}",
            "title": occupation.label(lang),
            "description": " ".join(rng.sample(SENTENCES, 2)),
            "required_skills": "; ".join(required),
            "optional_skills": picked[2].uri,
            "languages": "fr; wo" if lang == "fr" else "en; fr",
            "location": rng.choice(PLACES),
            "work_mode": rng.choice(("on_site", "on_site", "hybrid", "remote")),
            "contract_type": rng.choice(("permanent", "fixed_term", "")),
            "salary_min": str(salary),
            "salary_max": str(salary + rng.randrange(0, 200) * 1000),
            "salary_currency": rng.choice(("XOF", "XOF", "MAD", "EUR")),
            "positions": str(rng.randrange(1, 5)),
            "start_date": f"2027-{rng.randrange(1, 13):02d}-01",
            "deadline": f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/2027",
            "open_to_abroad": rng.choice(("oui", "non", "yes", "no")),
        }
        if n % 100 == 99:
            column, value = BREAKERS[(n // 100) % len(BREAKERS)]
            row[column] = value
            broken += 1
        writer.writerow([row[c] for c in COLUMNS])
    return out.getvalue().encode("utf-8"), broken


async def _baseline(url: str, content: bytes) -> float:
    """csv.DictReader over the same bytes, then one COPY of as many bare rows: the floor."""
    import asyncpg

    from sankofa.core.db.engine import sync_url

    started = time.perf_counter()
    records = [(row["external_ref"], row["title"], row["description"]) for row in csv.DictReader(
        io.StringIO(content.decode("utf-8")))]  # fmt: skip
    connection = await asyncpg.connect(sync_url(url))
    try:
        await connection.execute("CREATE TEMP TABLE bare (ref text, title text, description text)")
        await connection.copy_records_to_table("bare", records=records)
    finally:
        await connection.close()
    return time.perf_counter() - started


async def _run(url: str, content: bytes) -> list[tuple[str, float, object]]:
    from sankofa.core.db.engine import make_engine, make_session_factory
    from sankofa.identity.models import User
    from sankofa.imports import run as vacancy_import_run
    from sankofa.imports import uploads as vacancy_import
    from sankofa.organisations.models import MemberRole, Membership, Organisation, OrgStatus

    engine = make_engine(url, pool_size=2)
    factory = make_session_factory(engine)
    async with factory() as db:
        user = User(email="bench@import.example", display_name="Bench", role="employer", locale="fr")
        org = Organisation(kind="employer", name="Bench SA", status=OrgStatus.VERIFIED)
        db.add_all([user, org])
        await db.flush()
        assert org.id is not None and user.id is not None
        db.add(Membership(organisation_id=org.id, user_id=user.id, role=MemberRole.OWNER))
        await db.commit()
        results = []
        for label in ("first upload", "re-upload (same file)"):
            job = await vacancy_import.create(
                db, user=user, filename="bench.csv", content=content, publish=True, locale="fr", max_bytes=len(content)
            )
            started = time.perf_counter()
            await vacancy_import_run.run(db, import_id=job.id)
            seconds = time.perf_counter() - started
            await db.refresh(job)
            results.append((label, seconds, job))
    await engine.dispose()
    return results


def _load(averages: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in averages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    from sankofa.core.db import migrate
    from sankofa.reference import loading as reference_data
    from sankofa.reference import vocabulary

    started = time.perf_counter()
    vocabulary.warm_up()
    content, broken = generate(args.rows)
    print(f"generated {args.rows:,} rows ({len(content) / 1e6:.1f} MB, {broken} broken) in "
          f"{time.perf_counter() - started:.1f} s (text engine loaded once, as in a worker)")  # fmt: skip
    server_url, server = _server_url()
    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = re.sub(r"/postgres(\?|$)", rf"/{name}\1", server_url)
    try:
        migrate.upgrade(url)
        reference_data.load_all(url)
        load_before = os.getloadavg()
        baseline = asyncio.run(_baseline(url, content))
        results = asyncio.run(_run(url, content))
        load_after = os.getloadavg()
        for label, seconds, job in results:
            print(
                f"{label:<22} {job.total_rows:>7,} rows  {seconds:7.1f} s  {job.total_rows / seconds:8,.0f} rows/s  "
                f"created {job.created_count:,} updated {job.updated_count:,} unchanged {job.unchanged_count:,} "
                f"errors {job.error_count:,}  ({seconds / baseline:.0f} x baseline)"
            )
        print(f"baseline (DictReader + one COPY of bare rows)  {baseline:6.2f} s  {args.rows / baseline:,.0f} rows/s")
        # Two cores: a load well above 2 means other processes shared the machine, and the figures are slower.
        print(f"load average before {_load(load_before)}, after {_load(load_after)} ({os.cpu_count()} cores)")
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if server is not None:
            from sankofa.core.db import embedded

            embedded.stop(server)


if __name__ == "__main__":
    main()
