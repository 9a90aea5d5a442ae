"""Small template helpers: direction isolation of inserted values, place labels, percentages, avatars.

Arabic pages are right-to-left; a French job title, a Latin place name or a phone number inserted in them must be
isolated (`<bdi>`), or its punctuation lands on the wrong side ("Thiès, Thiès, السّنغال" reads as a broken list).
"""

from __future__ import annotations

import hashlib
import re

from babel import numbers
from markupsafe import Markup, escape

from sankofa.core import i18n

# Parts of a place label ("Thiès, Thiès, Sénégal"); Arabic pages join them with the Arabic comma.
PLACE_SEPARATORS = re.compile("\\s*[,\u060c]\\s*")
ARABIC_COMMA = "\u060c "
# Tones of avatars and employer initials: white text on each passes WCAG AA (>= 4.5:1, see app.css).
AVATAR_TONES = 6
# Short words that do not make an initial ("Atelier de la Côte" → "AC").
NOT_INITIALS = frozenset({"de", "du", "des", "la", "le", "les", "et", "of", "the", "and", "d", "l", "sa", "sarl", "&"})


def bdi(value: object) -> Markup:
    """`value` escaped and isolated from the text around it (its own direction)."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>{}</bdi>").format(value)


def place(label: str | None) -> Markup:
    """A place label with each part isolated, joined with the comma of the page's language.

    "Thiès, Thiès, Sénégal" on an Arabic page becomes three isolated parts joined by "، ", so the parts read
    right to left in the right order and the commas stay between them.
    """
    if not label:
        return Markup("")
    parts = [part for part in PLACE_SEPARATORS.split(str(label)) if part]
    separator = ARABIC_COMMA if i18n.is_rtl() else ", "
    return escape(separator).join(Markup("<bdi>{}</bdi>").format(part) for part in parts)


def percent(value: float | int | None) -> Markup:
    """A whole percentage as the language writes it ("46 %" in French, "46%" in English and Arabic), isolated."""
    if value is None:
        return Markup("")
    text = numbers.format_percent(float(value) / 100, locale=i18n.get_locale())
    return Markup('<bdi class="nowrap">{}</bdi>').format(text)


def initials(name: str | None) -> str:
    """One or two letters for an avatar: "Aminata Sow" → "AS", "Baobab BTP" → "BB", "" → "?"."""
    words = [w for w in re.split(r"[\s\-'’/.,()]+", name or "") if w and w.lower() not in NOT_INITIALS]
    letters = [next((ch for ch in word if ch.isalnum()), "") for word in words]
    letters = [ch for ch in letters if ch]
    if not letters:
        return "?"
    return (letters[0] + (letters[1] if len(letters) > 1 else "")).upper()


def avatar_tone(name: str | None) -> int:
    """A stable tone (1..AVATAR_TONES) for a name, so an employer keeps its colour on every page."""
    digest = hashlib.blake2s((name or "").strip().lower().encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % AVATAR_TONES + 1


def avatar(name: str | None, *, kind: str = "person", size: str = "") -> Markup:
    """Initials in a coloured circle (people) or rounded square (organisations); decorative next to the name."""
    classes = f"avatar avatar-{kind} tone-{avatar_tone(name)}" + (f" avatar-{size}" if size else "")
    return Markup('<span class="{}" aria-hidden="true">{}</span>').format(classes, initials(name))
