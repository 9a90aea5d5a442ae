"""The colours of the design system (web/static/app.css) keep text readable: WCAG AA contrast for text (4.5:1) and
for focus rings and input borders (3:1), and avatar tones readable under white initials."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "web" / "static" / "app.css").read_text(encoding="utf-8")
TOKENS = dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", CSS))
TONES = dict(re.findall(r"\.tone-(\d) \{ background: (#[0-9a-fA-F]{6}); \}", CSS))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


TEXT_PAIRS = [
    ("ink", "surface"),
    ("ink", "bg"),
    ("muted", "surface"),
    ("muted", "bg"),
    ("muted", "brand-tint"),
    ("brand", "surface"),
    ("brand", "bg"),
    ("brand", "brand-tint"),
    ("danger", "surface"),
    ("danger-ink", "danger-tint"),
    ("ok", "ok-tint"),
    ("info", "info-tint"),
    ("gold-ink", "gold-tint"),
    ("ink", "chip"),
    ("ink", "gold"),
]


@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_colours_pass_wcag_aa_on_their_backgrounds(text, background):
    assert contrast(TOKENS[text], TOKENS[background]) >= 4.5


@pytest.mark.parametrize("background", ["brand", "brand-strong", "danger"])
def test_white_text_on_buttons_passes_wcag_aa(background):
    assert contrast("#ffffff", TOKENS[background]) >= 4.5


@pytest.mark.parametrize("background", ["surface", "bg"])
def test_focus_rings_and_input_borders_stand_out_from_the_page(background):
    assert contrast(TOKENS["focus"], TOKENS[background]) >= 3
    assert contrast(TOKENS["line-strong"], TOKENS[background]) >= 3


def test_every_avatar_tone_carries_white_initials():
    from web.template_helpers import AVATAR_TONES

    assert sorted(TONES) == [str(n) for n in range(1, AVATAR_TONES + 1)]
    assert min(contrast("#ffffff", tone) for tone in TONES.values()) >= 4.5
