"""Partner caseworkers: consenting returnees, skill validation, needs, measures; admins: data-sharing agreements."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.agreements import sharing as agreement_service
from sankofa.core import choices
from sankofa.core.errors import ValidationFailed
from sankofa.identity.models import Role, User
from sankofa.partners import casework as partners
from sankofa.profiles import visibility
from web.dependencies import commit_despite_error
from web.guards import admin_only, roles
from web.helpers import multi_form, page, see_other
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
caseworkers = roles(Role.PARTNER)
DONE = frozenset({"validated", "unvalidated", "measure", "needs"})
Search = Annotated[str, QueryParameter(query="q", max_length=100)]
PageNumber = Annotated[int, QueryParameter(query="page", ge=1, le=100_000)]


async def _viewer(db: AsyncSession, user: User | None) -> visibility.Viewer:
    assert user is not None
    return await visibility.viewer_for(db, user)


def _case_labels() -> dict[str, Any]:
    return {
        "genders": choices.genders(),
        "return_statuses": choices.return_statuses(helper_view=True),
        "needs_labels": choices.needs(),
        "measure_kinds": choices.measure_kinds(),
        "skill_levels": choices.skill_levels(),
        "acquired_places": choices.acquired_places(),
        "education_levels": choices.education_levels(),
        "language_levels": choices.language_levels(),
        "currencies": choices.CURRENCIES,
        "country_name": choices.country_name,
        "language_name": choices.language_name,
    }


async def _case_page(
    request: Request,
    db: AsyncSession,
    *,
    viewer: visibility.Viewer,
    public_id: uuid.UUID,
    status: int = 200,
    failed: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Template:
    """The case file; after a refused form, that form shows its errors and the values typed."""
    profile, view = await partners.returnee_for_partner(
        db, viewer=viewer, public_id=public_id, ip=client_ip(request), locale=context_of(request).locale
    )
    done = request.query_params.get("done")
    return page(
        "partners/returnee.html",
        status=status,
        view=view,
        public_id=str(profile.public_id),
        org=viewer.organisation,
        failed=failed,
        errors=errors or {},
        values=values or {},
        done=done if done in DONE else None,
        **_case_labels(),
    )


def _back(public_id: uuid.UUID, done: str, anchor: str) -> Redirect:
    return see_other(f"/partner/returnees/{public_id}?done={done}#{anchor}")


async def _agreements_page(
    db: AsyncSession,
    *,
    organisation_id: int,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    added: bool = False,
) -> Template:
    org, agreements = await agreement_service.agreements_of(db, organisation_id)
    return page(
        "partners/agreements.html",
        status=status,
        org=org,
        agreements=agreements,
        groups=list(visibility.FieldGroup),
        errors=errors or {},
        values=values or {},
        added=added,
    )


class CaseworkPages(Controller):
    """Partner caseworkers' pages; admins' agreements."""

    @get("/partner/returnees", guards=[caseworkers], include_in_schema=False)
    async def returnees(self, db: Db, user: CurrentUser, q: Search = "", page_number: PageNumber = 1) -> Template:
        """Returnees who consented to the caseworker's organisation."""
        viewer = await _viewer(db, user)
        listing = await partners.consenting_returnees(db, viewer=viewer, q=q, page=page_number)
        return page("partners/returnees.html", listing=listing, q=q, org=viewer.organisation)

    @get("/partner/returnees/{public_id:uuid}", guards=[caseworkers], include_in_schema=False)
    async def returnee(self, public_id: FromPath[uuid.UUID], request: Request, db: Db, user: CurrentUser) -> Template:
        """A consenting returnee's case file, as the agreement allows (each view is audited)."""
        return await _case_page(request, db, viewer=await _viewer(db, user), public_id=public_id)

    @post(
        "/partner/returnees/{public_id:uuid}/skills/{skill_id:int}/validation",
        guards=[caseworkers],
        include_in_schema=False,
    )
    async def validate_skill(
        self,
        public_id: FromPath[uuid.UUID],
        skill_id: FromPath[int],
        request: Request,
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        viewer = await _viewer(db, user)
        fields = await multi_form(request)
        try:
            await partners.validate_skill(
                db, viewer=viewer, public_id=public_id, skill_id=skill_id, evidence=str(fields.get("evidence", ""))
            )
        except ValidationFailed as exc:
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _case_page(
                request,
                db,
                viewer=viewer,
                public_id=public_id,
                status=422,
                failed=f"skill-{skill_id}",
                errors=exc.errors,
                values=fields,
            )
        return _back(public_id, "validated", f"skill-{skill_id}")

    @post(
        "/partner/returnees/{public_id:uuid}/skills/{skill_id:int}/unvalidate",
        guards=[caseworkers],
        include_in_schema=False,
    )
    async def unvalidate_skill(
        self, public_id: FromPath[uuid.UUID], skill_id: FromPath[int], db: Db, user: CurrentUser
    ) -> Redirect:
        viewer = await _viewer(db, user)
        await partners.unvalidate_skill(db, viewer=viewer, public_id=public_id, skill_id=skill_id)
        return _back(public_id, "unvalidated", f"skill-{skill_id}")

    @post("/partner/returnees/{public_id:uuid}/measures", guards=[caseworkers], include_in_schema=False)
    async def record_measure(
        self, public_id: FromPath[uuid.UUID], request: Request, db: Db, user: CurrentUser
    ) -> Template | Redirect:
        viewer = await _viewer(db, user)
        fields = await multi_form(request)
        try:
            await partners.record_measure(db, viewer=viewer, public_id=public_id, form=fields)
        except ValidationFailed as exc:
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _case_page(
                request,
                db,
                viewer=viewer,
                public_id=public_id,
                status=422,
                failed="measure",
                errors=exc.errors,
                values=fields,
            )
        return _back(public_id, "measure", "measures")

    @post("/partner/returnees/{public_id:uuid}/needs", guards=[caseworkers], include_in_schema=False)
    async def set_needs(
        self, public_id: FromPath[uuid.UUID], request: Request, db: Db, user: CurrentUser
    ) -> Template | Redirect:
        viewer = await _viewer(db, user)
        fields = await multi_form(request, list_fields=frozenset({"needs"}))
        try:
            await partners.set_needs(db, viewer=viewer, public_id=public_id, needs=fields.get("needs", []))
        except ValidationFailed as exc:
            commit_despite_error(db)  # the page shows the profile again: its access audit stays
            return await _case_page(
                request,
                db,
                viewer=viewer,
                public_id=public_id,
                status=422,
                failed="needs",
                errors=exc.errors,
                values=fields,
            )
        return _back(public_id, "needs", "needs")

    @get("/admin/organisations/{organisation_id:int}/agreements", guards=[admin_only], include_in_schema=False)
    async def agreements(self, organisation_id: FromPath[int], db: Db, added: FromQuery[bool] = False) -> Template:
        """A partner's data-sharing agreements: what its caseworkers may see of consenting returnees."""
        return await _agreements_page(db, organisation_id=organisation_id, added=added)

    @post("/admin/organisations/{organisation_id:int}/agreements", guards=[admin_only], include_in_schema=False)
    async def add_agreement(
        self,
        organisation_id: FromPath[int],
        request: Request,
        db: Db,
        user: CurrentUser,
    ) -> Template | Redirect:
        assert user is not None
        fields = await multi_form(request)
        try:
            await agreement_service.add_agreement(db, actor=user, organisation_id=organisation_id, form=fields)
        except ValidationFailed as exc:
            return await _agreements_page(
                db, organisation_id=organisation_id, status=422, errors=exc.errors, values=fields
            )
        return see_other(f"/admin/organisations/{organisation_id}/agreements?added=true")


HANDLERS = [CaseworkPages]
