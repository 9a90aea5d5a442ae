"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State
from sqlalchemy import text

from sankofa.jobs.probe import check_broker
from web.guards import public


class HealthProbes(Controller):
    """Liveness and readiness."""

    @get("/health/live", guards=[public], sync_to_thread=False, tags=["health"])
    def live(
        self,
    ) -> dict[str, str]:
        """The process answers."""
        return {"status": "ok"}

    @get("/health/ready", guards=[public], tags=["health"])
    async def ready(self, state: State) -> Response[dict[str, Any]]:
        """Database and broker reachable: ready for traffic."""
        checks: dict[str, str] = {}
        try:
            async with state.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=3)
            checks["database"] = "ok"
        except Exception as exc:  # the probe reports any failure rather than raising
            checks["database"] = f"error: {type(exc).__name__}"
        try:
            await asyncio.wait_for(asyncio.to_thread(check_broker, state.settings), timeout=5)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {type(exc).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return Response(
            {"status": "ok" if healthy else "unavailable", "checks": checks}, status_code=200 if healthy else 503
        )


HANDLERS = [HealthProbes]
