"""vacancy.source_hash: a re-upload skips a file row identical to the one last imported, without parsing it

Revision ID: 0012i
Revises: 0012
Create Date: 2026-12-03 14:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012i"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("vacancy", sa.Column("source_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("vacancy", "source_hash")
