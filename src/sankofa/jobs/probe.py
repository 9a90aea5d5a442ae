"""Broker reachability check without building a Dramatiq broker (the web process enqueues nothing)."""

from __future__ import annotations

import psycopg
import redis

from sankofa.core.db.engine import sync_url
from sankofa.core.settings import Settings


def check_broker(settings: Settings) -> None:
    """Raise if the configured broker cannot be reached or is not set up."""
    if settings.uses_redis:
        assert settings.broker_url
        client = redis.Redis.from_url(settings.broker_url, socket_timeout=3, socket_connect_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
        return
    url = settings.broker_url or settings.database_url
    assert url
    with psycopg.connect(sync_url(url), connect_timeout=3) as conn:
        row = conn.execute("SELECT to_regclass('dramatiq.queue')").fetchone()
        if row is None or row[0] is None:
            raise RuntimeError("dramatiq schema missing: run `sankofa db upgrade`")
