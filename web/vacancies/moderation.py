"""Reporting a vacancy (anyone) and the moderation queue (admins and partner caseworkers)."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.errors import ValidationFailed
from sankofa.core.settings import Settings
from sankofa.identity.models import User
from sankofa.vacancies import moderation
from sankofa.vacancies import reading as vacancies
from web.dependencies import undo_refused
from web.guards import public, verifiers
from web.helpers import form_fields, page, see_other
from web.state import client_ip
from web.vacancies.pages import vacancy_page

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


async def _queue_page(
    db: AsyncSession, *, done: str = "", status: int = 200, errors: dict[str, str] | None = None
) -> Template:
    return page(
        "vacancies/moderation/reports.html",
        status=status,
        items=await moderation.open_queue(db),
        reasons=moderation.reasons(),
        actions=moderation.actions(),
        done=done,
        errors=errors or {},
        status_labels=vacancies.status_labels(),
    )


class ModerationPages(Controller):
    """Reporting a vacancy and the moderation queue."""

    @post("/jobs/{public_id:uuid}/report", guards=[public], include_in_schema=False)
    async def report(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        """Anyone may report an offer (scam, payment asked, trafficking risk...); rate-limited per address."""
        fields = await form_fields(request)
        try:
            await moderation.report(
                db,
                public_id=public_id,
                reporter=user,
                reason=fields.get("reason", ""),
                details=fields.get("details", ""),
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await vacancy_page(
                request, db, user=user, public_id=public_id, status=422, report_errors=exc.errors, report_values=fields
            )
        return see_other(f"/jobs/{public_id}?reported=1#report")

    @get("/moderation/reports", guards=[verifiers], include_in_schema=False)
    async def queue(self, db: Db, done: FromQuery[str] = "") -> Template:
        """Open reports grouped by vacancy, with the employer and its status."""
        return await _queue_page(db, done=done)

    @post("/moderation/reports/{report_id:int}", guards=[verifiers], include_in_schema=False)
    async def resolve(
        self,
        request: Request,
        report_id: FromPath[int],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        """Dismiss, remove the vacancy (its employer is told by mail) or suspend the employer, with a note."""
        assert user is not None
        fields = await form_fields(request)
        action = fields.get("action", "")
        try:
            await moderation.resolve(
                db, report_id=report_id, action=action, note=fields.get("note", ""), actor=user, settings=settings
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _queue_page(db, status=422, errors=exc.errors)
        return see_other(f"/moderation/reports?done={action}")


HANDLERS = [ModerationPages]
