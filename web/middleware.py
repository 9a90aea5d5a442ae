"""ASGI middleware: security headers on every response, and the cookies the request hooks decided."""

from __future__ import annotations

import re
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from sankofa.core import validation
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


def allowed_methods(routes: list[Any]) -> dict[str, str]:
    """Each route's Allow header: its methods, once all handlers for its path are registered."""
    return {route.path: ", ".join(sorted(route.methods)) for route in routes if hasattr(route, "methods")}


def _allow(scope: Scope, headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The Allow header of an OPTIONS answer, with every method of the path.

    Litestar builds the OPTIONS handler with the first handler registered for a path and does not update it when
    a controller adds another method to the same path (GET and PATCH /api/v1/me answered `Allow: GET, OPTIONS`).
    """
    handler = scope.get("route_handler")
    allowed: dict[str, str] = scope["app"].state.allowed_methods
    methods = next((allowed[path] for path in getattr(handler, "paths", ()) if path in allowed), None)
    if methods is None:
        return headers
    return [(name, value) for name, value in headers if name.lower() != b"allow"] + [(b"allow", methods.encode())]


def headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
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
                if scope["method"] == "OPTIONS" and message["status"] == 204:
                    headers = _allow(scope, headers)
                state = scope.get("state") or {}
                settings = scope["app"].state.settings
                headers.extend(cookie_headers(state, settings))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_wrapper)

    return middleware


def context_middleware(app: ASGIApp) -> ASGIApp:
    """Build the request context (session, user, locale) before routing, so guards can use it."""
    from litestar import Request

    from web.dependencies import expect_answer
    from web.session_hooks import build_context

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # No address or parameter has a control character: they go before anything reads them (PostgreSQL
            # refuses NUL), as `validation.clean_text` removes them from forms and JSON. An address that held one
            # is nobody's (404), instead of becoming another address.
            # Words typed in a page's search box lose them; an API call's values keep their length (a value
            # with one is refused as the document says, not silently shortened into a valid one).
            replacement = b"%EF%BF%BD" if scope["path"].startswith("/api/") else b""
            scope["query_string"] = QUERY_CONTROLS.sub(replacement, scope["query_string"])
            scope["path"] = validation.mark_controls(scope["path"])
        if scope["type"] == "http":
            expect_answer()
        if scope["type"] == "http" and not scope["path"].startswith(("/static/", "/health/")):
            request: Request = Request(scope, receive)
            request.state.ctx = await build_context(request)
        await app(scope, receive, send)

    return middleware
