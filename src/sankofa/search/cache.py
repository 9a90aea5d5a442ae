"""Anonymous job searches answered from memory until a vacancy or an employer changes.

Most people who search are not signed in, and many type the same few words ("soudeur", "chauffeur") or follow
the same links: each web process keeps the last `entries` results of anonymous searches (the page, its count,
the cards with employers' response rates) and answers a repeat without the database.

A result is only as old as the data allows. The trigger of migration 0013 notifies channel `sankofa_search` on
every change of a published vacancy's document and every change of an employer's status or name; PostgreSQL
delivers a notification when its transaction commits. A `Listener` thread per process LISTENs on its own
connection and empties the cache at each one, so a suspended employer's offers leave cached results within
milliseconds of the suspension. Each result is stored under the generation read *before* the search ran, so a
result computed from data that changed meanwhile is never served after the change was announced. Without the
listening connection (the database restarting, a network cut) the cache is off and every search goes to the
database; it comes back empty once listening again. Entries also expire after MAX_AGE_SECONDS (response rates
move without a notification) and with the day (deadlines pass at midnight).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import psycopg

from sankofa.core.db.engine import sync_url

logger = logging.getLogger("sankofa.search")

CHANNEL = "sankofa_search"
MAX_AGE_SECONDS = 60.0


class SearchCache:
    """At most `entries` results by key, valid while no change was announced; thread-safe."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._items: OrderedDict[Hashable, tuple[int, float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0
        self.live = False  # True only while a Listener hears the changes
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.live and self.entries > 0

    def generation(self) -> int:
        """Read this before computing a result, and store the result under it."""
        return self._generation

    def get(self, key: Hashable) -> Any | None:
        if not self.enabled:
            return None
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != self._generation or time.monotonic() - item[1] > MAX_AGE_SECONDS:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[2]

    def put(self, key: Hashable, value: Any, *, generation: int) -> None:
        if not self.enabled:
            return
        with self._lock:
            if generation != self._generation:
                return  # the data changed while this result was computed
            self._items[key] = (generation, time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)

    def invalidate(self) -> None:
        with self._lock:
            self._generation += 1
            self._items.clear()

    def set_live(self, live: bool) -> None:
        """Listening started (the cache starts empty) or stopped (the cache is off: changes could be missed)."""
        self.invalidate()
        self.live = live


class Listener(threading.Thread):
    """A thread of each web process: LISTENs for changes on its own autocommit connection, empties the cache."""

    def __init__(self, cache: SearchCache, database_url: str) -> None:
        super().__init__(name="search-cache-listener", daemon=True)
        self.cache, self.url = cache, sync_url(database_url)
        self._stop_event = threading.Event()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.cache.set_live(True)
                    while not self._stop_event.is_set():
                        for _ in conn.notifies(timeout=1.0, stop_after=1):
                            self.cache.invalidate()
            except Exception:  # the database may be restarting: no cache until listening again
                logger.exception("search cache listener: retrying in 2 s")
                self.cache.set_live(False)
                self._stop_event.wait(2)
        self.cache.set_live(False)


_cache = SearchCache(0)


def shared() -> SearchCache:
    """This process' cache (off until `start` is called by the web app)."""
    return _cache


def start(database_url: str, *, entries: int) -> Listener | None:
    """Turn this process' cache on with `entries` places, listening on `database_url`; None when `entries` is 0."""
    _cache.entries = entries
    if entries <= 0:
        return None
    listener = Listener(_cache, database_url)
    listener.start()
    return listener
