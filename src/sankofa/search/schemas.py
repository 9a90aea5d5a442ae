"""Response bodies of the search APIs, typed."""

from __future__ import annotations

from sankofa.profiles.schemas import ProfileRead, Read


class CandidatePage(Read):
    """One page of candidates: each a profile as the caller may see it (anonymous unless granted)."""

    page: int
    has_next: bool
    results: list[ProfileRead]
