"""web_session.last_seen_at: sessions unused for SANKOFA_SESSION_IDLE_MINUTES end (ASVS 3.3.2)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing sessions count as used now: nobody is logged out by the upgrade itself.
    op.add_column(
        "web_session",
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.alter_column("web_session", "last_seen_at", server_default=None)


def downgrade() -> None:
    op.drop_column("web_session", "last_seen_at")
