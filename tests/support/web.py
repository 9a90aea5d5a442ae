"""Helpers to drive the app like a browser: CSRF tokens from pages, sign-up/login shortcuts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.security import hash_password
from sankofa.identity.models import User
from sankofa.organisations.models import MemberRole, Membership, Organisation, OrgStatus

PASSWORD = "correct horse battery"
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


async def csrf(client: httpx.AsyncClient, path: str = "/login") -> str:
    """The CSRF token the page at `path` embeds for this client."""
    page = await client.get(path)
    match = CSRF_RE.search(page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, page: str | None = None, **kwargs
) -> httpx.Response:  # type: ignore[no-untyped-def]
    token = await csrf(client, page or "/login")
    return await client.post(path, data={**data, "_csrf": token}, **kwargs)


async def make_user(
    db: AsyncSession,
    *,
    email: str,
    role: str = "returnee",
    name: str = "Test User",
    verified: bool = True,
    locale: str | None = "fr",
    org: tuple[str, str] | None = None,
    org_status: str = OrgStatus.VERIFIED,
) -> User:
    """A user (and, with `org=(kind, name)`, an organisation they own) committed to the database."""
    user = User(
        email=email,
        display_name=name,
        role=role,
        password_hash=hash_password(PASSWORD),
        locale=locale,
        email_verified_at=datetime.now(UTC) if verified else None,
    )
    db.add(user)
    await db.flush()
    if org is not None:
        organisation = Organisation(kind=org[0], name=org[1], status=org_status)
        db.add(organisation)
        await db.flush()
        assert organisation.id is not None and user.id is not None
        db.add(Membership(organisation_id=organisation.id, user_id=user.id, role=MemberRole.OWNER))
    await db.commit()
    return user


async def log_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    response = await post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 303, response.text[:500]
    return response
