"""Participants: the registration form (one step, consent shown), their registrations, cancel, answer an offer."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.core.settings import Settings
from sankofa.events import listing, offers, participants
from sankofa.events import registration as registrations
from sankofa.identity.models import Role, User
from sankofa.organisations.models import Organisation
from web.dependencies import undo_refused
from web.events.pages import labels
from web.guards import roles
from web.helpers import multi_form, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
participants_only = roles(Role.RETURNEE, Role.EMPLOYER, Role.INVESTOR, Role.PARTNER)
LIST_FIELDS = frozenset({"representatives", "vacancies", "sectors", "regions"})


async def _form_page(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    event_id: uuid.UUID,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    locale = context_of(request).locale
    event = await registrations.open_event(db, public_id=event_id)
    offered = await participants.options(db, user=user, event=event, locale=locale)
    category = await registrations.category_for(db, event=event, kind=offered.kind)
    defaults: dict[str, Any] = {"representatives": [str(user.id)]}
    organiser = await db.get(Organisation, event.organisation_id)
    return page(
        "events/register.html",
        status=status,
        event=event,
        offered=offered,
        category=category,
        organiser=organiser.name if organiser else "",
        values=values if values is not None else defaults,
        errors=errors or {},
        **labels(),
    )


class RegistrationPages(Controller):
    """A participant registers, follows and changes their registrations."""

    @get("/events/{event_id:uuid}/register", guards=[participants_only], include_in_schema=False)
    async def form(self, request: Request, event_id: FromPath[uuid.UUID], db: Db, user: CurrentUser) -> Template:
        """The one-step form: for a returnee, exactly which of their details the organisers will see."""
        assert user is not None
        return await _form_page(request, db, user=user, event_id=event_id)

    @post("/events/{event_id:uuid}/register", guards=[participants_only], include_in_schema=False)
    async def register(
        self,
        request: Request,
        event_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """A seat if one is left, else the waiting list; the form comes back with its values on any error."""
        assert user is not None
        form = await multi_form(request, list_fields=LIST_FIELDS)
        try:
            row = await registrations.register(
                db,
                user=user,
                public_id=event_id,
                form=form,
                locale=context_of(request).locale,
                settings=settings,
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _form_page(
                request, db, user=user, event_id=event_id, values=form, errors=exc.errors, status=422
            )
        return see_other(f"/events/{event_id}?done={row.status}#my-registration")

    @get("/registrations", guards=[participants_only], include_in_schema=False)
    async def mine(self, db: Db, user: CurrentUser, done: FromQuery[str] = "") -> Template:
        """The user's registrations: status, offers to answer, cancel."""
        assert user is not None and user.id is not None
        rows = await listing.registrations_of(db, user_id=user.id)
        return page("events/registrations.html", rows=rows, done=done, **labels())

    @post("/registrations/{registration_id:uuid}/cancel", guards=[participants_only], include_in_schema=False)
    async def cancel(
        self,
        request: Request,
        registration_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        assert user is not None
        await registrations.cancel(db, user=user, public_id=registration_id, settings=settings, ip=client_ip(request))
        return see_other("/registrations?done=cancelled")

    @post("/registrations/{registration_id:uuid}/accept", guards=[participants_only], include_in_schema=False)
    async def accept(
        self, registration_id: FromPath[uuid.UUID], db: Db, user: CurrentUser, settings: NamedDependency[Settings]
    ) -> Redirect:
        """Take the seat offered from the waiting list (before its deadline)."""
        assert user is not None
        row = await offers.answer_offer(db, user=user, public_id=registration_id, accept=True, settings=settings)
        return see_other(f"/registrations?done={row.status}")

    @post("/registrations/{registration_id:uuid}/decline", guards=[participants_only], include_in_schema=False)
    async def decline(
        self, registration_id: FromPath[uuid.UUID], db: Db, user: CurrentUser, settings: NamedDependency[Settings]
    ) -> Redirect:
        assert user is not None
        await offers.answer_offer(db, user=user, public_id=registration_id, accept=False, settings=settings)
        return see_other("/registrations?done=declined")


HANDLERS = [RegistrationPages]
