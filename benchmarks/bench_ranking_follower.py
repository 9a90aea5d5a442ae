"""How long a ranking request waits while the follower applies a batch of 5,000 vacancy records.

The web process's `LiveIndex` is changed by its follower thread; requests rank on the event loop's side. This
prints how long the batch takes to apply, the latency of rankings issued while it is being applied, and the
event loop's worst lag (a 10 ms ticker) over the same time. No database: the records are made up from ESCO.

    python benchmarks/bench_ranking_follower.py [--batch 5000] [--base 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import inspect
import statistics
import threading
import time
from datetime import UTC, datetime
from typing import Any

from sankofa.ranking.index import LiveIndex, StoredItem
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary

PLACES = [(14.69, -17.44, "SN.01"), (14.79, -16.93, "SN.07"), (12.58, -16.27, "SN.12"), (16.02, -16.49, "SN.14")]


def _records(count: int, *, start: int) -> list[StoredItem]:
    """`count` vacancies for real occupations, with their essential skills, in four Senegalese regions."""
    taxonomy = vocabulary.engine().taxonomy
    occupations = [o for o in taxonomy.occupations if taxonomy.occupation_skills.get(o.uri)]
    published = datetime.now(UTC).isoformat()
    items = []
    for n in range(count):
        occupation = occupations[(start + n) % len(occupations)]
        skills = [uri for uri, relation in taxonomy.occupation_skills[occupation.uri] if relation == "essential"][:8]
        lat, lon, region = PLACES[n % len(PLACES)]
        record = {
            "id": str(start + n),
            "title": occupation.label_fr,
            "occupation": occupation.uri,
            "required_skills": skills,
            "location": {"lat": lat, "lon": lon, "region": region, "country": "SN"},
            "published_at": published,
        }
        items.append(StoredItem(ItemKind.VACANCY, start + n, start + n, True, record))
    return items


async def _rank(live: LiveIndex, query: dict[str, Any]) -> float:
    started = time.perf_counter()
    if inspect.iscoroutinefunction(live.jobs_for):
        await live.jobs_for(query, k=20)
    else:  # an index whose ranking runs on the caller's thread (the event loop)
        live.jobs_for(query, k=20)
    return time.perf_counter() - started


async def main(batch: int, base: int) -> None:
    live = LiveIndex()
    await asyncio.to_thread(live.build, _records(base, start=1), None)
    gc.freeze()  # as the follower does after its first build
    welder = next(o for o in vocabulary.engine().taxonomy.occupations if o.label_en == "welder")
    query = {
        "id": "p",
        "occupations": [welder.uri],
        "skills": [u for u, r in vocabulary.engine().taxonomy.occupation_skills[welder.uri] if r == "essential"][:5],
        "location": {"lat": 14.69, "lon": -17.44, "region": "SN.01", "country": "SN"},
    }
    idle = [await _rank(live, query) for _ in range(20)]
    items = _records(batch, start=base + 1)
    applied = threading.Event()
    started = time.perf_counter()

    def apply() -> None:
        live.apply(items)
        applied.set()

    threading.Thread(target=apply, daemon=True).start()
    lags: list[float] = []
    latencies: list[float] = []

    async def ticker() -> None:
        while not applied.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - before - 0.01)

    async def requests() -> None:
        while not applied.is_set():
            latencies.append(await _rank(live, query))
            await asyncio.sleep(0.02)

    await asyncio.gather(ticker(), requests())
    took = time.perf_counter() - started
    print(f"index of {base:,} vacancies; batch of {batch:,} records applied in {took:.2f} s")
    print(f"ranking (top 20) idle:            p50 {statistics.median(idle) * 1000:7.1f} ms")
    if latencies:
        print(
            f"ranking during the batch ({len(latencies):>3}):  p50 {statistics.median(latencies) * 1000:7.1f} ms"
            f"   max {max(latencies) * 1000:7.1f} ms"
            f"   (p50 = {statistics.median(latencies) / statistics.median(idle):.1f} x idle;"
            f" max = {max(latencies) / took:.2f} x the batch)"
        )
    print(f"event loop lag during the batch:  max {max(lags, default=0) * 1000:7.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--base", type=int, default=20_000)
    args = parser.parse_args()
    asyncio.run(main(args.batch, args.base))
