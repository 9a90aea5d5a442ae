"""Reading profile forms: every value (lists included) and the autocomplete fallbacks used without JavaScript."""

from __future__ import annotations

from typing import Any

from litestar import Request

from sankofa.services import vocabulary
from web.controllers._helpers import multi_form


async def profile_form(request: Request, *, locale: str) -> dict[str, Any]:  # type: ignore[type-arg]
    """The submitted form as {name: str | list[str]}, typed autocomplete text resolved to ids."""
    data = await multi_form(request, list_fields=LIST_FIELDS)
    # Without JavaScript the autocomplete posts only the typed text: link it to the best match.
    typed_occupation = str(data.get("desired_occupations_text") or "").strip()
    if typed_occupation and not any(data.get("desired_occupations") or []):
        best = vocabulary.link_occupation(typed_occupation, locale=locale, k=1)
        if best:
            data.setdefault("desired_occupations", [])
            data["desired_occupations"] = [*filter(None, data["desired_occupations"]), best[0].id]
    typed_skill = str(data.get("skill_text") or "").strip()
    if typed_skill and not data.get("skill"):
        best_skill = vocabulary.search_skills(typed_skill, locale=locale, k=1)
        data["skill"] = best_skill[0].id if best_skill else "unknown"
    typed_title_occupation = str(data.get("occupation_uri_text") or "").strip()
    if typed_title_occupation and not data.get("occupation_uri"):
        best_occ = vocabulary.link_occupation(typed_title_occupation, locale=locale, k=1)
        data["occupation_uri"] = best_occ[0].id if best_occ else ""
    return data


LIST_FIELDS = frozenset({"mobility_regions", "desired_occupations", "sectors", "contract_types", "needs", "skills"})
