"""Applications: applying, the employer's pipeline, messages, stale reminders."""
