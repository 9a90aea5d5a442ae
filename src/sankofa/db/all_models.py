"""Import every model module so SQLModel.metadata knows all tables (Alembic, tests)."""

from __future__ import annotations

from sankofa.db import models, profiles, reference  # noqa: F401
