"""Ranked recommendations with reasons: jobs for a returnee, candidates for an employer's vacancy.

Both pages are paged and keep their state in the URL; an htmx request that targets the results gets that block
only (the same template), so paging and filtering swap the list in place, and work as plain links without JS.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import Role, User
from sankofa.profiles import visibility
from sankofa.ranking import ranked_candidates, recommendations
from sankofa.ranking.index import LiveIndex
from web.guards import roles
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
PageNumber = Annotated[int, QueryParameter(name="page", ge=1, le=10_000)]
PerPage = Annotated[int, QueryParameter(name="per_page", ge=1, le=recommendations.MAX_PER_PAGE)]
RESULTS_BLOCK = "results"


def _live(request: Request) -> LiveIndex:
    return request.app.state.live_index


def _render(request: Request, template: str, context: dict[str, Any]) -> Template:
    """The whole page, or only the results block for an htmx request that targets it."""
    if request.headers.get("hx-request") and request.headers.get("hx-target") == RESULTS_BLOCK:
        return HTMXBlockTemplate(template_name=template, block_name=RESULTS_BLOCK, context=context)
    return Template(template_name=template, context=context)


def _url(path: str, query: dict[str, Any]) -> str:
    return path + ("?" + urlencode(query, doseq=True) if query else "")


class RecommendationPages(Controller):
    """Ranked recommendations with reasons, both ways."""

    @get("/recommendations", guards=[roles(Role.RETURNEE)], include_in_schema=False)
    async def jobs_for_me(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        page_number: PageNumber = 1,
        per_page: PerPage = recommendations.PER_PAGE,
    ) -> Template:
        """The vacancies that fit me best, each with "why this job"; what would help when none fits."""
        assert user is not None
        found = await recommendations.jobs_for(
            db, live=_live(request), user=user, locale=context_of(request).locale, page=page_number, per_page=per_page
        )

        def page_url(number: int) -> str:
            extra = {"per_page": per_page} if per_page != recommendations.PER_PAGE else {}
            return _url("/recommendations", {**extra, **({"page": number} if number > 1 else {})})

        return _render(request, "ranking/recommendations/jobs.html", {"found": found, "page_url": page_url})

    @get("/employer/vacancies/{public_id:uuid}/candidates", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
    async def candidates_for_vacancy(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
        validated: FromQuery[str] = "",
        region: FromQuery[str] = "",
        available: FromQuery[str] = "",
        page_number: PageNumber = 1,
        per_page: PerPage = ranked_candidates.PER_PAGE,
    ) -> Template:
        """Returnees ranked for one of my organisation's vacancies, anonymous unless granted, filtered and paged."""
        assert user is not None
        filters = ranked_candidates.parse_filters(
            validated=validated,
            region=region,
            languages=request.query_params.getall("language", []),
            available=available,
        )
        found = await ranked_candidates.candidates_for(
            db,
            live=_live(request),
            viewer=await visibility.viewer_for(db, user),
            vacancy_public_id=public_id,
            filters=filters,
            page=page_number,
            per_page=per_page,
            locale=context_of(request).locale,
            ip=client_ip(request),
        )
        path = f"/employer/vacancies/{public_id}/candidates"

        def page_url(number: int = 1, **changes: Any) -> str:
            query = filters.to_query(page=number, **changes)
            if per_page != ranked_candidates.PER_PAGE:
                query["per_page"] = per_page
            return _url(path, query)

        context = {
            "found": found,
            "path": path,
            "page_url": page_url,
            "availability": ranked_candidates.availability_options(),
        }
        return _render(request, "ranking/recommendations/candidates.html", context)


HANDLERS = [RecommendationPages]
