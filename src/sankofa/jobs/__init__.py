"""Background jobs (Dramatiq): broker set-up, actors, the outbox relay and the periodic scheduler."""
