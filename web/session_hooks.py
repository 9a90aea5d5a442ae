"""Request context: load the server-side session, pick the locale, check CSRF, decide cookies.

Logged-in visitors carry a random session id (its hash is the row key); anonymous visitors carry a random
`sk_anon` value and their CSRF token is an HMAC of it, so browsing anonymously writes nothing to the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from sankofa.core import i18n
from sankofa.core.db.transaction import unit_of_work
from sankofa.core.settings import LOCALES, Settings
from sankofa.identity import accounts
from sankofa.identity import sessions as web_sessions
from web.guards import public
from web.state import RequestContext

SESSION_COOKIE = "sk_session"
ANON_COOKIE = "sk_anon"
LANG_COOKIE = "sk_lang"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def anon_csrf(settings: Settings, anon_id: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"csrf:{anon_id}".encode(), hashlib.sha256).hexdigest()


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


def _pick_locale(request: Request, ctx_user_locale: str | None, settings: Settings) -> tuple[str, bool]:
    """Locale and whether it was chosen explicitly with ?lang= (then remembered)."""
    asked = request.query_params.get("lang")
    if asked in LOCALES:
        return asked, True
    if ctx_user_locale in LOCALES:
        return ctx_user_locale, False
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LOCALES:
        return cookie, False
    return i18n.negotiate(request.headers.get("accept-language"), default=settings.default_locale), False


async def build_context(request: Request) -> RequestContext:
    """Load the visitor's session, pick the locale, decide cookies; runs before routing and guards."""
    settings: Settings = request.app.state.settings
    factory = request.app.state.session_factory
    loaded = None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        async with unit_of_work(factory) as db:
            loaded = await web_sessions.load(db, cookie=cookie, idle=timedelta(minutes=settings.session_idle_minutes))
    anon_id = request.cookies.get(ANON_COOKIE)
    new_cookies: dict[str, str] = {}
    if loaded is None and (not anon_id or len(anon_id) > 64):
        anon_id = secrets.token_urlsafe(24)
        new_cookies[ANON_COOKIE] = anon_id
    user_locale = loaded.user.locale if loaded and loaded.user else None
    locale, explicit = _pick_locale(request, user_locale, settings)
    if explicit:
        new_cookies[LANG_COOKIE] = locale
    i18n.set_locale(locale)
    token = loaded.row.csrf_token if loaded else anon_csrf(settings, anon_id or "")
    ctx = RequestContext(locale=locale, csrf_token=token, session=loaded, anon_id=anon_id, new_cookies=new_cookies)
    ctx.clear_session_cookie = bool(cookie) and loaded is None
    request.state.ctx = ctx
    if explicit and loaded and loaded.user and loaded.user.locale != locale:
        async with unit_of_work(factory) as db:
            user = await db.get(type(loaded.user), loaded.user.id)
            if user is not None:
                await accounts.set_locale(db, user=user, locale=locale)
        loaded.user.locale = locale
    return ctx


async def csrf_guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """App-wide guard: unsafe methods must carry the session's CSRF token (header or form field).

    A handler with `opt={"csrf_exempt": True}` is skipped: only for links whose URL carries a secret token
    (one-click unsubscribe, which mail clients POST without any session).
    """
    if connection.scope.get("method") not in UNSAFE or handler.opt.get("csrf_exempt"):
        return
    request: Request = connection  # type: ignore[assignment]
    # CSRF abuses the cookies a browser attaches by itself. A call that authenticates with an API key in the
    # Authorization header (which no other site can make a browser send) and carries no session cookie has
    # nothing to forge; the handler checks the key.
    if request.headers.get("authorization", "").startswith("Bearer ") and SESSION_COOKIE not in request.cookies:
        return
    # Without a session there is no one to act for: the route's own guard answers 401 when it needs an account.
    if request.state.ctx.user is None and public not in handler.resolve_guards():
        return
    # A JSON call without a session cookie (an API client logging in) cannot come from another site's page: a
    # browser sends `application/json` across sites only after a CORS preflight, which Sankofa never grants.
    if SESSION_COOKIE not in request.cookies and _is_json(request.headers.get("content-type", "")):
        return
    expected = request.state.ctx.csrf_token
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise PermissionDeniedException(detail="csrf")


def cookie_headers(scope_state: dict, settings: Settings) -> list[tuple[bytes, bytes]]:
    """Set-Cookie headers for what the request decided (new anonymous id, language, login, logout)."""
    ctx: RequestContext | None = scope_state.get("ctx")
    if ctx is None:
        return []
    cookies = [
        Cookie(
            key=name,
            value=value,
            max_age=365 * 86400,
            httponly=True,
            secure=settings.secure_cookies,
            samesite="lax",
            path="/",
        )
        for name, value in ctx.new_cookies.items()
    ]
    if ctx.new_session_cookie is not None:
        cookies.append(
            Cookie(
                key=SESSION_COOKIE,
                value=ctx.new_session_cookie,
                max_age=settings.session_days * 86400,
                httponly=True,
                secure=settings.secure_cookies,
                samesite="lax",
                path="/",
            )
        )
    elif ctx.clear_session_cookie:
        cookies.append(Cookie(key=SESSION_COOKIE, value="", max_age=0, expires=0, path="/"))
    return [(b"set-cookie", cookie.to_header(header="").strip().encode("latin-1")) for cookie in cookies]
