"""ASGI middleware: security headers on every response, and the cookies the request hooks decided."""

from __future__ import annotations

import re

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from sankofa.services import validation
from web.session_hooks import cookie_headers

# Control characters in a query string, raw or percent-encoded (C0 but tab/LF/CR, DEL, and C1 as UTF-8).
QUERY_CONTROLS = re.compile(
    rb"%(?:0[0-8bcef]|1[0-9a-f]|7f|c2%(?:8[0-9a-f]|9[0-9a-f]))|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", re.I
)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
# The OpenAPI viewer loads its own scripts; it gets a CSP of its own.
SCHEMA_CSP = b"default-src 'self' 'unsafe-inline' cdn.jsdelivr.net unpkg.com; img-src 'self' data:"


def headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name not in names:
                        if name == b"content-security-policy" and scope["path"].startswith("/schema"):
                            value = SCHEMA_CSP
                        headers.append((name, value))
                state = scope.get("state") or {}
                settings = scope["app"].state.settings
                headers.extend(cookie_headers(state, settings))
                message = {**message, "headers": headers}  # type: ignore[misc]
            await send(message)

        await app(scope, receive, send_wrapper)

    return middleware


def context_middleware(app: ASGIApp) -> ASGIApp:
    """Build the request context (session, user, locale) before routing, so guards can use it."""
    from litestar import Request

    from web.session_hooks import build_context

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # No address or parameter has a control character: they go before anything reads them (PostgreSQL
            # refuses NUL), as `validation.clean_text` removes them from forms and JSON.
            scope["query_string"] = QUERY_CONTROLS.sub(b"", scope["query_string"])
            scope["path"] = validation.clean_text(scope["path"])
        if scope["type"] == "http" and not scope["path"].startswith(("/static/", "/health/")):
            request: Request = Request(scope, receive)  # type: ignore[type-arg]
            request.state.ctx = await build_context(request)
        await app(scope, receive, send)

    return middleware
