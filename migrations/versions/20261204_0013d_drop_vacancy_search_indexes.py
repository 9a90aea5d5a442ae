"""Drop the vacancy table's own search indexes: since 0013 every search reads vacancy_search and its indexes

The GIN index on vacancy.search_vector, the trigram index on vacancy.title and the lat/lon index served the search
before the document table existed; no query reads them now, and each insert or update of a vacancy paid for them
(GIN maintenance was a third of the trigger-era import of 100,000 rows). The document table's indexes of 0013
answer the same searches.

Revision ID: 0013d
Revises: 0013
Create Date: 2026-12-04 20:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013d"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_vacancy_search_vector", table_name="vacancy", postgresql_using="gin")
    op.drop_index(
        "ix_vacancy_title_trgm", table_name="vacancy", postgresql_using="gin", postgresql_ops={"title": "gin_trgm_ops"}
    )
    op.drop_index("ix_vacancy_lat_lon", table_name="vacancy")


def downgrade() -> None:
    op.create_index("ix_vacancy_lat_lon", "vacancy", ["lat", "lon"], unique=False)
    op.create_index(
        "ix_vacancy_title_trgm",
        "vacancy",
        ["title"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"title": "gin_trgm_ops"},
    )
    op.create_index("ix_vacancy_search_vector", "vacancy", ["search_vector"], unique=False, postgresql_using="gin")
