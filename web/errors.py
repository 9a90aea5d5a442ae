"""The one place where errors become HTTP responses: a page for browsers, JSON for the API."""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.handlers import HTTPRouteHandler
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from sqlalchemy.exc import TimeoutError as PoolTimeout

from sankofa.core.errors import DomainError, RateLimited, ValidationFailed
from sankofa.core.i18n import gettext as _
from web import value_errors

logger = logging.getLogger("sankofa.web")
RETRY_AFTER_BUSY = 2  # seconds


def wants_json(request: Request) -> bool:
    if request.scope["path"].startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _titles() -> dict[int, str]:
    return {
        400: _("This request could not be understood"),
        401: _("Please log in"),
        403: _("You do not have access to this page"),
        404: _("Page not found"),
        405: _("This action is not allowed here"),
        409: _("This conflicts with existing data"),
        413: _("What you sent is too large"),
        422: _("Some fields need your attention"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
        503: _("Sankofa is very busy"),
    }


def error_response(
    request: Request,
    *,
    status: int,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    title = _titles().get(status, _titles()[400 if status < 500 else 500])
    if wants_json(request):
        body: dict[str, Any] = {"error": message or title, "status": status}
        if fields:
            body["fields"] = fields
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)
    return Template(
        template_name="errors/error.html",
        context={"status": status, "title": title, "message": message, "fields": fields or {}},
        status_code=status,
        headers=headers,
    )


def domain_error(request: Request, exc: DomainError) -> Response[Any]:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    fields = exc.errors if isinstance(exc, ValidationFailed) else None
    return error_response(request, status=exc.status, message=exc.message, fields=fields, headers=headers)


def not_authorized(request: Request, exc: NotAuthorizedException) -> Response[Any]:
    if wants_json(request) or request.headers.get("hx-request"):
        return error_response(request, status=401, message=_("Please log in to continue."))
    target = request.scope["path"]
    if request.scope.get("query_string"):
        target += "?" + request.scope["query_string"].decode("latin-1")
    return Redirect(path="/login", query_params={"next": target}, status_code=303)


def permission_denied(request: Request, exc: PermissionDeniedException) -> Response[Any]:
    if exc.detail == "csrf":
        message = _("This form has expired or did not come from Sankofa. Reload the page and try again.")
    else:
        message = _("Your account cannot open this page. If you think it should, contact your organisation.")
    return error_response(request, status=403, message=message)


def validation_error(request: Request, exc: ValidationException) -> Response[Any]:
    fields: dict[str, str] = {}
    for item in exc.extra or []:
        if isinstance(item, dict) and item.get("key"):
            key = str(item["key"])
            fields[key] = item.get("translated") or value_errors.for_parameter(_route_handler(request), key)
    # A value of the wrong type or out of its bounds is refused like a value the services refuse: 422, naming the
    # field (a body that is not JSON at all is a 400).
    return error_response(request, status=422, message=_("Some values are missing or not valid."), fields=fields)


def _route_handler(request: Request) -> HTTPRouteHandler | None:
    """The handler the request was routed to; none when the error came before routing."""
    handler = request.scope.get("route_handler")
    return handler if isinstance(handler, HTTPRouteHandler) else None


def _body_limit(request: Request) -> int | None:
    """The body limit of an upload route (one that sets its own), to say it in the 413 message."""
    handler = _route_handler(request)
    if handler is None or not handler.opt.get("body_limit_setting"):
        return None
    return handler.resolve_request_max_body_size()


def http_error(request: Request, exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    messages = {
        404: _("The page you asked for does not exist or was moved."),
        405: _("This action is not allowed here."),
        413: _("What you sent is too large. Send a smaller file or shorter text."),
    }
    message = messages.get(status, _("Please check what you sent and try again."))
    if status == 413 and (limit := _body_limit(request)):
        message = _("The file is too large: files up to %(size)s MB are accepted. Split it into several files.") % {
            "size": limit // 1_000_000
        }
    if status >= 500:
        logger.error("HTTP %s on %s: %s", status, request.scope["path"], exc.detail)
        message = _("Please try again in a moment. If it keeps happening, tell us.")
    # A 405 says which methods the address takes (Allow, RFC 9110).
    return error_response(request, status=status, message=message, headers=dict(exc.headers or {}) or None)


def busy(request: Request, exc: PoolTimeout) -> Response[Any]:
    """No database connection came free in time: say so and when to retry, rather than queue without end."""
    logger.warning("database pool exhausted on %s", request.scope["path"])
    return error_response(
        request,
        status=503,
        message=_("Too many people are using Sankofa at this moment. Please try again in a few seconds."),
        headers={"Retry-After": str(RETRY_AFTER_BUSY)},
    )


def server_error(request: Request, exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s", request.scope["path"], exc_info=exc)
    return error_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        message=_("Please try again in a moment. If it keeps happening, tell us."),
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error,
    NotAuthorizedException: not_authorized,
    PermissionDeniedException: permission_denied,
    ValidationException: validation_error,
    HTTPException: http_error,
    PoolTimeout: busy,
    Exception: server_error,
}
