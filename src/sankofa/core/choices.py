"""Closed lists used by profiles and vacancies (codes stored, labels translated at display time)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from sankofa.core.i18n import get_locale, labels, use_locale
from sankofa.core.i18n import gettext as _


def genders() -> dict[str, str]:
    return {"female": _("Woman"), "male": _("Man"), "other": _("Other"), "undisclosed": _("I prefer not to say")}


def return_statuses(*, helper_view: bool = False) -> dict[str, str]:
    """Return statuses; `helper_view` words them for a caseworker filling in someone else's profile."""
    if helper_view:
        return {"planning": _("Planning to return"), "returned": _("Has returned")}
    return {"planning": _("I am planning to return"), "returned": _("I have returned")}


def contract_types() -> dict[str, str]:
    return {
        "permanent": _("Permanent contract"),
        "fixed_term": _("Fixed-term contract"),
        "seasonal": _("Seasonal work"),
        "apprenticeship": _("Apprenticeship"),
        "internship": _("Internship"),
        "freelance": _("Freelance or self-employed"),
        "part_time": _("Part-time"),
    }


def sectors() -> dict[str, str]:
    return {
        "agriculture": _("Agriculture, livestock and fishing"),
        "agrifood": _("Food processing"),
        "construction": _("Construction and public works"),
        "manufacturing": _("Manufacturing and crafts"),
        "energy": _("Energy and water"),
        "mining": _("Mining and quarrying"),
        "trade": _("Trade and retail"),
        "transport": _("Transport and logistics"),
        "hospitality": _("Hotels, restaurants and tourism"),
        "ict": _("Information technology and telecoms"),
        "finance": _("Banking, insurance and microfinance"),
        "health": _("Health and social care"),
        "education": _("Education and training"),
        "services": _("Business services"),
        "personal_services": _("Personal and household services"),
        "public": _("Public administration"),
        "arts": _("Arts, culture and media"),
        "other": _("Other sector"),
    }


def needs() -> dict[str, str]:
    return {
        "training": _("Training"),
        "funding": _("Funding for a business"),
        "equipment": _("Tools or equipment"),
        "housing": _("Housing"),
        "psychosocial": _("Psychosocial support"),
        "legal": _("Documents and legal help"),
        "health": _("Health care"),
        "job_search": _("Help finding a job"),
        "childcare": _("Childcare and schooling"),
    }


def measure_kinds() -> dict[str, str]:
    return {
        "counselling": _("Counselling session"),
        "training": _("Training"),
        "grant": _("Grant"),
        "in_kind": _("In-kind support (equipment, tools)"),
        "job_placement": _("Job placement"),
        "business_support": _("Business support"),
        "housing": _("Housing support"),
        "psychosocial": _("Psychosocial support"),
        "medical": _("Medical support"),
        "referral": _("Referral to another service"),
    }


def skill_levels() -> dict[str, str]:
    return {"basic": _("Basic"), "intermediate": _("Intermediate"), "advanced": _("Advanced"), "expert": _("Expert")}


def acquired_places() -> dict[str, str]:
    return {"host": _("Abroad (host country)"), "origin": _("In my country of origin"), "other": _("Elsewhere")}


def education_levels() -> dict[str, str]:
    return {
        "none": _("No formal schooling"),
        "primary": _("Primary school"),
        "secondary": _("Secondary school"),
        "vocational": _("Vocational training"),
        "bachelor": _("Bachelor's degree or equivalent"),
        "master": _("Master's degree or equivalent"),
        "doctorate": _("Doctorate"),
    }


CEFR = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


def language_levels() -> dict[str, str]:
    return {**{level: level for level in CEFR[:-1]}, "native": _("Native language")}


# Languages returnees commonly speak, offered first; any ISO 639 code Babel knows is accepted.
COMMON_LANGUAGES = ("fr", "en", "ar", "wo", "bm", "ff", "ha", "yo", "ber", "es", "it", "de", "pt", "sus", "mos", "dyu")


@lru_cache(maxsize=4)
def _languages(locale: str) -> dict[str, str]:
    """Babel's language names in `locale`, plus ours for the codes Babel lacks ("ber": Berber)."""
    with use_locale(locale):
        ours = labels.languages_babel_lacks()
    return {**ours, **dict(Locale.parse(locale).languages)}


def languages() -> dict[str, str]:
    names = _languages(get_locale())
    return {code: names.get(code, code) for code in COMMON_LANGUAGES}


@lru_cache(maxsize=1)
def all_language_codes() -> frozenset[str]:
    """Every ISO 639 language code Babel names (vacancies and profiles may ask for any of them)."""
    codes = (str(code) for code in _languages("en"))
    return frozenset(code for code in codes if code.isalpha() and code.islower())


def language_name(code: str) -> str:
    return _languages(get_locale()).get(code, code)


@lru_cache(maxsize=4)
def _countries(locale: str) -> dict[str, str]:
    names = Locale.parse(locale).territories
    return dict(
        sorted(
            ((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()),
            key=lambda item: item[1],
        )
    )


def countries() -> dict[str, str]:
    """Every country by ISO 3166-1 alpha-2 code, named and sorted in the interface language."""
    return _countries(get_locale())


def country_name(code: str | None) -> str:
    return countries().get(code or "", code or "")


CURRENCIES = ("XOF", "XAF", "MAD", "DZD", "TND", "EUR", "USD", "GNF", "MRU", "GMD", "NGN", "GHS", "LRD", "SLE", "CVE")


@lru_cache(maxsize=4)
def _currency_names(locale: str) -> dict[str, str]:
    names = Locale.parse(locale).currencies
    return {code: f"{code} · {names.get(code, code)}" for code in CURRENCIES}


def currencies() -> dict[str, str]:
    """The currencies offered for pay and salaries, by ISO 4217 code, named in the interface language."""
    return _currency_names(get_locale())
