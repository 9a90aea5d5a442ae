"""What several browser tests do the same way: log in through the real form."""

from __future__ import annotations

from tests.support.web import PASSWORD


async def log_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    """Sign in with the demo password through the login form; returns once the page shows the account."""
    await page.goto(base + "/login")
    await page.fill("#f-email", email)
    await page.fill("#f-password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_selector("form[action='/logout']", state="attached")
