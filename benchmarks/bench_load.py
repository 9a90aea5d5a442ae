"""Throughput under concurrent load: Sankofa and a Litestar hello-world, served the same way, driven by wrk.

Both are served by uvicorn with the same options and worker count (`sankofa web --workers N`, and the same
`uvicorn.run` call for benchmarks/hello_world.py), on 127.0.0.1. wrk (Debian: `apt-get install wrk`) holds
`--connections` open for `--seconds` on each target after a short warm-up, one target at a time. Without
`--database`, a scratch database with `--vacancies` published vacancies is built as bench_search.py builds it (and
dropped at the end); `--database NAME` reuses one (e.g. left by `bench_search.py --keep`). The returnee
bench@example.org signs in for /recommendations.

    .venv/bin/python benchmarks/bench_load.py [--vacancies 200000] [--database NAME] [--workers 2]
                                              [--connections 64] [--seconds 20]

Prints, per target: requests/s, p50 and p99 latency, errors (socket errors and answers other than 2xx/3xx) and
throughput as a ratio to the hello-world's, measured in the same run; then the resident memory of each server
process (`ps`-style VmRSS from /proc).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_search import PASSWORD, _server, load, queries  # noqa: E402


@dataclass
class Result:
    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(target: str, *, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """uvicorn.run exactly as `sankofa web` calls it (see src/sankofa/cli.py cmd_web), in a child process."""
    code = (
        "import sys, uvicorn; sys.path.insert(0, 'benchmarks'); "
        f"uvicorn.run({target!r}, host='127.0.0.1', port={port}, workers={workers}, proxy_headers=False, "
        "log_level='info')"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def _mix_script(count: int) -> Path:
    """A wrk script that cycles through `count` anonymous searches of bench_search.py's mix (API and page)."""
    from urllib.parse import urlencode

    rng = random.Random(7)
    paths = [
        ("/api/v1/jobs?" if n % 2 else "/jobs?") + urlencode(params)
        for n, (label, params) in enumerate(queries(rng, count))
        if "fit" not in label
    ]
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    quoted = ",\n".join('"' + path.replace('"', '\\"') + '"' for path in paths)
    script.write_text(
        f"paths = {{\n{quoted}\n}}\ni = 0\n"
        "request = function()\n  i = (i % #paths) + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    return script


def _wrk(
    name: str, url: str, *, connections: int, seconds: int, cookie: str | None, script: Path | None = None
) -> Result:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    lua = ["-s", str(script)] if script else []
    base = ["wrk", "-t2", f"-c{connections}", "--timeout", "10s", "--latency", *headers, *lua]
    subprocess.run([*base, "-d3s", url], check=True, capture_output=True)  # warm-up, not reported
    out = subprocess.run([*base, f"-d{seconds}s", url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(match.group(1))
    return Result(name, rate, p50, p99, total, errors)


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (uvicorn's supervisor and its workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _warm(base: str, *, seconds: float = 240) -> None:
    """Until every worker has loaded the text engine: parallel autocomplete and search requests until all are fast.

    Each worker loads the engine (and the ranking index) in the background after it starts; measuring before that
    would time the loading, not the serving.
    """
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/v1/occupations?q=soudeur", "/jobs?q=soudeur", "/api/v1/jobs?q=mecanicien"] * 4
    deadline = time.monotonic() + seconds
    fast_rounds = 0
    with httpx.Client(base_url=base, timeout=60) as client, ThreadPoolExecutor(len(paths)) as pool:

        def timed(path: str) -> float:
            started = time.perf_counter()
            client.get(path)
            return time.perf_counter() - started

        while time.monotonic() < deadline and fast_rounds < 3:
            slowest = max(pool.map(timed, paths))
            fast_rounds = fast_rounds + 1 if slowest < 0.5 else 0


@contextlib.contextmanager
def scratch_database(prefix: str, *, existing: str | None, vacancies: int = 0) -> Iterator[tuple[str, str]]:
    """(URL, name) of `existing`, or of a new migrated database with the reference data and `vacancies` published
    vacancies (as bench_search.py loads them), dropped at the end; on an embedded server when none listens."""
    from tests.conftest import url_for_database

    server_url, embedded_server = _server()
    name = existing or f"{prefix}_{uuid.uuid4().hex[:8]}"
    url = url_for_database(server_url, name)
    try:
        if not existing:
            from sankofa.core.db import migrate
            from sankofa.reference import loading as reference_data

            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            migrate.upgrade(url)
            reference_data.load_all(url)
            if vacancies:
                load(url, count=vacancies)
        yield url, name
    finally:
        if not existing:
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if embedded_server is not None:
            from sankofa.core.db import embedded

            embedded.stop(embedded_server)


@contextlib.contextmanager
def running() -> Iterator[list[subprocess.Popen[bytes]]]:
    """A list to put server processes in; each is terminated (killed after 15 s) at the end."""
    servers: list[subprocess.Popen[bytes]] = []
    try:
        yield servers
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def _sign_in(base: str) -> str:
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login")
        token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        answer = client.post("/login", data={"_csrf": token, "email": "bench@example.org", "password": PASSWORD})
        assert answer.status_code in (302, 303), answer.status_code
        return f"sk_session={client.cookies['sk_session']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vacancies", type=int, default=200_000)
    parser.add_argument("--database", help="an existing database (e.g. kept by bench_search.py --keep)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench_load: wrk is not installed (Debian: apt-get install wrk); nothing measured")
        return
    with (
        scratch_database("bench_load", existing=args.database, vacancies=args.vacancies) as (url, name),
        running() as servers,
    ):
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT public_id FROM vacancy WHERE status = 'published' LIMIT 1").fetchone()
            assert row is not None, "no published vacancy in the database"
            job = row[0]
        env = {**os.environ, "SANKOFA_DATABASE_URL": url, "SANKOFA_BASE_URL": "http://127.0.0.1"}
        hello_port, app_port, cold_port = _free_port(), _free_port(), _free_port()
        servers.append(_serve("hello_world:app", port=hello_port, workers=args.workers, env=env))
        servers.append(_serve("web.asgi:app", port=app_port, workers=args.workers, env=env))
        # The same app with the cache of anonymous searches off: what each search costs the database.
        cold_env = {**env, "SANKOFA_SEARCH_CACHE_ENTRIES": "0"}
        servers.append(_serve("web.asgi:app", port=cold_port, workers=args.workers, env=cold_env))
        hello, app = f"http://127.0.0.1:{hello_port}", f"http://127.0.0.1:{app_port}"
        cold = f"http://127.0.0.1:{cold_port}"
        _wait(hello + "/")
        _wait(app + "/health/ready")
        _wait(cold + "/health/ready")
        for server in (app, cold):
            _warm(server)
        mix = _mix_script(300)
        cookie = _sign_in(app)
        idle = {
            "hello-world": _tree(servers[0].pid),
            "sankofa": _tree(servers[1].pid),
            "sankofa, no cache": _tree(servers[2].pid),
        }
        memory_idle = {label: [_rss_mb(pid) for pid in pids] for label, pids in idle.items()}
        targets = [
            ("hello-world (framework ceiling)", hello + "/", None, None),
            ("/health/live", app + "/health/live", None, None),
            ("/jobs?q=soudeur (HTML)", app + "/jobs?q=soudeur", None, None),
            ("/api/v1/jobs?q=mecanicien", app + "/api/v1/jobs?q=mecanicien", None, None),
            ("270 searches in turn", app + "/", None, mix),
            ("/jobs?q=soudeur, no cache", cold + "/jobs?q=soudeur", None, None),
            ("/api/v1/jobs?q=mecanicien, no cache", cold + "/api/v1/jobs?q=mecanicien", None, None),
            ("270 searches in turn, no cache", cold + "/", None, mix),
            ("/jobs?q=soudeur signed in", app + "/jobs?q=soudeur", cookie, None),
            ("/jobs/{id} (a job page)", f"{app}/jobs/{job}", None, None),
            ("/recommendations (signed in)", app + "/recommendations", cookie, None),
        ]
        print(
            f"{args.connections} connections, {args.seconds} s per target, {args.workers} uvicorn workers each, "
            f"wrk -t2 on 127.0.0.1, database {name}"
        )
        results = [
            _wrk(n, u, connections=args.connections, seconds=args.seconds, cookie=c, script=script)
            for n, u, c, script in targets
        ]
        ceiling = results[0].requests_per_s
        print(f"{'request':38} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>8} {'× hello':>8}")
        for r in results:
            print(
                f"{r.name:38} {r.requests_per_s:9.1f} {r.p50_ms:9.1f} {r.p99_ms:9.1f} "
                f"{r.errors:8d} {r.requests_per_s / ceiling:8.3f}"
            )
        for label, pids in idle.items():
            now = [f"{_rss_mb(pid):.0f}" for pid in pids if Path(f"/proc/{pid}").exists()]
            before = ", ".join(f"{mb:.0f}" for mb in memory_idle[label])
            print(f"resident MB, {label} (supervisor, workers): idle {before}; after the load {', '.join(now)}")


if __name__ == "__main__":
    main()
