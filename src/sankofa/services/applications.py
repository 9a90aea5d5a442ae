"""Applications: apply, the employer's pipeline, history, messages, stale flags, response rates.

(Interfaces used by other areas are fixed by the lead; the applications helper implements them.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.db.applications import Application
from sankofa.db.models import User
from sankofa.db.vacancies import Vacancy


@dataclass(frozen=True)
class ApplyBox:
    """What the vacancy page shows a returnee about applying (rendered by applications/_apply_box.html)."""

    can_apply: bool
    application: Application | None = None
    reason: str = ""  # why applying is not possible (translated), e.g. no profile yet


@dataclass(frozen=True)
class ResponseRate:
    """How often an employer answers applications within 14 days (rendered by applications/_response_rate.html)."""

    answered: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.answered / self.total) if self.total else None


async def apply_box(session: AsyncSession, *, user: User | None, vacancy: Vacancy) -> ApplyBox | None:
    """The apply box for `user` on `vacancy`: None for anyone who is not a returnee."""
    return None


async def response_rates(session: AsyncSession, *, organisation_ids: Sequence[int]) -> dict[int, ResponseRate]:
    """Response rate per organisation id (organisations without applications are absent)."""
    return {}
