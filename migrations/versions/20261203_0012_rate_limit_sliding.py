"""rate_limit_hit.previous_count: rate limits slide instead of resetting at each window boundary

Revision ID: 0012
Revises: 0011r
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011r"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rate_limit_hit", sa.Column("previous_count", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("rate_limit_hit", "previous_count")
