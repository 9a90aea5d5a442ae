"""ASGI entry point for uvicorn and other servers: `web.asgi:app`."""

from __future__ import annotations

from web.app import create_app

app = create_app()
