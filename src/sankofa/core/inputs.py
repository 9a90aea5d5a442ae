"""Reading submitted values into typed ones, the same way everywhere: the HTML forms, the JSON API, CSV rows and
query strings. A date, an amount, a choice or a yes/no means the same thing wherever it is typed.

Each reader takes the submitted mapping ({name: str | list[str] | a JSON value}), the field's name and an errors
dict; it returns the typed value (None when empty or wrong) and records a translated message under the field's
name when wrong. The rules of a concept (a deadline is after 2000, a birth year after 1950) are arguments, the
reading is not.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sankofa.core import validation
from sankofa.core.i18n import gettext as _

Form = Mapping[str, Any]

TRUE_WORDS = frozenset({"1", "true", "yes", "y", "oui", "o", "vrai", "on", "x", "نعم"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "non", "faux", "off", "لا"})
LIST_SPLIT = re.compile(r"\s*[;|\n]\s*")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def text(form: Form, name: str) -> str:
    """The field as stripped text ('' when absent, control characters removed); the first value when several were
    sent; numbers of a JSON body as their text."""
    value = form.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return validation.clean_text(str(value)).strip()


def items(form: Form, name: str) -> list[str]:
    """A list field: repeated form fields, a JSON list, or one text separated by ';', '|' or new lines; non-empty
    values in order, without repeats."""
    value = form.get(name)
    raw = value if isinstance(value, list) else LIST_SPLIT.split(str(value)) if value not in (None, "") else []
    cleaned = (validation.clean_text(str(item)).strip() for item in raw if not isinstance(item, (dict, list)))
    return list(dict.fromkeys(item for item in cleaned if item))


def date_value(
    form: Form,
    name: str,
    errors: dict[str, str],
    *,
    earliest: int = 1950,
    required: bool = False,
    day_first: bool = False,
) -> date | None:
    """An ISO date (2026-03-31) between the year `earliest` and ten years from now. With `day_first` (files and HR
    systems) 31/03/2026 too, as French and West African firms write dates; a date field of a page sends ISO."""
    raw = text(form, name)
    if not raw:
        if required:
            errors[name] = _("Enter a date like 2026-03-31.")
        return None
    value: date | None = None
    try:
        value = date.fromisoformat(raw[:10] if day_first else raw)
    except ValueError:
        if day_first and (match := DAY_FIRST.match(raw)):
            day, month, year = (int(part) for part in match.groups())
            try:
                value = date(year, month, day)
            except ValueError:
                value = None
    if value is None or not earliest <= value.year <= datetime.now(UTC).year + 10:
        errors[name] = _("Enter a date like 2026-03-31.")
        return None
    return value


def int_value(form: Form, name: str, errors: dict[str, str], *, low: int, high: int) -> int | None:
    """A whole number between `low` and `high` (see `validation.whole_number`): a count, a year, a page."""
    value, message = validation.whole_number(text(form, name), low=low, high=high)
    if message:
        errors[name] = message
    return value


def amount(form: Form, name: str, errors: dict[str, str], *, low: int = 0, high: int) -> int | None:
    """An amount of money: decimal comma or point and spaces between groups accepted, rounded to a whole unit."""
    raw = text(form, name)
    if not raw:
        return None
    number = validation.decimal_number(raw)
    if number is None:
        errors[name] = _("“%(value)s” is not a number.") % {"value": raw[:40]}
        return None
    if number < 0:
        errors[name] = _("This amount cannot be negative.")
        return None
    if not low <= number <= high:
        errors[name] = _("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high}
        return None
    return round(number)


def choice(
    form: Form,
    name: str,
    allowed: Mapping[str, str],
    errors: dict[str, str],
    *,
    required: bool = False,
    by_label: bool = False,
) -> str | None:
    """One code of `allowed` ({code: label}). With `by_label` (files and HR systems) the label shown in the
    interface is accepted too, and a wrong value is told the codes it may take."""
    value = text(form, name)
    if not value:
        if required:
            errors[name] = _("Choose an option from the list.")
        return None
    if value in allowed:
        return value
    if by_label:
        for code, label in allowed.items():
            if value.casefold() == label.casefold():
                return code
        errors[name] = _("“%(value)s” is not one of: %(allowed)s.") % {
            "value": value[:40],
            "allowed": ", ".join(allowed),
        }
        return None
    errors[name] = _("“%(value)s” is not one of the choices offered.") % {"value": value[:40]}
    return None


def choice_list(form: Form, name: str, allowed: Mapping[str, str], errors: dict[str, str]) -> list[str]:
    """Several codes of `allowed`; any other is refused (and dropped)."""
    chosen = items(form, name)
    if any(value not in allowed for value in chosen):
        errors[name] = _("Choose options from the list.")
    return [value for value in chosen if value in allowed]


def uuid_value(form: Form, name: str) -> uuid.UUID | None:
    """An id sent back by a page (a hidden field, a link's query): None when absent or not an id."""
    try:
        return uuid.UUID(text(form, name))
    except ValueError:
        return None


def boolean(form: Form, name: str, errors: dict[str, str]) -> bool:
    """Yes or no: a JSON boolean, a ticked box ("on"), or a word in French, English or Arabic."""
    value = form.get(name)
    if isinstance(value, bool):
        return value
    word = text(form, name).casefold()
    if word in TRUE_WORDS:
        return True
    if word not in FALSE_WORDS:
        errors[name] = _("Write yes or no.")
    return False
