"""Applications: apply, the employer's pipeline, history, messages, stale flags, response rates (being built)."""

from __future__ import annotations
