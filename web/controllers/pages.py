"""Home, dashboard and about pages."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import User
from sankofa.services import organisations
from web.controllers._helpers import page
from web.guards import public


@get("/", guards=[public], name="home", include_in_schema=False)
async def home(request: Request, db: NamedDependency[AsyncSession], user: NamedDependency[User | None]) -> Template:  # type: ignore[type-arg]
    """Landing page for visitors; the signed-in dashboard for everyone else."""
    if user is None or user.id is None:
        return page("home.html")
    memberships = await organisations.memberships_of(db, user_id=user.id)
    return page("dashboard.html", memberships=memberships)


@get("/about", guards=[public], name="about", include_in_schema=False)
async def about() -> Template:
    """What Sankofa is, and the data it builds on (with attributions)."""
    return page("about.html")


HANDLERS = [home, about]
