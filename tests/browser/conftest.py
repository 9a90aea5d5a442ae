"""Browser fixtures: the app served by uvicorn on a free port, Playwright driving Debian's Chromium."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

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
PHONE = {"width": 360, "height": 740}  # the viewport of browser_page


@pytest.fixture
async def live_index(served_app, db):  # type: ignore[no-untyped-def]
    """The served app's ranking index, rebuilt from this test's database.

    Tests reuse ids after truncating tables, so records of an earlier test would otherwise still rank as this
    test's rows. The index then follows the feed again (once a second), as in production.
    """
    index = served_app[0].state.live_index
    deadline = time.monotonic() + 20
    while not index.ready.is_set():
        assert time.monotonic() < deadline, "the ranking index did not load"
        await asyncio.sleep(0.1)
    await index.load(db)
    return index


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


@pytest.fixture
async def another_phone(browser_page) -> AsyncIterator[Callable[[], Awaitable[object]]]:  # type: ignore[no-untyped-def]
    """Opens pages for other people: a new context each (own cookies), phone-sized, on the same browser."""
    contexts = []

    async def open_page():  # type: ignore[no-untyped-def]
        context = await browser_page.context.browser.new_context(viewport=PHONE, locale="fr-FR")
        contexts.append(context)
        return await context.new_page()

    yield open_page
    for context in contexts:
        await context.close()
