"""Browser fixtures: the app served by uvicorn on a free port, Playwright driving Debian's Chromium."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest
import uvicorn

from tests.conftest import IN_CI

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    app = create_app(replace(settings, base_url=base))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
async def browser_page(live_server) -> AsyncIterator[object]:  # type: ignore[no-untyped-def]
    if not shutil.which("chromium") and not IN_CI:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
        page = await context.new_page()
        yield page
        await context.close()
        await browser.close()
