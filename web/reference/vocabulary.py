"""Autocomplete for skills, occupations and places: JSON API and the htmx listbox partial."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Controller, Request, get
from litestar.params import FromPath, Parameter
from litestar.response import Template
from msgspec import Struct

from sankofa.core.errors import NotFound
from sankofa.core.i18n import gettext as _
from sankofa.reference import vocabulary
from web.guards import public
from web.state import context_of

SEARCHES = {
    "skills": vocabulary.search_skills,
    "occupations": vocabulary.search_occupations,
    "places": vocabulary.search_places,
}
Query = Annotated[str, Parameter(query="q", default="", max_length=vocabulary.MAX_QUERY)]
Limit = Annotated[int, Parameter(query="k", default=10, ge=1, le=50)]
Lang = Annotated[str | None, Parameter(query="lang", default=None, pattern="^(fr|en|ar)$")]


class SuggestionOut(Struct):
    id: str
    label: str
    score: float
    matched: str | None = None


class SuggestionsOut(Struct):
    query: str
    results: list[SuggestionOut]


async def _search(kind: str, q: str, *, locale: str, k: int) -> list[vocabulary.Suggestion]:
    if not q.strip():
        return []
    # The engine is CPU-bound but fast (< 10 ms); a thread keeps the event loop free on the first, cold call.
    return await asyncio.to_thread(SEARCHES[kind], q, locale=locale, k=k)


def _api(kind: str):
    async def handler(request: Request, q: Query, k: Limit, lang: Lang) -> SuggestionsOut:
        results = await _search(kind, q, locale=lang or context_of(request).locale, k=k)
        return SuggestionsOut(
            query=q,
            results=[SuggestionOut(id=s.id, label=s.label, score=s.score, matched=s.detail or None) for s in results],
        )

    handler.__name__ = f"search_{kind}"
    handler.__doc__ = f"Ranked, typo- and accent-tolerant search over {kind} (French and English)."
    return get(f"/api/v1/{kind}", guards=[public], tags=["vocabulary"], name=f"api-{kind}")(handler)


search_skills_api = _api("skills")
search_occupations_api = _api("occupations")
search_places_api = _api("places")


Field = Annotated[str, Parameter(query="field", default="q", pattern=r"^[a-z_]{1,40}$")]


class VocabularyLookup(Controller):
    """Autocomplete for skills, occupations and places."""

    @get("/suggest/{kind:str}", guards=[public], include_in_schema=False)
    async def suggest(self, request: Request, kind: FromPath[str], field: Field) -> Template:
        """The listbox of the htmx autocomplete widget: the typed text arrives as `<field>_text` (or `q`)."""
        if kind not in SEARCHES:
            raise NotFound(_("The page you asked for does not exist or was moved."))
        q = (request.query_params.get(f"{field}_text") or request.query_params.get("q") or "")[: vocabulary.MAX_QUERY]
        results = await _search(kind, q, locale=context_of(request).locale, k=8)
        return Template(template_name="_suggestions.html", context={"results": results, "field": field, "q": q})


HANDLERS = [VocabularyLookup, search_skills_api, search_occupations_api, search_places_api]
