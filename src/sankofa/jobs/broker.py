"""Broker from settings: PostgreSQL (dramatiq-postgres, default, the app's database) or Redis.

Building a broker binds no actor to it: `sankofa.jobs.registry.install()` does.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AsyncIO
from dramatiq_postgres import PostgresBroker

from sankofa.core.db.engine import sync_url
from sankofa.core.settings import Settings


def make_broker(settings: Settings, *, database_url: str, fast_recovery: bool = False) -> dramatiq.Broker:
    """The configured broker. `fast_recovery` shortens dead-worker detection (tests, demos)."""
    broker: dramatiq.Broker
    if settings.uses_redis:
        assert settings.broker_url
        broker = RedisBroker(url=settings.broker_url, heartbeat_timeout=3_000 if fast_recovery else 60_000)
    else:
        url = sync_url(settings.broker_url or database_url)
        broker = PostgresBroker(
            url=url,
            results=False,
            heartbeat_interval=1.0 if fast_recovery else 15.0,
            heartbeat_ttl=3.0 if fast_recovery else 60.0,
            maintenance_interval=1.0 if fast_recovery else 30.0,
        )
    broker.add_middleware(AsyncIO())
    return broker


def ping(broker: dramatiq.Broker) -> None:
    """Raise if the broker's server cannot be reached (readiness check)."""
    if isinstance(broker, RedisBroker):
        broker.client.ping()
    elif isinstance(broker, PostgresBroker):
        with broker.pool.connection(timeout=3) as conn:
            conn.execute("SELECT 1")
