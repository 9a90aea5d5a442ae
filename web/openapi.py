"""The OpenAPI document at /schema: what the JSON API answers, errors included, as tested by schemathesis.

Each API operation's error responses are derived from what can refuse it, so the document cannot drift from the
code: its guard (401 when it needs an account or a key, 403 when it needs a role), the CSRF check (403 on unsafe
methods with a session), its inputs (422 when a value is missing, of the wrong type or refused; 400 when the
body is not JSON, 413 when it is too large), path parameters or an id it `looks_up` (404), and what it declares
in `opt`: `rate_limited` (429, with Retry-After), `checks_credentials` (401, a login). Every error body is
`{"error": ..., "status": ..., "fields": {...}}` (web/errors.py).
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import msgspec.inspect
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from msgspec import Struct

from web.guards import public
from web.session_hooks import SESSION_COOKIE

API_PREFIX = "/api/"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorBody(Struct):
    """Why a request was refused, in the caller's language."""

    error: str
    status: int
    fields: dict[str, str] | None = None


DESCRIPTIONS = {
    400: "The body is not JSON",
    401: "No valid session or API key",
    403: "This account (or its organisation) may not do this, or the X-CSRF-Token header is missing",
    404: "Not found, or not yours",
    413: "The body is too large",
    422: "A value is missing, has the wrong type or was refused; `fields` names each wrong field and says why",
    429: "Too many attempts; Retry-After says when to try again",
}


def config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Sankofa API",
        version="1",
        path="/schema",
        render_plugins=[SwaggerRenderPlugin()],
        components=Components(
            security_schemes={
                "BearerToken": SecurityScheme(
                    type="http", scheme="bearer", description="An employer organisation's API key"
                ),
                "Session": SecurityScheme(
                    type="apiKey",
                    name=SESSION_COOKIE,
                    security_scheme_in="cookie",
                    description="The session cookie set by POST /api/v1/session; unsafe methods also send the "
                    "session's CSRF token in the X-CSRF-Token header",
                ),
            }
        ),
    )


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIX)


def _uses_api_key(handler: HTTPRouteHandler) -> bool:
    # Read from the layers: `resolve_security()` caches its answer.
    return any({"BearerToken": []} in (layer.security or []) for layer in handler.ownership_layers)


def error_statuses(handler: HTTPRouteHandler, path: str) -> set[int]:
    """The error statuses `handler` can answer at `path`."""
    guards = handler.resolve_guards()
    methods = set(handler.http_methods)
    statuses: set[int] = set()
    if public not in guards or handler.opt.get("checks_credentials"):
        statuses.add(401)
    # A role the account lacks, an unsafe call without the session's CSRF token, a suspended organisation's key.
    if public not in guards or (methods & UNSAFE and not _uses_api_key(handler)):
        statuses.add(403)
    signature = handler.parsed_fn_signature.parameters
    inputs = {name for name in signature if name not in handler.resolve_dependencies()} - {"request", "self"}
    if inputs:
        statuses.add(422)
    if "data" in inputs:
        statuses |= {400, 413}
    if "{" in path or handler.opt.get("looks_up"):
        statuses.add(404)
    if handler.opt.get("rate_limited"):
        statuses.add(429)
    return statuses


def _api_handlers(app: Litestar) -> list[tuple[str, HTTPRouteHandler]]:
    return [
        (route.path, handler)
        for route in app.routes
        if _is_api(route.path)
        for handler in getattr(route, "route_handlers", [])
        if isinstance(handler, HTTPRouteHandler) and handler.include_in_schema
    ]


def document(app: Litestar) -> None:
    """Give every API operation its error responses and security, build the document once and correct it.

    Litestar adds its own 400 (`{status_code, detail}`) to any operation with parameters, where a refused value is a
    422 here and only an operation that reads a body can answer 400 (not JSON); and it drops bounds of 0 (`ge=0`).
    """
    handlers = [(path, handler, error_statuses(handler, path)) for path, handler in _api_handlers(app)]
    for _path, handler, statuses in handlers:
        responses: dict[int, ResponseSpec] = dict(handler.responses or {})
        for status in sorted(statuses):
            responses.setdefault(
                status,
                ResponseSpec(data_container=ErrorBody, description=DESCRIPTIONS[status], generate_examples=False),
            )
        handler.responses = responses
        if not _uses_api_key(handler) and public not in handler.resolve_guards():
            handler.security = [{"Session": []}]
    built = app.openapi_schema  # built once here, then served as corrected
    schemas = built.components.schemas if built.components else {}
    for path, handler, statuses in handlers:
        operations = _operations(built, path, handler)
        for operation in operations:
            if operation.responses and 400 not in statuses:
                operation.responses.pop("400", None)
        for name, parameter in handler.parsed_fn_signature.parameters.items():
            annotation = parameter.annotation
            if name == "data" and isinstance(annotation, type) and issubclass(annotation, Struct):
                _restore_body_bounds(schemas.get(annotation.__name__), annotation)
            elif (kwarg := parameter.kwarg_definition) is not None and getattr(kwarg, "ge", None) == 0:
                for operation in operations:
                    for documented in operation.parameters or []:
                        if getattr(documented, "name", None) == name and documented.schema is not None:
                            documented.schema.minimum = 0.0


def _zero_bounds(info: Any) -> dict[str, float]:
    """The zero `ge`/`le` bounds of a msgspec type, optional or not, as JSON Schema keys."""
    for member in getattr(info, "types", (info,)):
        if bounds := {key: 0.0 for key in ("ge", "le") if getattr(member, key, None) == 0}:
            return {"minimum" if key == "ge" else "maximum": value for key, value in bounds.items()}
    return {}


def _restore_body_bounds(component: Any, struct: type[Struct]) -> None:
    if component is None or not component.properties:
        return
    for field in msgspec.inspect.type_info(struct).fields:  # type: ignore[attr-defined]
        for key, value in _zero_bounds(field.type).items():
            setattr(component.properties[field.encode_name], key, value)


def _operations(document: Any, path: str, handler: HTTPRouteHandler) -> list[Any]:
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", path)
    item = (document.paths or {}).get(path)
    return [
        getattr(item, method.lower()) for method in handler.http_methods if item and getattr(item, method.lower(), None)
    ]
