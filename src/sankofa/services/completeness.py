"""How complete a profile is, and the concrete next steps that would make it more useful."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sankofa.i18n import gettext as _


@dataclass(frozen=True)
class NextStep:
    message: str
    step: str


def assess(view: dict[str, Any], *, helper_view: bool = False) -> tuple[int, list[NextStep]]:
    """Percentage complete and what to do next, from the full profile view.

    Args:
        view: the profile as `profile_view.build` returns it.
        helper_view: the reader is a caseworker helping the returnee, so the steps name the returnee
            instead of saying "you".
    """
    name = str(view.get("full_name") or view.get("handle") or "")
    own = not helper_view
    checks = [
        (bool(view.get("full_name")), _("Add your name.") if own else _("Add the returnee's name.")),
        (bool(view.get("email") or view.get("phone")), _("Add a phone number or an email address.")),
        (
            bool(view.get("return_status")),
            _("Say whether you have returned or plan to return.")
            if own
            else _("Say whether %(name)s has returned or plans to return.") % {"name": name},
        ),
        (
            bool(view.get("origin_region")),
            _("Choose the region you return to.")
            if own
            else _("Choose the region %(name)s returns to.") % {"name": name},
        ),
        (
            bool(view.get("experiences")),
            _("Describe at least one job you have done.")
            if own
            else _("Describe at least one job %(name)s has done.") % {"name": name},
        ),
        (len(view.get("skills", [])) >= 3, _("Add at least 3 skills.")),
        (
            bool(view.get("languages")),
            _("Add the languages you speak.") if own else _("Add the languages %(name)s speaks.") % {"name": name},
        ),
        (
            bool(view.get("desired_occupations")),
            _("Choose the jobs you are looking for.")
            if own
            else _("Choose the jobs %(name)s is looking for.") % {"name": name},
        ),
        (
            bool(view.get("available_from")),
            _("Say from when you are available.")
            if own
            else _("Say from when %(name)s is available.") % {"name": name},
        ),
        (
            bool(view.get("contract_types")),
            _("Choose the kinds of contract you accept.")
            if own
            else _("Choose the kinds of contract %(name)s accepts.") % {"name": name},
        ),
    ]
    steps = ("about", "about", "return", "return", "experience", "skills", "languages", "wishes", "wishes", "wishes")
    done = sum(1 for ok, _message in checks if ok)
    todo = [NextStep(message, step) for (ok, message), step in zip(checks, steps, strict=True) if not ok]
    return round(100 * done / len(checks)), todo
