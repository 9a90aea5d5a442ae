"""Types of the JSON API's values, so that its OpenAPI document lists what is accepted (web/openapi.py).

The closed lists of `sankofa.core.choices` become enums: a value outside them answers 422 before any service runs.
What a schema cannot say (an ESCO URI or a region that exists, an email or a phone where one of the two is
needed, a date not in the future) is checked by the services and answers 422 naming the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

import msgspec
from litestar import Request
from litestar.exceptions import ClientException, ValidationException
from msgspec import Meta

from sankofa.core import choices
from sankofa.search import params as job_search_params
from sankofa.vacancies import api as vacancy_api
from sankofa.vacancies import fields as vacancy_fields
from web import value_errors

# The closed lists of sankofa.core.choices, as the document's enums; values outside them answer 422.
if TYPE_CHECKING:
    Country: TypeAlias = str
    Gender: TypeAlias = str
    ReturnStatus: TypeAlias = str
    Sector: TypeAlias = str
    ContractType: TypeAlias = str
    Need: TypeAlias = str
    Currency: TypeAlias = str
    SkillLevel: TypeAlias = str
    Acquired: TypeAlias = str
    WorkMode: TypeAlias = str
    SearchSort: TypeAlias = str
    VacancyState: TypeAlias = str
else:

    def _one_of(values: Any) -> Any:
        return Literal[tuple(str(value) for value in values)]

    Country = _one_of(choices.countries())
    Gender = _one_of(choices.genders())
    ReturnStatus = _one_of(choices.return_statuses())
    Sector = _one_of(choices.sectors())
    ContractType = _one_of(choices.contract_types())
    Need = _one_of(choices.needs())
    Currency = _one_of(choices.CURRENCIES)
    SkillLevel = _one_of(choices.skill_levels())
    Acquired = _one_of(choices.acquired_places())
    WorkMode = _one_of(vacancy_fields.work_modes())
    SearchSort = _one_of(job_search_params.SORTS)
    VacancyState = _one_of(vacancy_api.STATUSES)
EscoUri = Annotated[
    str, Meta(min_length=1, max_length=200, description="An ESCO URI from /api/v1/skills or /api/v1/occupations")
]
RegionCode = Annotated[
    str, Meta(min_length=1, max_length=20, description="A region code, as in /api/v1/places (region:<code>)")
]


def _whole_numbers(value: Any) -> Any:
    """JSON numbers with no fraction as integers, as JSON Schema reads them (1943.0 is an integer)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    return value


async def strict_body(request: Request) -> None:
    """App-wide `before_request`: a JSON API body must have the types its document gives.

    Litestar converts bodies leniently (`"5"` for 5, `0` for false); the API decodes once more, strictly, so that
    what the OpenAPI document says is refused is refused (422, naming the field).
    """
    handler = request.route_handler
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None or not request.scope["path"].startswith("/api/") or not isinstance(data.annotation, type):
        return
    if not issubclass(data.annotation, msgspec.Struct):
        return
    try:
        sent = msgspec.json.decode(await request.body())
        msgspec.convert(_whole_numbers(sent), type=data.annotation, strict=True)
    except msgspec.ValidationError as exc:
        name, message = value_errors.for_body(data.annotation, exc)
        raise ValidationException(detail=str(exc), extra=[{"key": name, "translated": message}]) from exc
    except msgspec.DecodeError as exc:
        raise ClientException(detail=str(exc)) from exc
