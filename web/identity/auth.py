"""Sign-up, email verification, log in/out, password reset (HTML forms, work without JavaScript)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import InvalidToken, ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity import accounts
from sankofa.identity import sessions as web_sessions
from sankofa.identity.accounts import SIGNUP_ROLES, SignUp
from sankofa.identity.models import User
from web.guards import public, signed_in
from web.helpers import form_fields, page, safe_next, see_other, start_session
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]


class AuthPages(Controller):
    """Sign-up, email verification, log in and out, password reset."""

    @get("/signup", guards=[public], include_in_schema=False)
    async def signup_form(self, role: FromQuery[str | None] = None) -> Template:
        return page("identity/auth/signup.html", values={"role": role or ""}, errors={}, roles=SIGNUP_ROLES)

    @post("/signup", guards=[public], include_in_schema=False)
    async def signup(self, request: Request, db: Db, settings: NamedDependency[Settings]) -> Template | Redirect:
        fields = await form_fields(request)
        data = SignUp(
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            display_name=fields.get("display_name", ""),
            role=fields.get("role", ""),
            organisation_name=fields.get("organisation_name", ""),
            locale=context_of(request).locale,
        )
        try:
            await accounts.sign_up(db, data, settings=settings, ip=client_ip(request))
        except ValidationFailed as exc:
            fields.pop("password", None)
            return page("identity/auth/signup.html", status=422, values=fields, errors=exc.errors, roles=SIGNUP_ROLES)
        return see_other("/signup/sent")

    @get("/signup/sent", guards=[public], include_in_schema=False)
    async def signup_sent(
        self,
    ) -> Template:
        return page("identity/auth/check_email.html")

    @get("/verify/{token:str}", guards=[public], include_in_schema=False)
    async def verify_form(self, token: FromPath[str]) -> Template:
        """Links in mail are opened by scanners too: confirming is a button (POST), not the GET."""
        return page("identity/auth/verify.html", token=token)

    @post("/verify/{token:str}", guards=[public], include_in_schema=False)
    async def verify(
        self,
        request: Request,
        token: FromPath[str],
        db: Db,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Confirm the address and log the person in: the single-use link proved they own it, no second login."""
        try:
            user = await accounts.verify_email(db, token=token)
        except InvalidToken as exc:
            return page("identity/auth/verify.html", status=400, token=None, error=exc.message)
        await start_session(request, db, user=user, settings=settings)
        return see_other("/?welcome=1")

    @post("/verify-resend", guards=[signed_in], include_in_schema=False)
    async def resend_verification(
        self, db: Db, user: NamedDependency[User | None], settings: NamedDependency[Settings]
    ) -> Template:
        assert user is not None
        fresh = await db.get(User, user.id)
        assert fresh is not None
        await accounts.resend_verification(db, user=fresh, settings=settings)
        return page("identity/auth/check_email.html")

    @get("/login", guards=[public], include_in_schema=False)
    async def login_form(self, next: FromQuery[str | None] = None) -> Template:
        return page("identity/auth/login.html", values={"next": safe_next(next, "")}, errors={})

    @post("/login", guards=[public], include_in_schema=False)
    async def login(self, request: Request, db: Db, settings: NamedDependency[Settings]) -> Template | Redirect:
        fields = await form_fields(request)
        try:
            user = await accounts.authenticate(
                db, email=fields.get("email", ""), password=fields.get("password", ""), ip=client_ip(request)
            )
        except ValidationFailed as exc:
            fields.pop("password", None)
            return page("identity/auth/login.html", status=422, values=fields, errors=exc.errors, error=exc.message)
        await start_session(request, db, user=user, settings=settings)
        return see_other(safe_next(fields.get("next"), "/"))

    @post("/logout", guards=[public], include_in_schema=False)
    async def logout(self, request: Request, db: Db) -> Redirect:
        ctx = context_of(request)
        if ctx.session is not None:
            await web_sessions.end(db, row=ctx.session.row)
            ctx.clear_session_cookie = True
        return see_other("/")

    @get("/forgot", guards=[public], include_in_schema=False)
    async def forgot_form(
        self,
    ) -> Template:
        return page("identity/auth/forgot.html", values={}, errors={})

    @post("/forgot", guards=[public], include_in_schema=False)
    async def forgot(self, request: Request, db: Db, settings: NamedDependency[Settings]) -> Template:
        fields = await form_fields(request)
        try:
            await accounts.request_password_reset(
                db, email=fields.get("email", ""), settings=settings, ip=client_ip(request)
            )
        except ValidationFailed as exc:
            return page("identity/auth/forgot.html", status=422, values=fields, errors=exc.errors)
        return page("identity/auth/forgot_sent.html")

    @get("/reset/{token:str}", guards=[public], include_in_schema=False)
    async def reset_form(self, token: FromPath[str], db: Db) -> Template:
        try:
            await accounts.check_reset_token(db, token=token)
        except InvalidToken as exc:
            return page("identity/auth/reset.html", status=400, token=None, error=exc.message, errors={})
        return page("identity/auth/reset.html", token=token, errors={})

    @post("/reset/{token:str}", guards=[public], include_in_schema=False)
    async def reset(self, token: FromPath[str], request: Request, db: Db) -> Template | Redirect:
        fields = await form_fields(request)
        try:
            await accounts.reset_password(db, token=token, password=fields.get("password", ""), ip=client_ip(request))
        except ValidationFailed as exc:
            return page("identity/auth/reset.html", status=422, token=token, errors=exc.errors)
        except InvalidToken as exc:
            return page("identity/auth/reset.html", status=400, token=None, error=exc.message, errors={})
        return see_other("/login?reset=1")


HANDLERS = [AuthPages]
