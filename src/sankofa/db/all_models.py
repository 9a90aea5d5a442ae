"""Import every model module so SQLModel.metadata knows all tables (Alembic, tests)."""

from __future__ import annotations

from sankofa.db import alerts, applications, imports, models, profiles, ranking, reference, vacancies  # noqa: F401
