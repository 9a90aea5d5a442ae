"""The employer profile: edited by the organisation's members, public once the organisation is verified."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import lifecycle as applications
from sankofa.core import choices
from sankofa.core.errors import ValidationFailed
from sankofa.identity.models import Role, User
from sankofa.organisations import employer_profile as employers
from sankofa.organisations.models import Organisation
from sankofa.profiles import editing as profiles
from sankofa.vacancies import reading as vacancies
from web.dependencies import undo_refused
from web.guards import public, roles
from web.helpers import multi_form, page, see_other

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


async def _profile_page(
    db: AsyncSession,
    *,
    org: Organisation,
    values: dict[str, Any] | None = None,
    status: int = 200,
    errors: dict[str, str] | None = None,
    saved: bool = False,
) -> Template:
    return page(
        "organisations/employers/profile.html",
        status=status,
        org=org,
        values=values or employers.form_values(org),
        errors=errors or {},
        saved=saved,
        choices=choices,
        sizes=employers.sizes(),
        regions=await profiles.regions_by_country(db),
    )


class EmployerProfilePages(Controller):
    """The employer profile."""

    @get("/employer/profile", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def profile_form(self, db: Db, user: CurrentUser, saved: FromQuery[str] = "") -> Template:
        """Any member of the employer may edit its profile; its verification status is shown with what it means."""
        assert user is not None
        return await _profile_page(db, org=await vacancies.employer_of(db, user), saved=bool(saved))

    @post("/employer/profile", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def save_profile(self, request: Request, db: Db, user: CurrentUser) -> Template | Redirect:
        assert user is not None
        org = await vacancies.employer_of(db, user)
        form = await multi_form(request, list_fields=frozenset({"sectors", "regions"}))
        try:
            await employers.save_profile(db, org=org, user=user, form=form)
        except ValidationFailed as exc:
            await undo_refused(db)
            org = await vacancies.employer_of(db, user)
            return await _profile_page(db, org=org, values=form, status=422, errors=exc.errors)
        return see_other("/employer/profile?saved=1")

    @get("/employers/{organisation_id:int}", guards=[public], include_in_schema=False)
    async def public_page(self, organisation_id: FromPath[int], db: Db) -> Template:
        """A verified employer's profile, response rate and open vacancies; 404 for unverified or suspended ones."""
        org = await employers.public(db, organisation_id)
        assert org.id is not None
        rates = await applications.response_rates(db, organisation_ids=[org.id])
        return page(
            "organisations/employers/public.html",
            org=org,
            rate=rates.get(org.id),
            open_vacancies=await vacancies.open_for_organisation(db, organisation_id=org.id),
            region_names=await employers.region_names(db, org.regions),
            sectors=[choices.sectors().get(code, code) for code in org.sectors],
            size=employers.sizes().get(org.size or ""),
            choices=choices,
        )


HANDLERS = [EmployerProfilePages]
