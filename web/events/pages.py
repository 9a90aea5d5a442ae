"""Public event pages: the search (region, dates, kind) and one event's page, with its calendar entry."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import validation
from sankofa.core.settings import Settings
from sankofa.events import calendar, display, listing, notices, schemas, sharing
from sankofa.events.participants import KIND_OF_ROLE
from sankofa.identity.models import Role, User
from web.guards import public
from web.helpers import page
from web.state import context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
SEARCH_FIELDS = ("region", "kind", "from", "to", "page")


def labels() -> dict[str, Any]:
    """The translated names every event template uses."""
    return {
        "kinds": schemas.kinds(),
        "category_kinds": schemas.category_kinds(),
        "statuses": notices.status_labels(),
        "share_fields": sharing.fields(),
        "span": display.span,
        "day": display.day,
        "clock": display.clock,
        "localized": calendar.localized,
    }


class EventPages(Controller):
    """Anyone finds events and reads their pages."""

    @get("/events", guards=[public], include_in_schema=False)
    async def search(self, request: Request, db: Db) -> Template:
        """Upcoming events, soonest first; a wrong filter value is named and left out of the search."""
        raw = {name: validation.clean_text(request.query_params.get(name) or "") for name in SEARCH_FIELDS}
        query, errors = listing.parse_query(raw)
        locale = context_of(request).locale
        result = await listing.search(db, query=query, locale=locale)
        kept = {name: value for name, value in raw.items() if value and name != "page"}
        return page(
            "events/list.html",
            status=422 if errors else 200,
            result=result,
            values=raw,
            errors=errors,
            page_link=lambda number: "/events?" + urlencode({**kept, "page": number}),
            **labels(),
        )

    @get("/events/{event_id:uuid}", guards=[public], include_in_schema=False)
    async def detail(
        self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser, done: FromQuery[str] = ""
    ) -> Template:
        """The event: description in the reader's language, venue and map, sessions, seats per category."""
        locale = context_of(request).locale
        view = await listing.page(db, public_id=event_id, user=user, locale=locale)
        my_kind = KIND_OF_ROLE.get(Role(user.role)) if user is not None and user.role in set(Role) else None
        return page("events/detail.html", view=view, my_kind=my_kind, done=done, locale=locale, **labels())

    @get("/events/{event_id:uuid}/calendar.ics", guards=[public], include_in_schema=False)
    async def calendar_entry(
        self,
        request: Request,
        event_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        """The event as a calendar file (anyone may add a published event to their calendar)."""
        locale = context_of(request).locale
        view = await listing.page(db, public_id=event_id, user=user, locale=locale)
        content = calendar.for_event(
            view.event,
            organiser=view.organiser.name,
            locale=locale,
            link=f"{settings.base_url}/events/{event_id}",
            mail_from=settings.mail_from,
        )
        return Response(
            content.encode(),
            media_type="text/calendar; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="event-{str(event_id)[:8]}.ics"'},
        )


HANDLERS = [EventPages]
