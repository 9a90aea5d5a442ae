"""Every user-facing string is in the catalogs, translated in French and Arabic."""

from __future__ import annotations

import subprocess
import sys

from babel.messages.pofile import read_po

from sankofa.core.i18n import LOCALE_DIR
from tests.conftest import ROOT


def _catalog(locale: str):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def test_no_msgid_is_left_untranslated_in_french_or_arabic(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "ngettext:1,2",
            "-k",
            "pgettext:1c,2",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        # With its context (pgettext): "Created" over a count must not borrow the translation of "Created" over a date.
        source_ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id}
    assert len(source_ids) > 100
    for locale in ("fr", "ar"):
        catalog = _catalog(locale)
        translated = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and m.string and (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
        }
        missing = sorted(source_ids - translated)
        assert missing == [], f"{locale}: {len(missing)} untranslated, first: {missing[:5]}"


def test_placeholders_survive_translation():
    import re

    for locale in ("fr", "ar"):
        for message in _catalog(locale):
            if message.id and isinstance(message.id, str) and message.string:
                assert set(re.findall(r"%\(\w+\)s", message.id)) == set(re.findall(r"%\(\w+\)s", message.string)), (
                    locale,
                    message.id,
                )


def test_every_catalog_entry_is_whole():
    """Each msgid is followed by its msgstr: a merge that drops one makes babel skip the entry (with a warning only),
    and the English catalog then falls back silently for it."""
    for locale in ("fr", "ar", "en"):
        lines = (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").splitlines()
        broken = []
        for number, line in enumerate(lines):
            if not line.startswith("msgid "):
                continue
            following = next((later for later in lines[number + 1 :] if not later.startswith('"')), "")
            if not following.startswith(("msgstr", "msgid_plural")):
                broken.append(f"{locale}:{number + 1}: {line}")
        assert broken == []
