"""Home, dashboard and about pages, and the site icon."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices
from sankofa.identity.models import Role, User
from sankofa.organisations import lifecycle as organisations
from sankofa.search import jobs_near
from sankofa.vacancies import fields as vacancy_fields
from web.guards import public
from web.helpers import page
from web.state import context_of

FAVICON = (Path(__file__).resolve().parent / "static" / "favicon.ico").read_bytes()


def _job_card_options() -> dict[str, Any]:
    """The labels a job card needs (see jobs/_result.html)."""
    return {
        "contracts": choices.contract_types(),
        "work_modes": vacancy_fields.work_modes(),
        "salary_periods": vacancy_fields.salary_periods(),
    }


class SitePages(Controller):
    """Home, dashboard, about, the site icon."""

    @get("/", guards=[public], name="home", include_in_schema=False)
    async def home(
        self, request: Request, db: NamedDependency[AsyncSession], user: NamedDependency[User | None]
    ) -> Template:
        """A job search and the newest jobs near the visitor; signed in, the dashboard (with the same for returnees).

        Near: the place picked on the page (`?near=`), else a returnee's regions, else the country of the browser's
        language tag ("fr-SN"), else anywhere.
        """
        locale = context_of(request).locale
        near = jobs_near.chosen_place(request.query_params.get("near"))
        is_returnee = user is not None and user.role == Role.RETURNEE
        countries = {code: choices.country_name(code) for code in jobs_near.countries_with_places()}
        if user is None or user.id is None:
            near = near or jobs_near.Nearby(country=jobs_near.country_hint(request.headers.get("accept-language")))
            jobs = await jobs_near.jobs_near(db, near=near, locale=locale)
            return page("home.html", nearby=jobs, options=_job_card_options(), countries=countries)
        memberships = await organisations.memberships_of(db, user_id=user.id)
        nearby = None
        if is_returnee:
            near = near or await jobs_near.of_returnee(db, user=user)
            nearby = await jobs_near.jobs_near(db, near=near, locale=locale)
        return page(
            "dashboard.html", memberships=memberships, nearby=nearby, options=_job_card_options(), countries=countries
        )

    @get("/about", guards=[public], name="about", include_in_schema=False)
    async def about(
        self,
    ) -> Template:
        """What Sankofa is, and the data it builds on (with attributions)."""
        return page("about.html")

    @get("/favicon.ico", guards=[public], include_in_schema=False)
    async def favicon(
        self,
    ) -> Response[bytes]:
        """The Sankofa mark (web/static/logo.svg) as the icon browsers ask for at the site root."""
        return Response(content=FAVICON, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=604800"})


HANDLERS = [SitePages]
