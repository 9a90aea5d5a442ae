"""Candidates for employers and investors (anonymous unless granted), contact requests, the returnee's CV."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, i18n
from sankofa.core.errors import Conflict, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.settings import LOCALES, Settings
from sankofa.identity.models import Role, User
from sankofa.profiles import contacts, visibility
from sankofa.search import candidates
from web.dependencies import undo_refused
from web.guards import roles
from web.helpers import form_fields, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
finders = roles(Role.EMPLOYER, Role.INVESTOR)
DECISIONS = {"accept": True, "decline": False}
PageNumber = Annotated[int, QueryParameter(name="page", ge=1, le=10_000)]


async def _detail_page(
    request: Request,
    db: AsyncSession,
    *,
    user: User,
    public_id: uuid.UUID,
    status: int = 200,
    errors: dict[str, str] | None = None,
    message: str = "",
    notice: str | None = None,
) -> Template:
    detail = await candidates.candidate_detail(
        db,
        viewer=await visibility.viewer_for(db, user),
        public_id=public_id,
        ip=client_ip(request),
        locale=context_of(request).locale,
    )
    return page(
        "search/candidates/detail.html",
        status=status,
        detail=detail,
        view=detail.view,
        choices=choices,
        errors=errors or {},
        message=message,
        notice=notice,
        max_message=contacts.MAX_MESSAGE,
    )


class CandidatePages(Controller):
    """Candidates, contact requests, the CV."""

    @get("/candidates", guards=[finders], include_in_schema=False)
    async def candidate_list(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        q: FromQuery[str] = "",
        region: FromQuery[str] = "",
        skill: FromQuery[str] = "",
        skill_text: FromQuery[str] = "",
        page_number: PageNumber = 1,
    ) -> Template:
        """Filters are query parameters, so a search is a URL one can bookmark or share."""
        assert user is not None
        result = await candidates.listing(
            db,
            viewer=await visibility.viewer_for(db, user),
            q=q,
            region=region,
            skill_uri=skill,
            skill_text=skill_text,
            page=page_number,
            locale=context_of(request).locale,
            ip=client_ip(request),
        )
        return page("search/candidates/list.html", result=result, choices=choices)

    @get("/candidates/{public_id:uuid}", guards=[finders], include_in_schema=False)
    async def candidate_detail(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        sent: FromQuery[str] = "",
    ) -> Template:
        """Anonymous professional profile, or with name and contact once granted; every view is audited."""
        assert user is not None
        notice = _("Your request was sent. You will see the name and contact details if the person accepts.")
        return await _detail_page(request, db, user=user, public_id=public_id, notice=notice if sent else None)

    @post("/candidates/{public_id:uuid}/contact", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def request_contact(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        settings: NamedDependency[Settings],
    ) -> Template | Redirect:
        assert user is not None
        fields = await form_fields(request)
        try:
            await contacts.request_contact(
                db,
                viewer=await visibility.viewer_for(db, user),
                public_id=public_id,
                message=fields.get("message", ""),
                settings=settings,
                ip=client_ip(request),
            )
        except ValidationFailed as exc:
            await undo_refused(db)
            return await _detail_page(
                request,
                db,
                user=user,
                public_id=public_id,
                status=422,
                errors=exc.errors,
                message=fields.get("message", ""),
            )
        except Conflict as exc:
            await undo_refused(db)
            return await _detail_page(request, db, user=user, public_id=public_id, status=409, notice=exc.message)
        return see_other(f"/candidates/{public_id}?sent=1")

    @get("/profile/requests", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def my_requests(self, db: Db, user: CurrentUser) -> Template:
        """Who asked to contact me; I accept (they see my name and contact) or decline (I stay anonymous)."""
        assert user is not None
        return page("search/candidates/requests.html", rows=await contacts.requests_for(db, user=user))

    @post("/profile/requests/{request_id:int}", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def answer_request(
        self,
        request: Request,
        request_id: FromPath[int],
        db: Db,
        user: CurrentUser,
    ) -> Redirect:
        assert user is not None
        fields = await form_fields(request)
        decision = fields.get("decision", "")
        if decision not in DECISIONS:
            raise ValidationFailed({"decision": _("Choose to accept or decline.")})
        await contacts.respond(db, user=user, request_id=request_id, accept=DECISIONS[decision], ip=client_ip(request))
        return see_other("/profile/requests")

    @get("/profiles/{public_id:uuid}/cv", guards=[roles(Role.RETURNEE, Role.ADMIN)], include_in_schema=False)
    async def cv(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        language: FromQuery[str] = "",
    ) -> Template:
        """A printable CV in the chosen language (the browser saves it as PDF); the returnee and admins only."""
        assert user is not None
        # Not `?lang=`: that would also switch (and remember) the interface language.
        chosen = language if language in LOCALES else context_of(request).locale
        i18n.set_locale(chosen)  # headings in the CV's language, whatever the interface language
        view = await candidates.curriculum(
            db, viewer=await visibility.viewer_for(db, user), public_id=public_id, lang=chosen, ip=client_ip(request)
        )
        return page("search/cv/cv.html", view=view, lang=chosen, rtl=i18n.is_rtl(chosen), choices=choices)


HANDLERS = [CandidatePages]
