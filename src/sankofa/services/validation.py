"""Field checks shared by services; each returns a translated message or None."""

from __future__ import annotations

import re

from sankofa.i18n import gettext as _

EMAIL_RE = re.compile(r"^[^@\s<>\"']{1,64}@[^@\s<>\"']{1,255}\.[^@\s<>\"'.]{2,63}$")
MIN_PASSWORD = 10


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


def email_error(email: str) -> str | None:
    if not email:
        return _("Enter your email address.")
    if len(email) > 320 or not EMAIL_RE.match(email):
        return _("Enter a valid email address, like name@example.org.")
    return None


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
