"""vacancy_import_report_chunk: the error report of an import, built once by the worker, streamed on download

vacancy_import.report_built_at says it is there. Imports made before have none: the first download builds it.

Revision ID: 0011r
Revises: 0011n
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011r"
down_revision: str | None = "0011n"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("vacancy_import", sa.Column("report_built_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "vacancy_import_report_chunk",
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["vacancy_import.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("import_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("vacancy_import_report_chunk")
    op.drop_column("vacancy_import", "report_built_at")
