"""JSON API v1 for applications, for signed-in users: an employer's applicants and a returnee's applications."""

from __future__ import annotations

import uuid

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import api as application_api
from sankofa.applications.schemas import EmployerApplications, OwnApplications
from sankofa.identity.models import Role, User
from web.guards import roles
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]


class ApplicationsApi(Controller):
    path = "/api/v1"
    tags = ["applications"]

    @get("/employer/applications", guards=[roles(Role.EMPLOYER)], opt={"looks_up": True})
    async def employer_applications(
        self,
        request: Request,
        db: Db,
        user: CurrentUser,
        vacancy: FromQuery[uuid.UUID | None] = None,
    ) -> EmployerApplications:
        """Applications to your organisation's vacancies (one vacancy with `?vacancy=<public id>`; 404 if not yours).

        Applicants appear as your organisation may see them: applying shares name and contact details.
        """
        assert user is not None
        rows = await application_api.for_employer(
            db, user=user, vacancy_public_id=vacancy, locale=context_of(request).locale, ip=client_ip(request)
        )
        return msgspec.convert({"results": rows}, EmployerApplications)

    @get("/applications", guards=[roles(Role.RETURNEE)])
    async def my_applications(self, db: Db, user: CurrentUser) -> OwnApplications:
        """Your applications, their status and unread messages."""
        assert user is not None
        return msgspec.convert({"results": await application_api.for_returnee(db, user=user)}, OwnApplications)


HANDLERS = [ApplicationsApi]
