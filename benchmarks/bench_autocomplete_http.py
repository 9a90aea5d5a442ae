"""Autocomplete latency through HTTP: /api/v1/skills, /api/v1/occupations and /api/v1/places.

Serves the real app with uvicorn on a free port (database: SANKOFA_DATABASE_URL, or an embedded PostgreSQL under
var/bench) and times queries typed the way people type them (prefixes, missing accents, typos), one at a time, after
a warm-up. The baseline measured in the same run is `/health/live` (the cost of a request that does no work).

    .venv/bin/python benchmarks/bench_autocomplete_http.py [--queries 600]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "soud",
    "soudure",
    "soduer",
    "mecanic",
    "mécanicien auto",
    "electricit",
    "electricien batiment",
    "macon",
    "maçonnerie",
    "cuisin",
    "cuisinier",
    "comptab",
    "comptabilite",
    "plomb",
    "plombier",
    "couture",
    "coiffure",
    "chauffeur",
    "chaufeur poids lourd",
    "informatique",
    "develop",
    "développeur web",
    "aide soign",
    "infirmi",
    "agricult",
    "elevage",
    "vente",
    "commercial",
    "logistiq",
    "magasinier",
    "menuis",
    "menuisier",
    "peinture",
    "carrel",
    "welding",
    "weld",
    "cook",
    "accounting",
    "driver",
    "nurse",
    "tailor",
    "farming",
    "Dakar",
    "Thies",
    "Bamako",
    "Ouagadougu",
    "Casablanca",
    "Tunis",
    "Conakri",
    "Abidjan",
    "Kaolack",
    "Saint Louis",
    "Agadir",
]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def database_url() -> tuple[str, object | None]:
    """SANKOFA_DATABASE_URL, or an embedded PostgreSQL under var/bench (and its server, to stop at the end)."""
    url = os.environ.get("SANKOFA_DATABASE_URL")
    if url:
        return url, None
    from sankofa.core.db import embedded

    server, url = embedded.start(ROOT / "var" / "bench")
    return url, server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=600)
    args = parser.parse_args()
    url, server = database_url()
    from sankofa.core.db import migrate
    from sankofa.core.settings import get_settings
    from sankofa.reference import loading as reference_data
    from web.app import create_app

    migrate.upgrade(url)
    reference_data.ensure_loaded(url)
    app = create_app(get_settings(), database_url=url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=uv.run, daemon=True).start()
    while not uv.started:
        time.sleep(0.05)
    rng = random.Random(7)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for kind in ("skills", "occupations", "places"):  # warm-up: the engine loads in the background
                client.get(f"/api/v1/{kind}", params={"q": "warm"})
            floor: list[float] = []
            for _ in range(args.queries):
                started = time.perf_counter()
                client.get("/health/live")
                floor.append((time.perf_counter() - started) * 1000)
            floor_p50, floor_p95 = _percentiles(floor)
            print(f"baseline /health/live        p50 {floor_p50:6.2f} ms   p95 {floor_p95:6.2f} ms")
            for kind in ("skills", "occupations", "places"):
                samples: list[float] = []
                for _ in range(args.queries):
                    q = rng.choice(WORDS)
                    started = time.perf_counter()
                    response = client.get(f"/api/v1/{kind}", params={"q": q, "lang": "fr", "k": 10})
                    samples.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
                p50, p95 = _percentiles(samples)
                print(
                    f"/api/v1/{kind:<12}          p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   "
                    f"(p95 = {p95 / floor_p95:.1f} x baseline; target p95 <= 30 ms)"
                )
    finally:
        uv.should_exit = True
        time.sleep(0.5)
        if server is not None:
            from sankofa.core.db import embedded

            embedded.stop(server)


if __name__ == "__main__":
    main()
