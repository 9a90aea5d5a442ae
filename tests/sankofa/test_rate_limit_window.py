"""Rate limits slide: a burst across a window boundary is counted whole, and old attempts fade out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sankofa.core import ratelimit

WINDOW = 15 * 60


def _boundary() -> datetime:
    epoch = int(datetime.now(UTC).timestamp())
    return datetime.fromtimestamp(epoch - epoch % WINDOW + WINDOW, UTC)


async def test_a_burst_across_the_boundary_keeps_counting(db):
    key = f"test:{uuid.uuid4().hex}"
    boundary = _boundary()
    for _ in range(40):
        await ratelimit.hit(db, key=key, window_seconds=WINDOW, now=boundary - timedelta(seconds=5))
    # A fixed window would restart at 1 here: 40 attempts five seconds ago still count almost whole.
    level = await ratelimit.hit(db, key=key, window_seconds=WINDOW, now=boundary + timedelta(seconds=5))
    assert 40 < level <= 41
    assert 39 < await ratelimit.count(db, key=key, window_seconds=WINDOW, now=boundary + timedelta(seconds=5)) <= 41


async def test_attempts_fade_over_the_next_window_and_are_gone_after_it(db):
    key = f"test:{uuid.uuid4().hex}"
    boundary = _boundary()
    for _ in range(20):
        await ratelimit.hit(db, key=key, window_seconds=WINDOW, now=boundary - timedelta(seconds=1))
    halfway = boundary + timedelta(seconds=WINDOW // 2)
    assert 9 <= await ratelimit.count(db, key=key, window_seconds=WINDOW, now=halfway) <= 11
    later = boundary + timedelta(seconds=WINDOW + 1)
    assert await ratelimit.count(db, key=key, window_seconds=WINDOW, now=later) == 0
    # A hit two windows on starts from nothing.
    assert await ratelimit.hit(db, key=key, window_seconds=WINDOW, now=later + timedelta(seconds=WINDOW)) == 1


async def test_a_limit_reached_just_before_the_boundary_still_holds_just_after(db):
    key = f"test:{uuid.uuid4().hex}"
    boundary = _boundary()
    for _ in range(10):
        await ratelimit.hit(db, key=key, window_seconds=WINDOW, now=boundary - timedelta(seconds=2))
    # Ten failures two seconds ago are ten (a weighted 9.98 would let an eleventh attempt through).
    assert await ratelimit.count(db, key=key, window_seconds=WINDOW, now=boundary + timedelta(seconds=1)) == 10
