"""returnee_profile.erased_at: the account was deleted; the row stays only so applications keep a target

Everything personal on the row is blanked and every row under the profile is deleted when it is set
(identity/privacy.py); read paths treat an erased profile as absent.

Revision ID: 0010b
Revises: 0010
Create Date: 2026-12-02 18:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010b"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("returnee_profile", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("returnee_profile", "erased_at")
