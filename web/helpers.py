"""Small helpers shared by controllers: reading forms, safe redirects, page rendering."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from litestar import Request
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import validation
from sankofa.core.settings import Settings
from sankofa.identity import sessions as web_sessions
from sankofa.identity.models import User, WebSession
from web.state import context_of


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted form as plain strings (first value of each field; files ignored; control characters removed)."""
    form = await request.form()
    fields: dict[str, str] = {}
    for key in form:
        first = next((value for value in form.getall(key) if isinstance(value, str)), None)
        if first is not None and key != "_csrf":
            fields[validation.clean_text(key)] = validation.clean_text(first)
    return fields


async def multi_form(request: Request, *, list_fields: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The submitted form; fields sent several times (checkboxes), or named in `list_fields`, become lists."""
    form = await request.form()
    fields: dict[str, Any] = {}
    for key in set(form.keys()):
        if key == "_csrf":
            continue
        values = [validation.clean_text(value) for value in form.getall(key) if isinstance(value, str)]
        name = validation.clean_text(key)
        fields[name] = values if len(values) > 1 or key in list_fields else (values[0] if values else "")
    return fields


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths: an open redirect would help phishing."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return default if parts.scheme or parts.netloc else target


def see_other(path: str) -> Redirect:
    return Redirect(path=path, status_code=303)


def page(template: str, *, status: int = 200, **context: Any) -> Template:
    return Template(template_name=template, context=context, status_code=status)


def login_as(request: Request, cookie: str) -> None:
    """Hand the new session cookie to the response (set by the headers middleware)."""
    ctx = context_of(request)
    ctx.new_session_cookie = cookie


async def start_session(request: Request, db: AsyncSession, *, user: User, settings: Settings) -> WebSession:
    """Log `user` in with a fresh session id (the old session ends: no session fixation); returns the new row."""
    ctx = context_of(request)
    cookie, row = await web_sessions.rotate(
        db,
        old=ctx.session.row if ctx.session else None,
        user_id=user.id,
        lifetime=timedelta(days=settings.session_days),
    )
    login_as(request, cookie)
    return row
