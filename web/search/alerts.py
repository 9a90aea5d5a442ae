"""Saved searches and job alerts: save from the search page, list and manage, one-click unsubscribe."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.search import alerts
from sankofa.search import params as job_search_params
from sankofa.search.models import SavedSearch
from web.dependencies import undo_refused
from web.guards import public, roles
from web.helpers import form_fields, page, see_other
from web.state import context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
returnees = roles(Role.RETURNEE)


def _rows(searches: list[SavedSearch]) -> list[dict[str, Any]]:
    return [{"search": s, "url": "/jobs?" + urlencode(alerts.query_of(s)) if s.query else "/jobs"} for s in searches]


async def _list_page(
    db: AsyncSession,
    *,
    user: User,
    status: int = 200,
    draft: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
) -> Template:
    return page(
        "search/alerts/list.html",
        status=status,
        rows=_rows(await alerts.list_for(db, user=user)),
        frequencies=alerts.frequencies(),
        draft=draft,
        errors=errors or {},
        notice=notice,
    )


class AlertPages(Controller):
    """Saved searches and job alerts."""

    @get("/jobs/alerts", guards=[returnees], include_in_schema=False)
    async def alert_list(self, db: Db, user: CurrentUser, saved: FromQuery[str] = "") -> Template:
        """My saved searches: how often each is mailed; pause, resume or delete."""
        assert user is not None
        notice = _("Search saved. We will email you new matching jobs.") if saved else None
        return await _list_page(db, user=user, notice=notice)

    @post("/jobs/alerts", guards=[returnees], include_in_schema=False)
    async def alert_create(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Save the search whose parameters the form carries (hidden fields) under a name, with a frequency."""
        assert user is not None
        fields = await form_fields(request)
        query = {name: fields[name] for name in job_search_params.NAMES if fields.get(name)}
        name, frequency = fields.get("name", ""), fields.get("frequency", "")
        try:
            await alerts.create(
                db,
                user=user,
                name=name,
                frequency=frequency,
                query=query,
                settings=settings,
                locale=context_of(request).locale,
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            draft = {"name": name, "frequency": frequency, "query": query}
            return await _list_page(db, user=user, status=422, draft=draft, errors=exc.errors)
        return see_other("/jobs/alerts?saved=1")

    @post("/jobs/alerts/{search_id:int}", guards=[returnees], include_in_schema=False)
    async def alert_update(
        self,
        request: Request,
        search_id: FromPath[int],
        db: Db,
        user: CurrentUser,
    ) -> Redirect:
        """Change the frequency (`frequency`) or pause / resume (`active` = 0 / 1)."""
        assert user is not None
        fields = await form_fields(request)
        active = fields.get("active")
        await alerts.update(
            db,
            user=user,
            search_id=search_id,
            frequency=fields.get("frequency") or None,
            active=None if active not in ("0", "1") else active == "1",
        )
        return see_other("/jobs/alerts")

    @post("/jobs/alerts/{search_id:int}/delete", guards=[returnees], include_in_schema=False)
    async def alert_delete(self, search_id: FromPath[int], db: Db, user: CurrentUser) -> Redirect:
        assert user is not None
        await alerts.delete(db, user=user, search_id=search_id)
        return see_other("/jobs/alerts")

    @get("/alerts/unsubscribe/{token:str}", guards=[public], include_in_schema=False)
    async def unsubscribe_page(self, token: FromPath[str], db: Db) -> Template:
        """A page with one button: mail scanners open links, so a GET never unsubscribes."""
        search = await alerts.by_token(db, token=token)
        return page("search/alerts/unsubscribe.html", search=search, token=token, done=False)

    @post(
        "/alerts/unsubscribe/{token:str}",
        guards=[public],
        include_in_schema=False,
        # Mail clients POST here (List-Unsubscribe-Post, RFC 8058) without any session: the token is the proof.
        opt={"csrf_exempt": True},
    )
    async def unsubscribe(self, token: FromPath[str], db: Db) -> Template:
        search = await alerts.unsubscribe(db, token=token)
        return page("search/alerts/unsubscribe.html", search=search, token=token, done=True)


HANDLERS = [AlertPages]
