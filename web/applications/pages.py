"""Applications: apply to a vacancy, the returnee's list, one application (both sides), the employer's board."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import lifecycle as applications
from sankofa.applications import messages as application_messages
from sankofa.applications import pipeline as application_pipeline
from sankofa.core import inputs
from sankofa.core.errors import Conflict, ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from web.dependencies import undo_refused
from web.guards import roles
from web.helpers import form_fields, page, safe_next, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
parties = roles(Role.RETURNEE, Role.EMPLOYER)


def _htmx(request: Request) -> bool:
    """An htmx swap of part of the page (a boosted link or form wants the whole page)."""
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-boosted")


def _context(**extra: Any) -> dict[str, Any]:
    return {"status_label": applications.status_label, **extra}


async def _detail(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    application_id: int,
    status: int = 200,
    errors: dict[str, str] | None = None,
    body: str = "",
) -> Template:
    detail = await application_pipeline.open_application(
        db, user=user, application_id=application_id, locale=context_of(request).locale, ip=client_ip(request)
    )
    return page(
        "applications/detail.html",
        status=status,
        detail=detail,
        access=detail.access,
        application=detail.access.application,
        errors=errors or {},
        body=body,
        max_body=application_messages.MAX_BODY,
        **_context(),
    )


async def _board(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    public_id: uuid.UUID,
    status: int = 200,
    error: str = "",
) -> Template:
    result = await application_pipeline.board(
        db, user=user, public_id=public_id, locale=context_of(request).locale, ip=client_ip(request)
    )
    template = "applications/_board.html" if _htmx(request) else "applications/board.html"
    return page(template, status=status, board=result, error=error, **_context())


class ApplicationPages(Controller):
    """Applications, both sides."""

    @post("/jobs/{public_id:uuid}/apply", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def apply(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Apply in one step; errors re-show the form with the message kept (422), a second application is a 409."""
        assert user is not None
        message = (await form_fields(request)).get("message", "")
        try:
            application = await applications.apply(
                db, user=user, public_id=public_id, message=message, settings=settings, ip=client_ip(request)
            )
        except (ValidationFailed, Conflict) as exc:
            await undo_refused(db)
            vacancy, organisation = await applications.public_vacancy(db, public_id=public_id)
            box = await applications.apply_box(db, user=user, vacancy=vacancy)
            return page(
                "applications/apply.html",
                status=exc.status,
                vacancy=vacancy,
                organisation=organisation,
                apply_box=box,
                notice=exc.message,
                apply_errors=exc.errors if isinstance(exc, ValidationFailed) else {},
                apply_message=message,
                **_context(),
            )
        return see_other(f"/applications/{application.id}")

    @get("/applications", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def my_applications(self, db: Db, user: CurrentUser) -> Template:
        assert user is not None
        return page("applications/list.html", rows=await applications.mine(db, user=user), **_context())

    @get("/applications/{application_id:int}", guards=[parties], include_in_schema=False)
    async def application_detail(
        self,
        request: Request,
        application_id: FromPath[int],
        db: Db,
        user: CurrentUser,
    ) -> Template:
        """The returnee sees history and messages; an employer also sees the applicant (and marks it viewed)."""
        assert user is not None
        return await _detail(request, db, user=user, application_id=application_id)

    @post("/applications/{application_id:int}/messages", guards=[parties], include_in_schema=False)
    async def send_message(
        self,
        request: Request,
        application_id: FromPath[int],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        assert user is not None
        body = (await form_fields(request)).get("body", "")
        try:
            await application_messages.send(
                db, user=user, application_id=application_id, body=body, settings=settings, ip=client_ip(request)
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _detail(
                request, db, user=user, application_id=application_id, status=422, errors=exc.errors, body=body
            )
        return see_other(f"/applications/{application_id}#messages")

    @post("/applications/{application_id:int}/withdraw", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def withdraw(
        self,
        request: Request,
        application_id: FromPath[int],
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        assert user is not None
        try:
            await applications.withdraw(db, user=user, application_id=application_id, ip=client_ip(request))
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _detail(request, db, user=user, application_id=application_id, status=422, errors=exc.errors)
        return see_other(f"/applications/{application_id}")

    @get("/employer/vacancies/{public_id:uuid}/applications", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def vacancy_board(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template:
        """The pipeline of one vacancy: a column per status, buttons (or drag and drop) to move applications."""
        assert user is not None
        return await _board(request, db, user=user, public_id=public_id)

    @post("/employer/applications/{application_id:int}/status", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def change_status(
        self,
        request: Request,
        application_id: FromPath[int],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Move an application; htmx gets the board back, a plain form goes back where it came from (`next`)."""
        assert user is not None
        fields = await form_fields(request)
        back = safe_next(fields.get("next"), f"/applications/{application_id}")
        try:
            await application_pipeline.change_status(
                db,
                user=user,
                application_id=application_id,
                status=fields.get("status", ""),
                note=fields.get("note", ""),
                settings=settings,
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            message = " ".join(exc.errors.values()) or exc.message
            vacancy_id = inputs.uuid_value(fields, "vacancy")
            if vacancy_id:
                return await _board(request, db, user=user, public_id=vacancy_id, status=422, error=message)
            return await _detail(request, db, user=user, application_id=application_id, status=422, errors=exc.errors)
        if _htmx(request) and (vacancy_id := inputs.uuid_value(fields, "vacancy")):
            return await _board(request, db, user=user, public_id=vacancy_id)
        return see_other(back)


HANDLERS = [ApplicationPages]
