"""Verification of organisations and of new names (admins; partner caseworkers for employers); the mail outbox."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import mail
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations import names as organisation_names
from sankofa.organisations.models import OrgKind, OrgStatus
from web.guards import admin_only, verifiers
from web.helpers import form_fields, page, see_other

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
STATUSES = tuple(OrgStatus)


class VerificationPages(Controller):
    """Verification of organisations and new names; the outbox."""

    @get("/verification", guards=[verifiers], include_in_schema=False)
    async def verification_queue(self, db: Db, user: CurrentUser, status: FromQuery[str] = "unverified") -> Template:
        """Organisations waiting for a decision (partners see employers only)."""
        assert user is not None
        kind = None if user.role == Role.ADMIN else OrgKind.EMPLOYER
        chosen = status if status in STATUSES else OrgStatus.UNVERIFIED
        orgs = await organisations.listing(db, status=chosen, kind=kind)
        renames = await organisation_names.waiting(db, actor=user)
        return page(
            "organisations/admin/verification.html",
            orgs=orgs,
            renames=renames,
            current_status=chosen,
            statuses=STATUSES,
        )

    @post("/verification/{organisation_id:int}", guards=[verifiers], include_in_schema=False)
    async def decide(self, organisation_id: FromPath[int], request: Request, db: Db, user: CurrentUser) -> Redirect:
        assert user is not None
        fields = await form_fields(request)
        status = fields.get("status", "")
        if status not in STATUSES:
            raise ValidationFailed({"status": _("Choose a status from the list.")})
        await organisations.set_status(db, organisation_id=organisation_id, status=OrgStatus(status), actor=user)
        return see_other("/verification")

    @post("/verification/{organisation_id:int}/name", guards=[verifiers], include_in_schema=False)
    async def decide_name(
        self,
        organisation_id: FromPath[int],
        request: Request,
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """Approve or refuse the new name a verified organisation asked for."""
        assert user is not None
        fields = await form_fields(request)
        await organisation_names.decide(
            db,
            organisation_id=organisation_id,
            name=fields.get("name", ""),
            decision=fields.get("decision", ""),
            actor=user,
            settings=settings,
        )
        return see_other("/verification")

    @get("/admin/outbox", guards=[admin_only], include_in_schema=False)
    async def outbox(self, db: Db) -> Template:
        """Mails held because no SMTP server is configured (development)."""
        return page("organisations/admin/outbox.html", mails=await mail.held(db))


HANDLERS = [VerificationPages]
