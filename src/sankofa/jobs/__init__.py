"""Background jobs (Dramatiq): the actor registry, broker set-up, actors, the outbox relay and the scheduler."""
