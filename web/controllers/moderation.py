"""Reporting a vacancy (anyone) and the moderation queue (admins and partner caseworkers)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import User
from sankofa.errors import ValidationFailed
from sankofa.services import moderation, vacancies
from sankofa.settings import Settings
from web.controllers._helpers import form_fields, page, see_other
from web.controllers.vacancies import vacancy_page
from web.dependencies import undo_refused
from web.guards import public, verifiers
from web.state import client_ip

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


@post("/jobs/{public_id:str}/report", guards=[public], include_in_schema=False)
async def report(
    request: Request,
    public_id: FromPath[str],
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


async def _queue_page(
    db: AsyncSession, *, done: str = "", status: int = 200, errors: dict[str, str] | None = None
) -> Template:
    return page(
        "moderation/reports.html",
        status=status,
        items=await moderation.open_queue(db),
        reasons=moderation.reasons(),
        actions=moderation.actions(),
        done=done,
        errors=errors or {},
        status_labels=vacancies.status_labels(),
    )


@get("/moderation/reports", guards=[verifiers], include_in_schema=False)
async def queue(db: Db, done: FromQuery[str] = "") -> Template:
    """Open reports grouped by vacancy, with the employer and its status."""
    return await _queue_page(db, done=done)


@post("/moderation/reports/{report_id:int}", guards=[verifiers], include_in_schema=False)
async def resolve(
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


HANDLERS: list[object] = [report, queue, resolve]
