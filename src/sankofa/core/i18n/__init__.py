"""Translations: gettext catalogs per locale, the current locale in a context variable, locale formatting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.core import UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from sankofa.core.settings import LOCALES, RTL_LOCALES

LOCALE_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
_current: ContextVar[str] = ContextVar("sankofa_locale", default="fr")

LANGUAGE_NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}


@lru_cache(maxsize=8)
def translations(locale: str) -> NullTranslations:
    """Catalog for `locale`: the compiled .mo when it is current, else the .po read directly."""
    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    if not po.exists():
        return NullTranslations()
    import io

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def get_locale() -> str:
    return _current.get()


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else "fr")


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Run a block (an email, a job) in another locale."""
    token = _current.set(locale if locale in LOCALES else "fr")
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations(_current.get()).pgettext(context, message))


_ = gettext


def is_rtl(locale: str | None = None) -> bool:
    return (locale or _current.get()) in RTL_LOCALES


def negotiate(accept_language: str | None, *, default: str) -> str:
    """Pick the best supported locale from an Accept-Language header."""
    if not accept_language:
        return default
    ranked: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        quality = 1.0
        for bit in bits[1:]:
            if bit.strip().startswith("q="):
                try:
                    quality = float(bit.strip()[2:])
                except ValueError:
                    quality = 0.0
        if tag:
            ranked.append((quality, tag))
    for _quality, tag in sorted(ranked, key=lambda item: -item[0]):
        base = tag.split("-")[0]
        if base in LOCALES:
            return base
    return default


def format_datetime(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    try:
        return dates.format_datetime(value, format=fmt, locale=Locale.parse(_current.get()))
    except UnknownLocaleError:  # pragma: no cover - LOCALES are all known to Babel
        return value.isoformat()


def format_date(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return dates.format_date(value, format=fmt, locale=_current.get())


def format_number(value: float | int) -> str:
    return numbers.format_decimal(value, locale=_current.get())


def colon(label: str) -> str:
    """`label` followed by a colon as the language writes it (French puts a narrow no-break space before it)."""
    return f"{label}\u202f:" if _current.get() == "fr" else f"{label}:"
