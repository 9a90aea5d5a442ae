"""Per-IP limits and audit rows use the visitor's address; X-Forwarded-For counts only from a configured proxy."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from sqlmodel import col, select

from sankofa.core.models import AuditEvent
from sankofa.core.settings import SettingsError, load_settings
from tests.support.web import PASSWORD, csrf


async def _sign_up_from(app, peer: str, forwarded: str | None, email: str) -> str | None:  # type: ignore[no-untyped-def]
    """Sign up through a connection from `peer`; the address the audit row recorded."""
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers) as http:
        token = await csrf(http, "/signup")
        data = {"email": email, "password": PASSWORD, "display_name": "Awa", "role": "returnee", "_csrf": token}
        response = await http.post("/signup", data=data)
        assert response.status_code == 303
    return email


async def _recorded_ip(db) -> str | None:  # type: ignore[no-untyped-def]
    rows = await db.exec(
        select(AuditEvent.ip).where(AuditEvent.action == "account.created").order_by(col(AuditEvent.id))
    )
    return rows.all()[-1]


@pytest.fixture
def behind_proxy(app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(app.state, "settings", replace(app.state.settings, trusted_proxies=("10.0.0.0/8",)))


async def test_a_forged_forwarded_for_from_a_visitor_is_ignored(app, db, behind_proxy) -> None:  # type: ignore[no-untyped-def]
    await _sign_up_from(app, "198.51.100.2", "203.0.113.99", "a@example.org")
    assert await _recorded_ip(db) == "198.51.100.2"


async def test_the_proxy_names_the_visitor_and_hops_a_visitor_added_are_ignored(app, db, behind_proxy) -> None:  # type: ignore[no-untyped-def]
    await _sign_up_from(app, "10.1.2.3", "203.0.113.5", "b@example.org")
    assert await _recorded_ip(db) == "203.0.113.5"
    # The visitor wrote "1.1.1.1" themselves; the proxy appended the address it saw: that one is believed.
    await _sign_up_from(app, "10.1.2.3", "1.1.1.1, 203.0.113.6, 10.9.9.9", "c@example.org")
    assert await _recorded_ip(db) == "203.0.113.6"
    await _sign_up_from(app, "10.1.2.3", "not-an-address", "d@example.org")
    assert await _recorded_ip(db) == "10.1.2.3"


async def test_without_configured_proxies_no_forwarded_for_is_believed(app, db) -> None:  # type: ignore[no-untyped-def]
    assert app.state.settings.trusted_proxies == ()
    await _sign_up_from(app, "10.1.2.3", "203.0.113.5", "e@example.org")
    assert await _recorded_ip(db) == "10.1.2.3"


def test_a_mistyped_proxy_setting_stops_the_start() -> None:
    assert load_settings({"SANKOFA_TRUSTED_PROXIES": "10.0.0.0/8, ::1"}).trusted_proxies == ("10.0.0.0/8", "::1")
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings({"SANKOFA_TRUSTED_PROXIES": "10.0.0.0/33"})
