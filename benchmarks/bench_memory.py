"""Memory of each web process: Sankofa's and a Litestar hello-world's, served the same way, after warming up.

Both are served by uvicorn with the same options and worker count (`sankofa web --workers N`; uvicorn spawns its
workers), as benchmarks/bench_load.py serves them. Each Sankofa worker loads the text engine, the place index and
the ranking index at start-up; the script waits until every worker's memory has settled, sends a few requests
that use the engine (autocomplete, occupation linking, job search), and then reads /proc/<pid>/smaps_rollup:

- RSS: resident pages, shared ones included (what `ps` shows; it counts a page shared by N processes N times);
- PSS: resident pages, each shared page divided among the processes that map it (the processes' PSS add up to
  what they hold together);
- USS: the process's private pages (what stopping it would give back): the cost of one more worker.

Without `--database`, a scratch database with the reference data is made (and dropped at the end).

    .venv/bin/python benchmarks/bench_memory.py [--workers 2] [--preload] [--rounds 4] [--database NAME]

With `--preload`, Sankofa is served as `sankofa web --preload` serves it: the app and the engine are loaded once
and the workers are forked from that process (src/sankofa/prefork.py); its supervisor then holds them too.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_load import _free_port, _serve, _tree, _wait, running, scratch_database  # noqa: E402

WARM_UP = (
    "/api/v1/skills?q=soudure",
    "/api/v1/occupations?q=mecanicien",
    "/api/v1/places?q=dakar",
    "/jobs?q=soudeur",
    "/suggest/skills?q=gestion%20de%20proj",
)


@dataclass
class Memory:
    """One process's memory in MB, from /proc/<pid>/smaps_rollup."""

    pid: int
    role: str
    rss: float
    pss: float
    uss: float


def memory(pid: int, role: str = "") -> Memory:
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])  # kB
    uss = fields["Private_Clean"] + fields["Private_Dirty"]
    return Memory(pid, role, fields["Rss"] / 1024, fields["Pss"] / 1024, uss / 1024)


def _settle(pids: list[int], *, seconds: float = 180, quiet: float = 4.0) -> None:
    """Wait until no process's RSS has grown by more than 1 MB for `quiet` seconds (start-up loads are done)."""
    deadline, last, since = time.monotonic() + seconds, [0.0] * len(pids), time.monotonic()
    while time.monotonic() < deadline:
        now = [memory(pid).rss for pid in pids]
        if any(n > before + 1 for n, before in zip(now, last, strict=True)):
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.5)


def _warm(base: str, *, workers: int, rounds: int) -> None:
    """Each request `rounds` times per worker: the workers share the socket, so each gets some of them."""
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(rounds * workers):
            for path in WARM_UP:
                client.get(path)


def role_of(pid: int, root: int) -> str:
    """supervisor, worker, or multiprocessing's resource tracker (started with the workers)."""
    if pid == root:
        return "supervisor"
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    return "tracker" if b"resource_tracker" in command else "worker"


def _report(label: str, processes: list[Memory], baseline: Memory | None) -> None:
    for process in processes:
        ratio = f"{process.uss / baseline.uss:8.1f}" if baseline and process.role == "worker" else f"{'':8}"
        print(
            f"{label:12} {process.role:10} {process.pid:>7} "
            f"{process.rss:9.0f} {process.pss:9.0f} {process.uss:9.0f} {ratio}"
        )


def _preforked(*, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The web app as `sankofa web --preload` serves it (src/sankofa/prefork.py), in a child process."""
    code = "from sankofa import prefork; "
    code += f"prefork.serve('web.asgi:app', host='127.0.0.1', port={port}, workers={workers})"
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="warm-up requests of each kind per worker")
    parser.add_argument("--preload", action="store_true", help="serve Sankofa as `sankofa web --preload` does")
    parser.add_argument("--database", help="an existing, migrated database (e.g. kept by bench_search.py --keep)")
    args = parser.parse_args()
    with scratch_database("bench_memory", existing=args.database) as (url, _), running() as servers:
        env = {**os.environ, "SANKOFA_DATABASE_URL": url, "SANKOFA_BASE_URL": "http://127.0.0.1"}
        hello_port, app_port = _free_port(), _free_port()
        servers.append(_serve("hello_world:app", port=hello_port, workers=args.workers, env=env))
        if args.preload:
            servers.append(_preforked(port=app_port, workers=args.workers, env=env))
        else:
            servers.append(_serve("web.asgi:app", port=app_port, workers=args.workers, env=env))
        hello, app = f"http://127.0.0.1:{hello_port}", f"http://127.0.0.1:{app_port}"
        _wait(hello + "/")
        _wait(app + "/health/ready")
        trees = {"hello-world": _tree(servers[0].pid), "sankofa": _tree(servers[1].pid)}
        _settle(trees["sankofa"])
        _warm(app, workers=args.workers, rounds=args.rounds)
        _warm(hello, workers=args.workers, rounds=args.rounds)
        _settle(trees["sankofa"], quiet=2.0)
        found = {label: [memory(pid, role_of(pid, pids[0])) for pid in pids] for label, pids in trees.items()}
        baseline = next((p for p in found["hello-world"] if p.role == "worker"), None)
        served = "forked from a preloaded parent" if args.preload else "spawned by uvicorn"
        print(
            f"uvicorn, {args.workers} workers each (Sankofa's {served}), after start-up and "
            f"{len(WARM_UP)} warm-up requests × {args.rounds} per worker"
        )
        print(f"{'server':12} {'process':10} {'pid':>7} {'RSS MB':>9} {'PSS MB':>9} {'USS MB':>9} {'USS × hello':>8}")
        for label, processes in found.items():
            _report(label, processes, baseline)
        workers = [p for p in found["sankofa"] if p.role == "worker"]
        if workers:
            print(
                f"sankofa workers together: RSS {sum(w.rss for w in workers):.0f} MB, "
                f"PSS {sum(w.pss for w in workers):.0f} MB, USS {sum(w.uss for w in workers):.0f} MB; "
                f"one more worker costs about its USS, {max(w.uss for w in workers):.0f} MB"
            )


if __name__ == "__main__":
    main()
