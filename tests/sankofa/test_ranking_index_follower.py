"""The live ranking index never makes a request wait: changes are built aside and swapped in, ranking runs in a
worker thread, so the event loop serves other requests meanwhile.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

import anyio
import pytest

from sankofa.ranking import index as ranking_index
from sankofa.ranking.index import LiveIndex, StoredItem
from sankofa.ranking.models import ItemKind
from sankofa.reference import vocabulary

DAKAR = {"lat": 14.69, "lon": -17.44, "region": "SN.01", "country": "SN"}
BATCH = 5_000


@pytest.fixture(scope="module")
def welding() -> list[str]:
    taxonomy = vocabulary.engine().taxonomy
    welder = next(o.uri for o in taxonomy.occupations if o.label_en == "welder")
    return [uri for uri, relation in taxonomy.occupation_skills[welder] if relation == "essential"][:5]


def _job(number: int, skills: list[str]) -> dict[str, Any]:
    return {
        "id": str(number),
        "title": "Soudeur",
        "required_skills": skills,
        "location": DAKAR,
        "published_at": datetime.now(UTC).isoformat(),
    }


def _stored(seq: int, record: dict[str, Any]) -> StoredItem:
    return StoredItem(ItemKind.VACANCY, int(record["id"]), seq, True, record)


async def _index_of_one_job(skills: list[str]) -> LiveIndex:
    live = LiveIndex()
    await anyio.to_thread.run_sync(live.build, [_stored(1, _job(1, skills))], None)
    return live


async def test_recommendations_answer_while_the_follower_applies_5000_records(
    monkeypatch: pytest.MonkeyPatch, welding: list[str]
) -> None:
    live = await _index_of_one_job(welding)
    welder = {"id": "p", "skills": welding[:3], "location": DAKAR}
    assert [r.id for r in await live.jobs_for(welder, k=5)] == ["1"]
    started, release = threading.Event(), threading.Event()
    convert = ranking_index.job_of

    def held(record: dict[str, Any]) -> Any:
        """The follower's work on the batch stops at its first record until the test lets it go on."""
        if not started.is_set():
            started.set()
            release.wait(20)
        return convert(record)

    monkeypatch.setattr(ranking_index, "job_of", held)
    batch = [_stored(number + 1, _job(number, welding)) for number in range(2, BATCH + 2)]
    applying = threading.Thread(target=live.apply, args=(batch,))
    applying.start()
    try:
        assert started.wait(10)
        during = await asyncio.wait_for(live.jobs_for(welder, k=5), timeout=5)
        assert applying.is_alive(), "the batch was applied before the query ran: the test proves nothing"
        assert [r.id for r in during] == ["1"]  # the index as it was before the batch
    finally:
        release.set()
        applying.join(60)
    assert live.seq == BATCH + 2
    assert len(await live.jobs_for(welder, k=5)) == 5  # the batch is swapped in


async def test_ranking_runs_off_the_event_loop(monkeypatch: pytest.MonkeyPatch, welding: list[str]) -> None:
    live = await _index_of_one_job(welding)
    loop_ran = threading.Event()
    convert = ranking_index.profile_of

    def ranking(record: dict[str, Any]) -> Any:
        # The ranking is under way: another request must be able to run on the event loop meanwhile.
        assert loop_ran.wait(5), "the event loop was blocked while ranking"
        return convert(record)

    async def another_request() -> None:
        await asyncio.sleep(0)
        loop_ran.set()

    monkeypatch.setattr(ranking_index, "profile_of", ranking)
    ranked, _ = await asyncio.gather(
        live.jobs_for({"id": "p", "skills": welding[:3], "location": DAKAR}, k=5), another_request()
    )
    assert [r.id for r in ranked] == ["1"]


async def test_a_rebuild_is_not_undone_by_an_older_batch_applied_after_it(welding: list[str]) -> None:
    live = await _index_of_one_job(welding)
    moved = {**_job(1, welding), "location": {"lat": 33.57, "lon": -7.59, "region": "MA.06", "country": "MA"}}
    await anyio.to_thread.run_sync(live.build, [_stored(3, moved)], None)
    await anyio.to_thread.run_sync(live.apply, [_stored(2, _job(1, welding))])  # read before the rebuild
    nearby = {"id": "p", "skills": welding[:3], "location": DAKAR, "mobility_km": 50}
    assert await live.jobs_for(nearby, k=5) == []  # still the rebuilt (moved) record
    assert live.seq == 3


def test_threads_asking_for_the_term_space_at_once_share_one_fit(monkeypatch):
    import threading

    from sankofa.ranking import index as ranking_index

    fits: list[int] = []
    original = ranking_index.TermSpace.fit

    def counted(taxonomy):  # type: ignore[no-untyped-def]
        fits.append(1)
        return original(taxonomy)

    monkeypatch.setattr(ranking_index, "_TERM_SPACE", [])
    monkeypatch.setattr(ranking_index.TermSpace, "fit", staticmethod(counted))
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(ranking_index.term_space())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fits) == 1
    assert all(space is got[0] for space in got)
