"""JSON API v1 for the account basics. Session-authenticated calls send the CSRF token in X-CSRF-Token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from msgspec import Meta, Struct
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import validation
from sankofa.core.errors import NotAuthenticated, ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity import accounts, privacy
from sankofa.identity import sessions as web_sessions
from sankofa.identity.models import User
from sankofa.organisations import lifecycle as organisations
from web.guards import public, signed_in
from web.helpers import start_session
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


class LoginIn(Struct):
    email: Annotated[str, Meta(max_length=validation.MAX_EMAIL)]
    password: Annotated[str, Meta(max_length=1024)]


class MeUpdate(Struct):
    """Fields left out keep their value."""

    display_name: Annotated[str, Meta(min_length=1, max_length=120)] | None = None
    locale: Literal["fr", "en", "ar"] | None = None


class OrganisationOut(Struct):
    id: int
    name: str
    kind: str
    status: str
    member_role: str


class MeOut(Struct):
    id: int
    email: str | None
    display_name: str
    role: str
    locale: str | None
    email_verified: bool
    created_at: datetime
    organisations: list[OrganisationOut]


class SessionOut(Struct):
    csrf_token: str
    user: MeOut


async def _me(db: AsyncSession, user: User) -> MeOut:
    assert user.id is not None
    rows = await organisations.memberships_of(db, user_id=user.id)
    return MeOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        locale=user.locale,
        email_verified=user.email_verified_at is not None,
        created_at=user.created_at,
        organisations=[
            OrganisationOut(id=o.id or 0, name=o.name, kind=o.kind, status=o.status, member_role=m.role)
            for m, o in rows
        ],
    )


class AccountApi(Controller):
    path = "/api/v1"
    tags = ["account"]

    @post("/session", guards=[public], status_code=201, opt={"rate_limited": True, "checks_credentials": True})
    async def log_in(
        self, request: Request, data: JSONBody[LoginIn], db: Db, settings: NamedDependency[Settings]
    ) -> SessionOut:
        """Log in; returns the CSRF token to send with later unsafe calls. Wrong credentials answer 401."""
        try:
            user = await accounts.authenticate(db, email=data.email, password=data.password, ip=client_ip(request))
        except ValidationFailed as exc:
            raise NotAuthenticated(exc.message) from exc
        row = await start_session(request, db, user=user, settings=settings)
        return SessionOut(csrf_token=row.csrf_token, user=await _me(db, user))

    @delete("/session", guards=[signed_in], status_code=204)
    async def log_out(self, request: Request, db: Db) -> None:
        ctx = context_of(request)
        if ctx.session is not None:
            await web_sessions.end(db, row=ctx.session.row)
            ctx.clear_session_cookie = True

    @get("/me", guards=[signed_in])
    async def me(self, db: Db, user: CurrentUser) -> MeOut:
        assert user is not None
        return await _me(db, user)

    @patch("/me", guards=[signed_in])
    async def update_me(self, data: JSONBody[MeUpdate], db: Db, user: CurrentUser) -> MeOut:
        assert user is not None
        fresh = await db.get(User, user.id)
        assert fresh is not None
        await accounts.update_account(
            db,
            user=fresh,
            display_name=data.display_name or fresh.display_name,
            locale=data.locale or fresh.locale or "fr",
        )
        return await _me(db, fresh)

    @get("/me/export", guards=[signed_in])
    async def export(self, request: Request, db: Db, user: CurrentUser) -> Response[dict[str, Any]]:
        """All my data, as JSON."""
        assert user is not None
        fresh = await db.get(User, user.id)
        assert fresh is not None
        return Response(await privacy.export_user_data(db, user=fresh, ip=client_ip(request)))


HANDLERS = [AccountApi]
