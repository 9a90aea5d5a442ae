"""JSON API v1 for firms' HR systems: upsert vacancies by reference, list, read and close them.

Authenticated by `Authorization: Bearer <API key>` only (no session, so no CSRF token); a key acts for its
organisation and never reaches another's vacancies. Items follow the CSV import's rules (docs/vacancy-import.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotAuthorizedException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from msgspec import Meta, Struct
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.i18n import gettext as _
from sankofa.core.settings import Settings
from sankofa.organisations import api_keys
from sankofa.organisations.api_keys import Caller
from sankofa.vacancies import api as vacancy_api
from sankofa.vacancies import fields as vacancy_fields
from sankofa.vacancies.api import VacancyWithSkills
from sankofa.vacancies.upsert import ItemStatus
from web.api_types import VacancyState
from web.errors import error_response
from web.state import client_ip, context_of

Db = NamedDependency[AsyncSession]
PageNumber = Annotated[int, QueryParameter(name="page", ge=1, le=100_000)]


def _bearer(connection: ASGIConnection) -> str:
    scheme, _sep, secret = connection.headers.get("authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


async def bearer_key(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Guard: the call carries an API key (the `caller` dependency checks it)."""
    if not _bearer(connection):
        raise NotAuthorizedException()


async def provide_caller(request: Request, db: Db) -> Caller:
    caller = await api_keys.authenticate(db, secret=_bearer(request))
    if caller is None:
        raise NotAuthorizedException()
    return caller


def _unauthorised(request: Request, _exc: NotAuthorizedException) -> Response[Any]:
    return error_response(
        request,
        status=401,
        message=_("Send a valid API key: Authorization: Bearer <key>. Owners create keys on the API keys page."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _malformed(request: Request, exc: ValidationException) -> Response[Any]:
    fields = {str(item.get("key") or "body"): str(item.get("message", "")) for item in exc.extra or []}  # type: ignore[union-attr]
    return error_response(
        request,
        status=422,
        message=_('The body must be JSON like {"vacancies": [{...}, ...], "publish": false}, with 1 to 1,000 items.'),
        fields=fields,
    )


class VacancyBatchIn(Struct):
    """Up to 1,000 vacancies; keys as the CSV columns; skills and languages as lists or ';'-separated text."""

    vacancies: Annotated[list[dict[str, Any]], Meta(min_length=1, max_length=vacancy_api.MAX_ITEMS)]
    publish: bool = False


class ItemOut(Struct):
    index: int
    external_ref: str
    status: str  # created, updated, unchanged or error
    errors: dict[str, str]
    notice: str | None = None


class BatchOut(Struct):
    created: int
    updated: int
    unchanged: int
    errors: int
    items: list[ItemOut]


class VacancyOut(Struct):
    external_ref: str | None
    public_id: str
    url: str
    status: str
    title: str
    occupation: str | None
    description: str
    required_skills: list[str]
    optional_skills: list[str]
    languages: list[str]
    location: str | None
    work_mode: str
    contract_type: str | None
    sector: str | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str | None
    salary_period: str
    positions: int
    start_date: date | None
    deadline: date | None
    open_to_abroad: bool
    published_at: datetime | None
    closed_at: datetime | None
    updated_at: datetime


class VacancyPage(Struct):
    items: list[VacancyOut]
    page: int
    per_page: int
    total: int


def _out(row: VacancyWithSkills, *, base_url: str) -> VacancyOut:
    v = row.vacancy
    return VacancyOut(
        external_ref=v.external_ref,
        public_id=str(v.public_id),
        url=f"{base_url}/jobs/{v.public_id}",
        status=v.status,
        title=v.title,
        occupation=v.occupation_uri,
        description=v.description,
        required_skills=row.required_skills,
        optional_skills=row.optional_skills,
        languages=list(v.languages),
        location=vacancy_fields.place_id_of(v),
        work_mode=v.work_mode,
        contract_type=v.contract_type,
        sector=v.sector,
        salary_min=v.salary_min,
        salary_max=v.salary_max,
        salary_currency=v.salary_currency,
        salary_period=v.salary_period,
        positions=v.positions,
        start_date=v.start_date,
        deadline=v.deadline,
        open_to_abroad=v.open_to_abroad,
        published_at=v.published_at,
        closed_at=v.closed_at,
        updated_at=v.updated_at,
    )


class VacancyApi(Controller):
    path = "/api/v1/vacancies"
    tags = ["vacancies (API key)"]
    dependencies = {"caller": Provide(provide_caller)}
    exception_handlers = {NotAuthorizedException: _unauthorised, ValidationException: _malformed}
    security = [{"BearerToken": []}]
    opt = {"rate_limited": True}  # per API key (organisations/api_keys.py)

    @post("/", guards=[bearer_key], status_code=200, include_in_schema=True)
    async def upsert(
        self,
        request: Request,
        data: JSONBody[VacancyBatchIn],
        db: Db,
        caller: NamedDependency[Caller],
    ) -> BatchOut:
        """Create or update vacancies by `external_ref` (same rules as the CSV import); one result per item.

        200 whenever the envelope is understood, even if some items have errors (see each item's `status`).
        """
        results = await vacancy_api.upsert(
            db, caller=caller, items=data.vacancies, publish=data.publish, locale=context_of(request).locale
        )
        items = [
            ItemOut(
                index=r.index, external_ref=r.external_ref, status=r.status, errors=r.errors, notice=r.notice or None
            )
            for r in results
        ]
        count = {status: sum(1 for r in results if r.status == status) for status in ItemStatus}
        return BatchOut(
            created=count[ItemStatus.CREATED],
            updated=count[ItemStatus.UPDATED],
            unchanged=count[ItemStatus.UNCHANGED],
            errors=count[ItemStatus.ERROR],
            items=items,
        )

    @get("/", guards=[bearer_key], include_in_schema=True)
    async def list_vacancies(
        self,
        db: Db,
        caller: NamedDependency[Caller],
        settings: NamedDependency[Settings],
        status: FromQuery[VacancyState | None] = None,
        page_number: PageNumber = 1,
    ) -> VacancyPage:
        """The organisation's vacancies, last changed first, 100 a page; `status` filters (draft, published...)."""
        rows, total = await vacancy_api.listing(db, caller=caller, status=status or None, page=page_number)
        return VacancyPage(
            items=[_out(row, base_url=settings.base_url) for row in rows],
            page=page_number,
            per_page=vacancy_api.PER_PAGE,
            total=total,
        )

    @get("/{external_ref:str}", guards=[bearer_key], include_in_schema=True)
    async def get_vacancy(
        self,
        external_ref: FromPath[str],
        db: Db,
        caller: NamedDependency[Caller],
        settings: NamedDependency[Settings],
    ) -> VacancyOut:
        """One of the organisation's vacancies by its reference (404 for any other)."""
        row = await vacancy_api.get(db, caller=caller, external_ref=external_ref)
        return _out(row, base_url=settings.base_url)

    @post("/{external_ref:str}/close", guards=[bearer_key], status_code=200, include_in_schema=True)
    async def close_vacancy(
        self,
        request: Request,
        external_ref: FromPath[str],
        db: Db,
        caller: NamedDependency[Caller],
        settings: NamedDependency[Settings],
    ) -> VacancyOut:
        """Take a published vacancy offline (applications stay); closing twice is harmless."""
        row = await vacancy_api.close(db, caller=caller, external_ref=external_ref, ip=client_ip(request))
        return _out(row, base_url=settings.base_url)


HANDLERS = [VacancyApi]
