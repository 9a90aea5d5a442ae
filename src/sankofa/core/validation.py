"""Field checks shared by services (each returns a translated message or None), and the one place where text and
numbers typed by people are cleaned and read: forms, JSON bodies, query strings and CSV cells."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from sankofa.core.i18n import gettext as _

# The email columns' width; email-validator refuses past 254 characters anyway, this only spares it the work.
MAX_EMAIL = 320
# The phone columns' width: a number in international format takes at most 20 characters.
MAX_PHONE = 40
MIN_PASSWORD = 10
# Control characters other than tab, newline and carriage return, and lone surrogates: PostgreSQL refuses NUL in
# text and surrogates cannot be encoded, and none of them is ever typed on purpose.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Arabic users type Arabic-Indic (and, in Persian layouts, Extended Arabic-Indic) digits: read them as 0-9.
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Thousands separators people type or paste: space, no-break space, narrow no-break space, thin space.
_GROUP_SPACES = re.compile("[ \xa0\u202f\u2009]")
_WHOLE = re.compile(r"[0-9]{1,15}")
_DECIMAL = re.compile(r"-?[0-9]{1,15}(?:[.,][0-9]{1,6})?")


def clean_text(value: str) -> str:
    """`value` without NUL, other control characters (tab, newline and CR kept) and lone surrogates."""
    return _CONTROL.sub("", value)


def mark_controls(value: str) -> str:
    """`value` with each control character replaced by U+FFFD: what was sent keeps its length and shape (an
    address that held one is then nobody's, a value that held one is refused) and NUL never reaches PostgreSQL."""
    return _CONTROL.sub("\ufffd", value)


def clean_tree(value: Any) -> Any:
    """`clean_text` applied to every string (keys included) of a JSON value or a form's lists."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_tree(item) for item in value]
    if isinstance(value, dict):
        return {clean_tree(key): clean_tree(item) for key, item in value.items()}
    return value


def _digits(raw: str) -> str:
    return _GROUP_SPACES.sub("", raw.strip().translate(_ARABIC_DIGITS))


def whole_number(raw: str, *, low: int, high: int) -> tuple[int | None, str | None]:
    """A whole number typed in a field: ASCII or Arabic-Indic digits, spaces between groups allowed.

    `str.isdigit` is true for "²" and `int` also reads other scripts' digits; only 0-9 (after converting
    Arabic-Indic digits) are accepted here, at most 15 of them.

    Returns:
        (value, None); (None, None) for an empty field; (None, translated message) when wrong or out of bounds.
    """
    text = _digits(raw)
    if not text:
        return None, None
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        return None, _("Enter a whole number between %(low)s and %(high)s.") % {"low": low, "high": high}
    return int(text), None


def decimal_number(raw: str) -> float | None:
    """A number with an optional sign and decimal comma or point (digits as in `whole_number`); None if not one."""
    text = _digits(raw)
    if not _DECIMAL.fullmatch(text):
        return None
    return float(text.replace(",", "."))


def _checked_email(email: str) -> str | None:
    """The normalised address (domain in Unicode, lower case) if `email` is one people can write to, else None.

    No DNS look-up (`check_deliverability=False`): forms must answer offline and at once. `strict` holds the
    local part to its 64 characters (RFC 5321). `test_environment` accepts the reserved `.test` domain (RFC 6761)
    of the demo accounts; `.local`, `.localhost`, `.invalid` and `.onion` stay refused, as do quoted local parts
    and IP-address domains.
    """
    if len(email) > MAX_EMAIL:
        return None
    try:
        return validate_email(email, check_deliverability=False, test_environment=True, strict=True).normalized.lower()
    except EmailNotValidError:
        return None


def normalise_email(value: str | None) -> str:
    """`value` cleaned and in lower case, its domain in Unicode (IDNA) when the address is valid.

    Accounts are looked up by this form, so it never raises: a wrong address comes back merely stripped and
    lower-cased, for `email_error` to refuse.
    """
    text = clean_text(value or "").strip()
    return _checked_email(text) or text.lower()


def email_error(email: str) -> str | None:
    """A translated message if `email` (already through `normalise_email`) is missing or not an address."""
    if not email:
        return _("Enter your email address.")
    if _checked_email(email) is None:
        return _("Enter a valid email address, like name@example.org.")
    return None


def _phone_number(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    text = clean_text(raw).strip().translate(_ARABIC_DIGITS)
    if len(text) > MAX_PHONE:
        return None
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def normalise_phone(raw: str, *, region: str | None = None) -> str:
    """A phone number in international format ("+221 77 123 45 67"), read as dialled in `region` when it has no
    country code; `raw` stripped when it is not a valid number ('' stays '').

    International format rather than E.164: it is what every page, CV and export shows verbatim, numbers stored
    before phonenumbers already look like it, and it converts back to E.164 without loss (a `tel:` link drops
    the spaces).

    Args:
        raw: what was typed: spaces, dots, dashes, brackets, a leading + or 00, Arabic-Indic digits.
        region: ISO 3166-1 alpha-2 country the number is read in when it has no country code; None: only
            international numbers are read.
    """
    number = _phone_number(raw, region)
    if number is None:
        return clean_text(raw).strip()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_error(raw: str, *, region: str | None = None) -> str | None:
    """A translated message if `raw` is not a valid phone number (in `region` when it has no country code).

    An empty value is not an error: callers decide whether a phone number is required.
    """
    if not raw.strip() or _phone_number(raw, region) is not None:
        return None
    example = phonenumbers.example_number(region.upper()) if region else None
    if example is None:
        return _("Enter a phone number with its country code, like +221 77 123 45 67.")
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    return _("Enter a phone number like %(example)s, or with its country code, like +221 77 123 45 67.") % {
        "example": national
    }


def password_error(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return _("Use at least %(n)s characters.") % {"n": MIN_PASSWORD}
    if len(password) > 200:
        return _("Use at most %(n)s characters.") % {"n": 200}
    return None


def text_error(value: str, *, required: bool, max_length: int, min_length: int = 1) -> str | None:
    if not value.strip():
        return _("This field is required.") if required else None
    if len(value.strip()) < min_length:
        return _("Use at least %(n)s characters.") % {"n": min_length}
    if len(value) > max_length:
        return _("Use at most %(n)s characters.") % {"n": max_length}
    return None
