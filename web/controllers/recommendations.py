"""Ranked recommendations with reasons: jobs for a returnee, candidates for an employer's vacancy."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import Role, User
from sankofa.services import recommendations, visibility
from sankofa.services.ranking_index import LiveIndex
from web.controllers._helpers import page
from web.guards import roles
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


def _live(request: Request) -> LiveIndex:  # type: ignore[type-arg]
    return request.app.state.live_index  # type: ignore[no-any-return]


@get("/recommendations", guards=[roles(Role.RETURNEE)], include_in_schema=False)
async def jobs_for_me(request: Request, db: Db, user: CurrentUser) -> Template:  # type: ignore[type-arg]
    """The vacancies that fit me best, each with "why this job"."""
    assert user is not None
    found = await recommendations.jobs_for(db, live=_live(request), user=user, locale=context_of(request).locale)
    return page("recommendations/jobs.html", results=found.results, has_profile=found.has_profile)


@get("/employer/vacancies/{public_id:str}/candidates", guards=[roles(Role.EMPLOYER)], include_in_schema=False)
async def candidates_for_vacancy(
    request: Request,  # type: ignore[type-arg]
    public_id: FromPath[str],
    db: Db,
    user: CurrentUser,
) -> Template:
    """Returnees ranked for one of my organisation's vacancies, anonymous unless granted, with reasons."""
    assert user is not None
    vacancy, results = await recommendations.candidates_for(
        db,
        live=_live(request),
        viewer=await visibility.viewer_for(db, user),
        vacancy_public_id=public_id,
        locale=context_of(request).locale,
        ip=client_ip(request),
    )
    return page("recommendations/candidates.html", vacancy=vacancy, results=results)


HANDLERS: list[object] = [jobs_for_me, candidates_for_vacancy]
