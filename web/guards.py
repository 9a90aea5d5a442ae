"""Route guards. Every route handler names its guard explicitly; tests/web/test_route_access.py walks them."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from sankofa.identity.models import Role

Guard = Callable[[ASGIConnection, BaseRouteHandler], Coroutine[Any, Any, None]]


def _user(connection: ASGIConnection):
    ctx = getattr(connection.state, "ctx", None)
    return ctx.user if ctx else None


async def public(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Anyone, signed in or not."""


async def signed_in(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Any signed-in account."""
    if _user(connection) is None:
        raise NotAuthorizedException()


def roles(*allowed: Role) -> Guard:
    """Signed-in accounts with one of `allowed` roles (admins are not implied)."""
    names = frozenset(str(role) for role in allowed)

    async def guard(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
        user = _user(connection)
        if user is None:
            raise NotAuthorizedException()
        if user.role not in names:
            raise PermissionDeniedException()

    guard.__name__ = "roles_" + "_".join(sorted(names))
    guard.allowed_roles = names  # type: ignore[attr-defined]
    return guard


admin_only = roles(Role.ADMIN)
org_members = roles(Role.EMPLOYER, Role.AUTHORITY, Role.PARTNER, Role.INVESTOR)
verifiers = roles(Role.ADMIN, Role.PARTNER)
