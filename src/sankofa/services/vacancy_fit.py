"""How a vacancy fits a returnee until the ranking engine lands: the skills matched and missing.

(Interface fixed by the lead; the search helper implements it.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.models import User
from sankofa.db.vacancies import Vacancy


@dataclass(frozen=True)
class Fit:
    """Skill overlap between a returnee's profile and one vacancy; labels in the interface language."""

    matched_required: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    matched_optional: list[str] = field(default_factory=list)
    score: float = 0.0  # share of the vacancy's skills the returnee has (required count double)


async def fits_for(session: AsyncSession, *, user: User | None, vacancies: Sequence[Vacancy]) -> dict[int, Fit]:
    """Fit of each vacancy (by id) for `user`'s profile; empty for anyone but a returnee with a profile."""
    return {}
