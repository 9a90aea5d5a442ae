"""Job search: the /jobs page (full page, or the results block for htmx) and the JSON search API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, cast
from urllib.parse import urlencode

from jinja2_fragments.litestar import HTMXBlockTemplate
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, Parameter
from litestar.response import Template
from markupsafe import Markup
from msgspec import Struct
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices, validation
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import Role, User
from sankofa.reference import vocabulary
from sankofa.search import alerts
from sankofa.search import jobs as job_search
from sankofa.search import params as job_search_params
from sankofa.vacancies import fields as vacancy_fields
from web.api_types import ContractType, Currency, SearchSort, Sector, WorkMode
from web.guards import public
from web.state import context_of

# The job search reads only, from the search replica when there is one (SANKOFA_SEARCH_DATABASE_URL).
SearchDb = NamedDependency[AsyncSession]
CurrentUser = NamedDependency[User | None]
RESULTS_BLOCK = "results"
CONTENT = "content"
CARDS = "cards"


def _raw(request: Request) -> dict[str, str]:
    names = (*job_search_params.NAMES, "place_text", "occupation_text")
    return {name: validation.clean_text(request.query_params.get(name) or "") for name in names}


def page_url(params: job_search_params.SearchParams, **changes: Any) -> str:
    query = params.to_query(**changes)
    return "/jobs" + ("?" + urlencode(query) if query else "")


def _options(*, can_fit: bool) -> dict[str, Any]:
    sorts = {"relevance": _("Relevance"), "date": _("Newest first")}
    if can_fit:
        sorts["fit"] = _("Best fit for my skills")
    return {
        "sectors": choices.sectors(),
        "contracts": choices.contract_types(),
        "work_modes": vacancy_fields.work_modes(),
        "salary_periods": vacancy_fields.salary_periods(),
        "currencies": {code: code for code in choices.CURRENCIES},
        "radii": {str(km): _("%(km)s km") % {"km": km} for km in job_search_params.RADII_KM},
        "since": {
            "1": _("Last 24 hours"),
            "7": _("Last 7 days"),
            "30": _("Last 30 days"),
        },
        "sorts": sorts,
    }


class SalaryOut(Struct):
    min: int | None
    max: int | None
    currency: str | None
    period: str


class FitOut(Struct):
    score: float
    matched_required: list[str]
    missing_required: list[str]
    matched_optional: list[str]


class JobOut(Struct):
    id: str
    url: str
    title: str
    employer: str
    occupation: str | None
    sector: str | None
    place: str | None
    country: str | None
    region: str | None
    work_mode: str
    contract_type: str | None
    salary: SalaryOut | None
    open_to_abroad: bool
    published_at: datetime | None
    deadline: date | None
    fit: FitOut | None = None
    employer_response_rate: int | None = None


class JobsOut(Struct):
    total: int
    total_is_capped: bool
    page: int
    pages: int
    per_page: int
    sort: str
    items: list[JobOut]


def _job_out(hit: job_search.JobHit) -> JobOut:
    v = hit.vacancy
    salary = None
    if v.salary_currency and (v.salary_min is not None or v.salary_max is not None):
        salary = SalaryOut(min=v.salary_min, max=v.salary_max, currency=v.salary_currency, period=v.salary_period)
    fit = None
    if hit.fit is not None and hit.fit.has_skills:
        fit = FitOut(
            score=hit.fit.score,
            matched_required=hit.fit.matched_required,
            missing_required=hit.fit.missing_required,
            matched_optional=hit.fit.matched_optional,
        )
    return JobOut(
        id=str(v.public_id),
        url=f"/jobs/{v.public_id}",
        title=v.title,
        employer=hit.employer,
        occupation=v.occupation_uri,
        sector=v.sector,
        place=hit.place_label,
        country=v.country,
        region=v.region,
        work_mode=v.work_mode,
        contract_type=v.contract_type,
        salary=salary,
        open_to_abroad=v.open_to_abroad,
        published_at=v.published_at,
        deadline=v.deadline,
        fit=fit,
        employer_response_rate=hit.rate.percent if hit.rate else None,
    )


def _shared_cards(request: Request, result: job_search.SearchResult | None, options: dict[str, Any]) -> Markup | None:
    """The cards of a result every anonymous visitor gets (a cached one), rendered once and kept with it."""
    if result is None or not result.hits:
        return None
    cards = result.memo.get(CARDS)
    if cards is None:
        template = request.app.template_engine.get_template("search/jobs/_cards.html")  # type: ignore[union-attr]
        cards = result.memo[CARDS] = Markup(template.render(hits=result.hits, options=options, is_returnee=False))  # noqa: S704 - rendered by Jinja with autoescape
    return cast("Markup", cards)


def _shared_content(request: Request, context: dict[str, Any]) -> Markup | None:
    """The whole content block of an anonymous visitor's search page, rendered once per cached result.

    Nothing in it depends on who asks (no form token: the save-search form is for returnees), only on the typed
    values, the result and the locale; the result is cached per (search, locale), so one variant of the typed text
    is kept with it (another spelling of the same search renders its own). The page around it (menus, language
    links) is rendered per request.
    """
    result = context["result"]
    if result is None:
        return None
    typed = tuple(sorted(context["raw"].items()))
    kept = result.memo.get(CONTENT)
    if kept is not None and kept[0] == typed:
        return cast("Markup", kept[1])
    template = request.app.template_engine.get_template("search/jobs/search.html")  # type: ignore[union-attr]
    html = Markup("".join(template.blocks["content"](template.new_context({**context, "request": request}))))  # noqa: S704 - rendered by Jinja with autoescape
    result.memo[CONTENT] = (typed, html)
    return html


class JobSearch(Controller):
    """The /jobs page and the JSON search API."""

    @get("/jobs", guards=[public], include_in_schema=False)
    async def job_search_page(
        self,
        request: Request,
        search_db: SearchDb,
        user: CurrentUser,
    ) -> Template:
        """Search public vacancies; every filter is in the URL, so a search can be bookmarked, shared or saved."""
        locale = context_of(request).locale
        raw = _raw(request)
        params, errors = job_search_params.parse(raw, locale=locale)
        result = None if errors else await job_search.search(search_db, params=params, user=user, locale=locale)
        options = _options(can_fit=user is not None and user.role == Role.RETURNEE)
        context = {
            "raw": raw,
            "params": params,
            "errors": errors,
            "result": result,
            "options": options,
            "cards": _shared_cards(request, result, options) if user is None else None,
            "page_url": page_url,
            "place_label": vocabulary.place_label(params.place, locale=locale) if params.place else raw["place_text"],
            "occupation_label": (
                vocabulary.occupation_label(params.occupation, locale) if params.occupation else raw["occupation_text"]
            ),
            "is_returnee": user is not None and user.role == Role.RETURNEE,
            "alert_name": alerts.default_name(params, locale=locale),
        }
        status = 422 if errors else 200
        if request.headers.get("hx-request") and request.headers.get("hx-target") == RESULTS_BLOCK:
            return HTMXBlockTemplate(
                template_name="search/jobs/search.html", block_name=RESULTS_BLOCK, context=context, status_code=status
            )
        if user is None:
            context["shared_content"] = _shared_content(request, context)
        return Template(template_name="search/jobs/search.html", context=context, status_code=status)

    @get("/api/v1/jobs", guards=[public], tags=["jobs"], include_in_schema=True)
    async def job_search_api(
        self,
        request: Request,
        search_db: SearchDb,
        user: CurrentUser,
        q: Annotated[str, Parameter(max_length=job_search_params.MAX_QUERY)] = "",
        place: Annotated[str, Parameter(max_length=80, description="A place id from /api/v1/places")] = "",
        radius_km: Annotated[int | None, Parameter(ge=1, le=job_search_params.MAX_RADIUS_KM)] = None,
        sector: FromQuery[Sector | None] = None,
        occupation: Annotated[str, Parameter(max_length=200, description="An ESCO occupation URI")] = "",
        contract: FromQuery[ContractType | None] = None,
        work_mode: FromQuery[WorkMode | None] = None,
        salary_min: Annotated[int | None, Parameter(ge=0, le=vacancy_fields.MAX_SALARY)] = None,
        currency: FromQuery[Currency | None] = None,
        since: FromQuery[Literal[1, 7, 30] | None] = None,
        abroad: FromQuery[bool] = False,
        sort: FromQuery[SearchSort | None] = None,
        page: Annotated[int, Parameter(ge=1, le=job_search_params.MAX_PAGE)] = 1,
    ) -> JobsOut:
        """Search public vacancies: full text (French and English, typo tolerant) and filters, 20 per page.

        `place` is a place id from /api/v1/places (`city:…`, `region:…`, `country:…`); `radius_km` needs a city or
        region. `salary_min` needs `currency`. `since` is 1, 7 or 30 days. `sort` is relevance, date or fit (fit:
        signed-in returnees). A wrong value (of the wrong type, outside its list, a place or an occupation that does
        not exist, filters that do not go together) answers 422 with a message per field.
        """
        given = {
            "q": q,
            "place": place,
            "radius_km": radius_km,
            "sector": sector,
            "occupation": occupation,
            "contract": contract,
            "work_mode": work_mode,
            "salary_min": salary_min,
            "currency": currency,
            "since": since,
            "abroad": "1" if abroad else "",
            "sort": sort,
            "page": page,
        }
        # One parser for the page, the API and saved searches: it reads text, and checks what types cannot say.
        raw = {name: "" if value is None else str(value) for name, value in given.items()}
        locale = context_of(request).locale
        params, errors = job_search_params.parse(raw, locale=locale)
        if errors:
            raise ValidationFailed(errors)
        result = await job_search.search(search_db, params=params, user=user, locale=locale)
        return JobsOut(
            total=result.total,
            total_is_capped=result.capped,
            page=params.page,
            pages=result.pages,
            per_page=job_search_params.PER_PAGE,
            sort=result.sort,
            items=[_job_out(hit) for hit in result.hits],
        )


HANDLERS = [JobSearch]
