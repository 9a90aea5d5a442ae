"""Reading submitted forms ({name: str | list[str]}) into typed values, collecting translated errors by field."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sankofa.core import validation
from sankofa.core.i18n import gettext as _

Form = dict[str, Any]


def text(form: Form, name: str) -> str:
    """The field as stripped text ('' when absent, control characters removed); the first value when several were
    sent."""
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return validation.clean_text(value).strip() if isinstance(value, str) else ""


def values(form: Form, name: str) -> list[str]:
    """All non-empty values of a multi-valued field, in order, without repeats."""
    value = form.get(name, [])
    items = value if isinstance(value, list) else [value]
    cleaned = (validation.clean_text(item).strip() for item in items if isinstance(item, str))
    return list(dict.fromkeys(item for item in cleaned if item))


def date_value(form: Form, name: str, errors: dict[str, str], *, required: bool = False) -> date | None:
    """An ISO date between 1950 and ten years from now."""
    raw = text(form, name)
    try:
        value = date.fromisoformat(raw) if raw else None
    except ValueError:
        value = None
    if (raw or required) and (value is None or not 1950 <= value.year <= datetime.now(UTC).year + 10):
        errors[name] = _("Enter a date like 2026-03-31.")
        return None
    return value


def int_value(form: Form, name: str, errors: dict[str, str], *, low: int, high: int) -> int | None:
    """A whole number between `low` and `high` (see `validation.whole_number`)."""
    value, message = validation.whole_number(text(form, name), low=low, high=high)
    if message:
        errors[name] = message
    return value


def choice(
    form: Form, name: str, allowed: dict[str, str], errors: dict[str, str], *, required: bool = False
) -> str | None:
    value = text(form, name)
    if not value:
        if required:
            errors[name] = _("Choose an option from the list.")
        return None
    if value not in allowed:
        errors[name] = _("Choose an option from the list.")
        return None
    return value


def choice_list(form: Form, name: str, allowed: dict[str, str], errors: dict[str, str]) -> list[str]:
    chosen = values(form, name)
    if any(value not in allowed for value in chosen):
        errors[name] = _("Choose options from the list.")
    return [value for value in chosen if value in allowed]
