"""CPU-heavy work (text analysis, password hashing) run in worker threads, so the event loop keeps answering.

A small limiter keeps a burst of analyses from taking every thread: the loop still gets its share of the GIL
(Python switches threads every 5 ms), and the rest of the work queues here instead of in the loop.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

P = ParamSpec("P")
T = TypeVar("T")
# Two cores on the reference machine: two analyses at a time, the others wait their turn off the loop.
_LIMIT = 2
# One limiter per event loop: a limiter belongs to the loop that uses it (tests run apps on several loops).
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = weakref.WeakKeyDictionary()


def _get_limiter() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(_LIMIT)
    return limiter


async def run(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call `fn(*args, **kwargs)` in a worker thread (context variables such as the locale follow it).

    Returns:
        What `fn` returns; its exceptions are raised here.
    """
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=_get_limiter())
