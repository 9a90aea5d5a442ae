"""JSON API v1 for profiles as others see them: exactly what `profile_view.build` allows, nothing more."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.identity.models import Role, User
from sankofa.profiles import visibility
from sankofa.profiles.schemas import ProfileRead
from sankofa.search import candidates
from sankofa.search.schemas import CandidatePage
from web.guards import roles, signed_in
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
PageNumber = Annotated[int, QueryParameter(name="page", ge=1, le=10_000)]
PerPage = Annotated[int, QueryParameter(name="per_page", ge=1, le=candidates.MAX_PER_PAGE)]


class ProfilesApi(Controller):
    path = "/api/v1"
    tags = ["profiles"]

    @get("/profiles/{public_id:uuid}", guards=[signed_in])
    async def profile(
        self,
        request: Request,
        public_id: FromPath[uuid.UUID],
        db: Db,
        user: CurrentUser,
    ) -> ProfileRead:
        """A profile with only the fields the caller may see (404 when none); views by others are audited."""
        assert user is not None
        detail = await candidates.candidate_detail(
            db,
            viewer=await visibility.viewer_for(db, user),
            public_id=public_id,
            ip=client_ip(request),
            locale=context_of(request).locale,
            context="api",
        )
        return msgspec.convert(detail.view, ProfileRead)

    @get("/candidates", guards=[roles(Role.EMPLOYER, Role.INVESTOR)])
    async def candidate_list(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        q: FromQuery[str] = "",
        region: FromQuery[str] = "",
        skill: FromQuery[str] = "",
        page_number: PageNumber = 1,
        per_page: PerPage = 20,
    ) -> CandidatePage:
        """Candidates matching the filters: anonymous profiles unless the returnee granted your organisation."""
        assert user is not None
        results = await candidates.search(
            db,
            viewer=await visibility.viewer_for(db, user),
            q=q or None,
            region=region or None,
            skill_uri=skill or None,
            page=page_number,
            per_page=per_page,
            locale=context_of(request).locale,
            ip=client_ip(request),
        )
        return msgspec.convert(
            {"page": results.page, "has_next": results.has_next, "results": results.cards}, CandidatePage
        )


HANDLERS = [ProfilesApi]
