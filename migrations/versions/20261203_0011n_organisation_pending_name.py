"""organisation.pending_name: a verified organisation's new name, public only once a verifier approves it

A verified organisation that renames itself keeps its verified name on every public page until an administrator
(or a partner caseworker, for employers) approves the new one (organisations/names.py).

Revision ID: 0011n
Revises: 0010b
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011n"
down_revision: str | None = "0010b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("organisation", sa.Column("pending_name", sa.String(length=200), nullable=True))
    op.add_column("organisation", sa.Column("pending_name_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("organisation", "pending_name_at")
    op.drop_column("organisation", "pending_name")
