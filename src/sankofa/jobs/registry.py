"""The one list of actors, and `install()`, which binds them all to a real broker.

Actor names ("area.verb") are stored in outbox rows and queued messages: a name, once used, stays. Renaming an
actor would strand rows already written under the old name.
"""

from __future__ import annotations

import dramatiq

from sankofa.applications import actors as application_actors
from sankofa.core import mail_actors
from sankofa.events import actors as event_actors
from sankofa.imports import actors as import_actors
from sankofa.jobs import maintenance_actors
from sankofa.jobs.unbound import unbound
from sankofa.ranking import actors as ranking_actors
from sankofa.search import actors as alert_actors
from sankofa.vacancies import actors as vacancy_actors

ACTORS: tuple[dramatiq.Actor, ...] = (
    mail_actors.send_mail,
    maintenance_actors.purge,
    vacancy_actors.close_expired,
    import_actors.run_import,
    import_actors.build_report,
    application_actors.flag_stale,
    alert_actors.send_digests,
    ranking_actors.refresh,
    ranking_actors.refresh_many,
    ranking_actors.reconcile,
    ranking_actors.train,
    event_actors.expire_offers,
)


def names() -> set[str]:
    """The name of every registered actor."""
    return {actor.actor_name for actor in ACTORS}


def install(broker: dramatiq.Broker) -> dramatiq.Broker:
    """Make `broker` the global one and move every registered actor onto it.

    Args:
        broker: A broker from `sankofa.jobs.broker.make_broker` (or, in tests, an explicit in-memory one).

    Returns:
        The same broker, for chaining.
    """
    dramatiq.set_broker(broker)
    for actor in ACTORS:
        actor.broker = broker
        broker.declare_actor(actor)
    return broker


def uninstall() -> None:
    """Move every actor back to the unbound broker, so that a send after the worker stopped raises."""
    install(unbound)
