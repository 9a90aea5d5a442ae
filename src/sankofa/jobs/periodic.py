"""Jobs the worker processes schedule themselves, each once per period across all workers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Periodic:
    """A job that runs every `seconds`, once across all workers."""

    name: str
    actor: str
    seconds: int


PERIODIC = [
    Periodic("maintenance.purge", "maintenance.purge", 3600),
    # Vacancies past their deadline close within the hour.
    Periodic("vacancies.close_expired", "vacancies.close_expired", 3600),
    # Applications untouched for 14 days are flagged to the employer.
    Periodic("applications.flag_stale", "applications.flag_stale", 3600),
    # Digests are built hourly; each saved search is mailed once per day or week, in its owner's morning.
    Periodic("alerts.send_digests", "alerts.send_digests", 3600),
    # Ranking records older than their vacancy or profile are refreshed (a safety net for lost jobs).
    Periodic("ranking.reconcile", "ranking.reconcile", 900),
    # The ranker learns from the week's outcomes (promoted only if better on held-out lists).
    Periodic("ranking.train", "ranking.train", 7 * 86_400),
    # Seats offered from an event's waiting list and left unanswered pass on within five minutes of the deadline.
    Periodic("events.expire_offers", "events.expire_offers", 300),
]
