"""How complete a profile is, and the concrete next steps that would make it more useful."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sankofa.core.i18n import gettext as _
from sankofa.profiles.visibility import ALL_GROUPS, FieldGroup


@dataclass(frozen=True)
class NextStep:
    message: str
    step: str


def assess(
    view: dict[str, Any], *, helper_view: bool = False, groups: frozenset[str] = ALL_GROUPS
) -> tuple[int, list[NextStep]]:
    """Percentage complete and what to do next, from the profile view.

    Args:
        view: the profile as `profile_view.build` returns it.
        helper_view: the reader is a caseworker helping the returnee, so the steps name the returnee
            instead of saying "you".
        groups: the field groups `view` was built with; only checks on those count (a caseworker is not told
            to add a name or a return status their agreement hides, nor learns whether one is there).
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
    shown = (FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.RETURN, *[FieldGroup.PROFESSIONAL] * 7)
    counted = [
        (ok, message, step) for (ok, message), step, group in zip(checks, steps, shown, strict=True) if group in groups
    ]
    done = sum(1 for ok, _message, _step in counted if ok)
    todo = [NextStep(message, step) for ok, message, step in counted if not ok]
    return round(100 * done / len(counted)) if counted else 0, todo
