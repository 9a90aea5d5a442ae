"""Does the event loop keep answering while CVs are analysed? `/health/live` latency idle vs under CV analysis.

Serves the real app with uvicorn in a child process (database: SANKOFA_DATABASE_URL, or an embedded PostgreSQL
under var/bench), logs in a returnee, then measures `/health/live` one request at a time:
1. idle (the baseline, same process, same run);
2. while ten 50,000-character CVs are analysed at once, again and again (`POST /api/v1/profile/analyse`), with the
   analysis in worker threads as the app runs it;
3. the same, with the analysis forced back onto the event loop (`--compare`, what the app did before), to show
   what the threads buy.

    .venv/bin/python benchmarks/bench_event_loop.py [--requests 300] [--compare]
"""

from __future__ import annotations

import argparse
import functools
import multiprocessing
import re
import socket
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from bench_autocomplete_http import database_url  # the scripts' folder is on sys.path

PASSWORD = "bench-password-2026"
SENTENCES = [
    "J'ai travaillé six ans comme soudeur TIG et MIG sur des chantiers navals à Gênes.",
    "Je lisais les plans, je préparais les pièces et je contrôlais la qualité des soudures.",
    "Ensuite chef d'équipe : planning, sécurité du chantier, formation des apprentis.",
    "I also drove forklifts in a warehouse, loaded and unloaded trucks and kept the stock records.",
    "Permis B, CACES 3, sauveteur secouriste du travail ; italien courant, anglais intermédiaire.",
    "Entretien des machines, réparation des moteurs, vidange et changement des freins.",
]


def _cv(n_chars: int, seed: int) -> str:
    parts: list[str] = []
    i = seed
    while sum(len(p) + 1 for p in parts) < n_chars - 120:
        parts.append(f"{SENTENCES[i % len(SENTENCES)]} ({i})")
        i += 1
    return " ".join(parts)[:n_chars]


def _serve(url: str, on_loop: bool, port: int) -> None:
    """Child process: the app under uvicorn; with `on_loop`, CPU work runs on the loop (the old behaviour)."""
    import uvicorn

    from sankofa.core import cpu
    from sankofa.core.settings import get_settings
    from web.app import create_app

    if on_loop:

        async def run_here(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
            return fn(*args, **kwargs)

        cpu.run = run_here  # type: ignore[assignment]
    app = create_app(get_settings(), database_url=url)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.99 * (len(ordered) - 1))]


def print_latencies(title: str, *, idle: list[float], loaded: list[float], load: str, note: str) -> None:
    """Print `/health/live` p50/p99 idle and under `load`, with the p99 ratio and `note`."""
    idle_p50, idle_p99 = percentiles(idle)
    p50, p99 = percentiles(loaded)
    width = len(load) + 15
    print(f"{title}:")
    print(f"  {'/health/live idle':<{width}} p50 {idle_p50:8.2f} ms   p99 {idle_p99:8.2f} ms")
    print(
        f"  {'/health/live, ' + load:<{width}} p50 {p50:8.2f} ms   p99 {p99:8.2f} ms"
        f"   (p99 = {p99 / idle_p99:.1f} x idle; {note})"
    )


def _make_returnee(url: str) -> str:
    import psycopg

    from sankofa.core.db.engine import sync_url
    from sankofa.core.security import hash_password

    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    with psycopg.connect(sync_url(url), autocommit=True) as conn:
        conn.execute(
            'INSERT INTO "user" (email, display_name, role, password_hash, locale, email_verified_at, created_at)'
            " VALUES (%s, 'Bench', 'returnee', %s, 'fr', now(), now())",
            (email, hash_password(PASSWORD)),
        )
    return email


def logged_in(base: str, email: str, password: str = PASSWORD) -> httpx.Client:
    """A client with the session of `email` (logged in through the login form)."""
    client = httpx.Client(base_url=base, timeout=300)
    page = client.get("/login").text
    token = re.search(r'name="_csrf" value="([^"]+)"', page)
    assert token
    response = client.post("/login", data={"email": email, "password": password, "_csrf": token.group(1)})
    assert response.status_code == 303, response.text[:300]
    return client


def _logged_in(base: str, email: str) -> tuple[httpx.Client, str]:
    client = logged_in(base, email)
    page = client.get("/profile").text
    header = re.search(r'"X-CSRF-Token": "([^"]+)"', page)
    assert header
    return client, header.group(1)


def health_samples(base: str, *, n: int | None = None, seconds: float | None = None) -> list[float]:
    """`/health/live` latencies in ms, one request at a time: `n` of them, or as many as fit in `seconds`."""
    samples: list[float] = []
    until = time.monotonic() + (seconds or 0)
    with httpx.Client(base_url=base, timeout=300) as client:
        while (n is not None and len(samples) < n) or (seconds is not None and time.monotonic() < until):
            started = time.perf_counter()
            assert client.get("/health/live").status_code == 200
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def probed_under_load(
    workers: list[Callable[[], None]], probe: Callable[[], list[float]], stop: threading.Event
) -> list[float]:
    """Start each worker in a thread, run `probe` once they are under way, then set `stop` and wait for them."""
    threads = [threading.Thread(target=work, daemon=True) for work in workers]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every worker under way
    samples = probe()
    stop.set()
    for thread in threads:
        thread.join()
    return samples


def _measure(base: str, email: str, requests: int) -> tuple[list[float], list[float], int]:
    """(idle samples, samples under load, CVs analysed meanwhile)."""
    health_samples(base, n=30)  # warm-up
    idle = health_samples(base, n=requests)
    stop = threading.Event()
    done = [0]
    client, token = _logged_in(base, email)
    client.post("/api/v1/profile/analyse", json={"text": _cv(2_000, 0)}, headers={"X-CSRF-Token": token})

    def analyse(seed: int) -> None:
        while not stop.is_set():
            response = client.post(
                "/api/v1/profile/analyse", json={"text": _cv(50_000, seed)}, headers={"X-CSRF-Token": token}
            )
            assert response.status_code == 200, response.text[:300]
            done[0] += 1

    workers = [functools.partial(analyse, seed) for seed in range(10)]
    loaded = probed_under_load(workers, lambda: health_samples(base, n=requests), stop)
    client.close()
    return idle, loaded, done[0]


@contextmanager
def serving(target: Callable[..., None], *args: object) -> Iterator[str]:
    """Run `target(*args, port)` in a spawned child process (the app under uvicorn); yields its base URL once ready."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    child = multiprocessing.get_context("spawn").Process(target=target, args=(*args, port), daemon=True)
    child.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/health/ready", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.3)
    try:
        yield base
    finally:
        child.terminate()
        child.join(10)


def _run(url: str, email: str, *, on_loop: bool, requests: int) -> tuple[list[float], list[float], int]:
    with serving(_serve, url, on_loop) as base:
        return _measure(base, email, requests)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--compare", action="store_true", help="also run with the analysis on the event loop")
    args = parser.parse_args()
    url, server = database_url()
    from sankofa.core.db import migrate
    from sankofa.reference import loading as reference_data

    migrate.upgrade(url)
    reference_data.ensure_loaded(url)
    email = _make_returnee(url)
    try:
        modes = [("in worker threads (the app)", False)] + (
            [("on the event loop (before)", True)] if args.compare else []
        )
        for name, on_loop in modes:
            idle, loaded, analysed = _run(url, email, on_loop=on_loop, requests=args.requests)
            print_latencies(
                f"analysis {name}",
                idle=idle,
                loaded=loaded,
                load="10 CVs in analysis",
                note=f"{analysed} CVs of 50,000 characters analysed meanwhile",
            )
    finally:
        if server is not None:
            from sankofa.core.db import embedded

            embedded.stop(server)


if __name__ == "__main__":
    main()
