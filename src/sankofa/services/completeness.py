"""How complete a profile is, and the concrete next steps that would make it more useful."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sankofa.i18n import gettext as _


@dataclass(frozen=True)
class NextStep:
    message: str
    step: str


def assess(view: dict[str, Any]) -> tuple[int, list[NextStep]]:
    """Percentage complete and what to do next, from the owner's full profile view."""
    checks = [
        (bool(view.get("full_name")), NextStep(_("Add your name."), "about")),
        (bool(view.get("email") or view.get("phone")), NextStep(_("Add a phone number or an email address."), "about")),
        (bool(view.get("return_status")), NextStep(_("Say whether you have returned or plan to return."), "return")),
        (bool(view.get("origin_region")), NextStep(_("Choose the region you return to."), "return")),
        (bool(view.get("experiences")), NextStep(_("Describe at least one job you have done."), "experience")),
        (len(view.get("skills", [])) >= 3, NextStep(_("Add at least 3 skills."), "skills")),
        (bool(view.get("languages")), NextStep(_("Add the languages you speak."), "languages")),
        (bool(view.get("desired_occupations")), NextStep(_("Choose the jobs you are looking for."), "wishes")),
        (bool(view.get("available_from")), NextStep(_("Say from when you are available."), "wishes")),
        (bool(view.get("contract_types")), NextStep(_("Choose the kinds of contract you accept."), "wishes")),
    ]
    done = sum(1 for ok, _step in checks if ok)
    return round(100 * done / len(checks)), [step for ok, step in checks if not ok]
