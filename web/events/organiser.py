"""Organisers (a verified local authority, co-organising partners): their events, the form, publish, cancel, the
registrations per category with approve/reject, and the CSV of what registrants agreed to share."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import Conflict, PermissionDenied, ValidationFailed
from sankofa.core.settings import Settings
from sankofa.events import access, decisions, editing, lifecycle, listing, roster, schemas
from sankofa.events.models import Event
from sankofa.identity.models import Role, User
from sankofa.reference import vocabulary
from web.dependencies import commit_despite_error, undo_refused
from web.events.pages import labels
from web.guards import roles
from web.helpers import form_fields, multi_form, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
organisers = roles(Role.AUTHORITY, Role.PARTNER)
authorities = roles(Role.AUTHORITY)  # partners co-organise; only an authority creates
LIST_FIELDS = frozenset({"shared_fields", "co_organisers"})


async def event_form(request: Request) -> dict[str, Any]:
    """The form as `schemas.parse` reads it; the place typed without choosing a suggestion stands in for its id."""
    form = await multi_form(request, list_fields=LIST_FIELDS)
    if not str(form.get("location") or "").strip():
        form["location"] = str(form.get("location_text") or "").strip()
    return form


async def _form_page(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    event: Event | None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str = "",
    status: int = 200,
    more: str = "",
) -> Template:
    if values is None:
        values = await editing.form_values(db, event) if event else editing.new_values()
    location = str(values.get("location") or "")
    location_label = vocabulary.place_label(location, locale=context_of(request).locale) if ":" in location else None
    return page(
        "events/organiser/form.html",
        status=status,
        event=event,
        values=values,
        errors=errors or {},
        message=message,
        location_label=location_label or str(values.get("location_text") or location),
        session_rows=editing.rows(values, "session", most=schemas.MAX_SESSIONS, more=more == "session"),
        question_rows=editing.rows(values, "question", most=schemas.MAX_QUESTIONS, more=more == "question"),
        partners={str(org_id): name for org_id, name in (await lifecycle.partner_choices(db)).items()},
        modes=schemas.registration_modes(),
        timezones=schemas.TIMEZONES,
        langs=schemas.LANGS,
        **labels(),
    )


async def _submit(
    request: Request, db: AsyncSession, *, user: User, public_id: uuid.UUID | None, settings: Settings
) -> Template | Redirect:
    existing = (await access.managed(db, user=user, public_id=public_id))[0] if public_id else None
    form = await event_form(request)
    action = str(form.pop("action", "") or "save")
    if action in {"add_session", "add_question"}:  # the no-JavaScript "add a row": the form comes back, unsaved
        return await _form_page(request, db, user=user, event=existing, values=form, more=action.removeprefix("add_"))
    try:
        event = await lifecycle.save(
            db,
            user=user,
            public_id=public_id,
            form=form,
            locale=context_of(request).locale,
            settings=settings,
            ip=client_ip(request),
        )
    except ValidationFailed as exc:
        await undo_refused(db)
        existing = (await access.managed(db, user=user, public_id=public_id))[0] if public_id else None
        return await _form_page(request, db, user=user, event=existing, values=form, errors=exc.errors, status=422)
    if action == "publish":
        return await _publish_or_explain(request, db, user=user, event=event)
    return see_other(f"/organiser/events?done=saved#e-{event.public_id}")


async def _publish_or_explain(request: Request, db: AsyncSession, *, user: User, event: Event) -> Template | Redirect:
    public_id = event.public_id
    try:
        async with db.begin_nested():  # a refused publication keeps the draft just saved
            await lifecycle.publish(db, user=user, public_id=public_id, ip=client_ip(request))
    except (ValidationFailed, PermissionDenied, Conflict) as exc:
        commit_despite_error(db)
        fresh, _org = await access.managed(db, user=user, public_id=public_id)
        errors = exc.errors if isinstance(exc, ValidationFailed) else {}
        return await _form_page(
            request, db, user=user, event=fresh, errors=errors, message=exc.message, status=exc.status
        )
    return see_other(f"/events/{public_id}?done=published")


class OrganiserPages(Controller):
    """Events of the user's local authority, and those their partner organisation co-organises."""

    @get("/organiser/events", guards=[organisers], include_in_schema=False)
    async def own_list(self, db: Db, user: CurrentUser, done: FromQuery[str] = "") -> Template:
        assert user is not None
        rows = await listing.organised(db, user=user)
        can_create = any(org.kind == "authority" for org in await access.organiser_orgs(db, user))
        return page("events/organiser/list.html", rows=rows, done=done, can_create=can_create, **labels())

    @get("/organiser/events/new", guards=[authorities], include_in_schema=False)
    async def new_form(self, request: Request, db: Db, user: CurrentUser) -> Template:
        assert user is not None
        await access.authority_of(db, user)  # an unverified authority is told why here
        return await _form_page(request, db, user=user, event=None)

    @post("/organiser/events/new", guards=[authorities], include_in_schema=False)
    async def create(
        self, request: Request, db: Db, user: CurrentUser, settings: NamedDependency[Settings]
    ) -> Template | Redirect:
        assert user is not None
        await access.authority_of(db, user)
        return await _submit(request, db, user=user, public_id=None, settings=settings)

    @get("/organiser/events/{event_id:uuid}/edit", guards=[organisers], include_in_schema=False)
    async def edit_form(self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Template:
        assert user is not None
        event, _org = await access.managed(db, user=user, public_id=event_id)
        return await _form_page(request, db, user=user, event=event)

    @post("/organiser/events/{event_id:uuid}/edit", guards=[organisers], include_in_schema=False)
    async def update(
        self,
        request: Request,
        event_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        assert user is not None
        return await _submit(request, db, user=user, public_id=event_id, settings=settings)

    @post("/organiser/events/{event_id:uuid}/publish", guards=[organisers], include_in_schema=False)
    async def publish(
        self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser
    ) -> Template | Redirect:
        assert user is not None
        event, _org = await access.managed(db, user=user, public_id=event_id)
        return await _publish_or_explain(request, db, user=user, event=event)

    @get("/organiser/events/{event_id:uuid}/cancel", guards=[organisers], include_in_schema=False)
    async def cancel_form(self, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Template:
        """Confirm first: every registrant is told and their calendar entry removed."""
        assert user is not None
        event, _org = await access.managed(db, user=user, public_id=event_id)
        people = len(await lifecycle.holders(db, event_id=event.id or 0))
        return page("events/organiser/cancel.html", event=event, people=people, errors={}, values={}, **labels())

    @post("/organiser/events/{event_id:uuid}/cancel", guards=[organisers], include_in_schema=False)
    async def cancel(
        self,
        request: Request,
        event_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        assert user is not None
        fields = await form_fields(request)
        try:
            await lifecycle.cancel(
                db,
                user=user,
                public_id=event_id,
                reason=fields.get("reason", ""),
                settings=settings,
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            event, _org = await access.managed(db, user=user, public_id=event_id)
            people = len(await lifecycle.holders(db, event_id=event.id or 0))
            return page(
                "events/organiser/cancel.html",
                status=422,
                event=event,
                people=people,
                errors=exc.errors,
                values=fields,
                **labels(),
            )
        return see_other(f"/organiser/events?done=cancelled#e-{event_id}")

    @get("/organiser/events/{event_id:uuid}/registrations", guards=[organisers], include_in_schema=False)
    async def registrations(
        self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser, done: FromQuery[str] = ""
    ) -> Template:
        """Registrations per category, waiting lists in the order seats are offered; approve or reject."""
        assert user is not None
        found = await roster.build(
            db, user=user, public_id=event_id, locale=context_of(request).locale, context="list", ip=client_ip(request)
        )
        return page("events/organiser/registrations.html", roster=found, done=done, **labels())

    @get("/organiser/events/{event_id:uuid}/registrations.csv", guards=[organisers], include_in_schema=False)
    async def registrations_csv(
        self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser
    ) -> Response[bytes]:
        assert user is not None
        locale = context_of(request).locale
        found = await roster.build(
            db, user=user, public_id=event_id, locale=locale, context="csv", ip=client_ip(request)
        )
        return Response(
            roster.csv_file(found, locale=locale),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="registrations-{str(event_id)[:8]}.csv"'},
        )

    @post("/organiser/registrations/{registration_id:uuid}/approve", guards=[organisers], include_in_schema=False)
    async def approve(
        self,
        request: Request,
        registration_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        assert user is not None
        row = await decisions.decide(
            db, user=user, public_id=registration_id, approve=True, settings=settings, ip=client_ip(request)
        )
        return await _back_to_roster(db, row.event_id, "approved")

    @post("/organiser/registrations/{registration_id:uuid}/reject", guards=[organisers], include_in_schema=False)
    async def reject(
        self,
        request: Request,
        registration_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        assert user is not None
        row = await decisions.decide(
            db, user=user, public_id=registration_id, approve=False, settings=settings, ip=client_ip(request)
        )
        return await _back_to_roster(db, row.event_id, "rejected")

    @post("/organiser/registrations/{registration_id:uuid}/priority", guards=[organisers], include_in_schema=False)
    async def prioritise(
        self, request: Request, registration_id: FromPath[uuid.UUID], db: Db, user: CurrentUser
    ) -> Redirect:
        """Raise (or lower) a waitlisted person's place: higher priorities are offered a freed seat first."""
        assert user is not None
        fields = await form_fields(request)
        raw = fields.get("priority", "")
        priority = int(raw) if raw.isdigit() and len(raw) < 3 else -1
        row = await decisions.prioritise(
            db, user=user, public_id=registration_id, priority=priority, ip=client_ip(request)
        )
        return await _back_to_roster(db, row.event_id, "prioritised")


async def _back_to_roster(db: AsyncSession, event_id: int, done: str) -> Redirect:
    event = await db.get(Event, event_id)
    assert event is not None
    return see_other(f"/organiser/events/{event.public_id}/registrations?done={done}")


HANDLERS = [OrganiserPages]
