"""demographics field group: gender, year of birth and nationality leave the identity group

Agreements that covered identity keep covering these fields, now named as their own group.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE data_sharing_agreement SET field_groups = array_append(field_groups, 'demographics') "
        "WHERE 'identity' = ANY(field_groups) AND NOT 'demographics' = ANY(field_groups)"
    )


def downgrade() -> None:
    op.execute("UPDATE data_sharing_agreement SET field_groups = array_remove(field_groups, 'demographics')")
