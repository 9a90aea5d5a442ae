"""Reading profile forms: every value (lists included) and the autocomplete fallbacks used without JavaScript."""

from __future__ import annotations

from typing import Any

from litestar import Request

from sankofa.core import inputs
from sankofa.reference import vocabulary
from web.helpers import multi_form


async def profile_form(request: Request, *, locale: str) -> dict[str, Any]:
    """The submitted form as {name: str | list[str]}, typed autocomplete text resolved to ids."""
    data = await multi_form(request, list_fields=LIST_FIELDS)
    # Without JavaScript the autocomplete posts only the typed text: link it to the best match.
    typed_occupation = inputs.text(data, "desired_occupations_text")
    if typed_occupation and not inputs.items(data, "desired_occupations"):
        best = vocabulary.link_occupation(typed_occupation, locale=locale, k=1)
        if best:
            data.setdefault("desired_occupations", [])
            data["desired_occupations"] = [best[0].id]
    typed_skill = inputs.text(data, "skill_text")
    if typed_skill and not inputs.text(data, "skill"):
        best_skill = vocabulary.search_skills(typed_skill, locale=locale, k=1)
        data["skill"] = best_skill[0].id if best_skill else "unknown"
    typed_title_occupation = inputs.text(data, "occupation_uri_text")
    if typed_title_occupation and not inputs.text(data, "occupation_uri"):
        best_occ = vocabulary.link_occupation(typed_title_occupation, locale=locale, k=1)
        data["occupation_uri"] = best_occ[0].id if best_occ else ""
    return data


LIST_FIELDS = frozenset({"mobility_regions", "desired_occupations", "sectors", "contract_types", "needs", "skills"})
