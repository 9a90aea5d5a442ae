"""events: local authorities' events, their sessions, seat categories, questions, co-organisers, registrations;
mail attachments (the calendar entry sent with event mails)

Capacity is a counter per category (`event_category.taken`) that a CHECK keeps within the quota; the services
change it only under the category row's lock, so no two registrations can take the last seat.

Revision ID: 0014e
Revises: 0013d
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014e"
down_revision: str | None = "0013d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def _tz(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _codes(name: str) -> sa.Column:
    return sa.Column(name, postgresql.ARRAY(sa.String()), server_default="{}", nullable=False)


def upgrade() -> None:
    op.add_column(
        "mail",
        sa.Column(
            "attachments",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("status", AutoString(length=10), nullable=False),
        sa.Column("title", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("description", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("online_url", AutoString(length=300), nullable=True),
        sa.Column("venue_name", AutoString(length=200), nullable=False),
        sa.Column("address", AutoString(length=300), nullable=False),
        sa.Column("map_url", AutoString(length=500), nullable=True),
        sa.Column("country", AutoString(length=2), nullable=True),
        sa.Column("region", AutoString(length=20), nullable=True),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("timezone", AutoString(length=40), nullable=False),
        _tz("starts_at"),
        _tz("ends_at"),
        _tz("registration_opens_at"),
        _tz("registration_closes_at"),
        sa.Column("registration_mode", AutoString(length=10), nullable=False),
        sa.Column("offer_hours", sa.Integer(), nullable=False),
        _codes("shared_fields"),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("cancel_reason", sa.Text(), server_default="", nullable=False),
        _tz("published_at"),
        _tz("cancelled_at"),
        _tz("created_at", nullable=False),
        _tz("updated_at", nullable=False),
        sa.ForeignKeyConstraint(["city_id"], ["city.geonameid"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["region"], ["region.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("public_id"),
    )
    op.create_index(op.f("ix_event_country"), "event", ["country"], unique=False)
    op.create_index(op.f("ix_event_organisation_id"), "event", ["organisation_id"], unique=False)
    op.create_index(op.f("ix_event_region"), "event", ["region"], unique=False)
    op.create_index("ix_event_status_starts_at", "event", ["status", "starts_at"], unique=False)
    op.create_table(
        "event_co_organiser",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "organisation_id"),
    )
    op.create_index(
        op.f("ix_event_co_organiser_organisation_id"), "event_co_organiser", ["organisation_id"], unique=False
    )
    op.create_table(
        "event_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", AutoString(length=120), nullable=False),
        _tz("starts_at", nullable=False),
        _tz("ends_at", nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("break_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_event_session_event_id"), "event_session", ["event_id"], unique=False)
    op.create_table(
        "event_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=20), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("quota >= 0", name="ck_event_category_quota"),
        sa.CheckConstraint("taken >= 0 AND taken <= quota", name="ck_event_category_taken_within_quota"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "kind", name="uq_event_category_kind"),
    )
    op.create_index(op.f("ix_event_category_event_id"), "event_category", ["event_id"], unique=False)
    op.create_table(
        "event_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", AutoString(length=300), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_event_question_event_id"), "event_question", ["event_id"], unique=False)
    op.create_table(
        "event_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("status", AutoString(length=12), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        _tz("waitlisted_at"),
        _tz("offered_at"),
        _tz("offer_expires_at"),
        _tz("consented_at"),
        _codes("shared_fields"),
        sa.Column("answers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("booth_wish", AutoString(length=300), nullable=False),
        sa.Column("representative_ids", postgresql.ARRAY(sa.Integer()), server_default="{}", nullable=False),
        sa.Column("vacancy_ids", postgresql.ARRAY(sa.Integer()), server_default="{}", nullable=False),
        _codes("interest_sectors"),
        _codes("interest_regions"),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        _tz("created_at", nullable=False),
        _tz("updated_at", nullable=False),
        _tz("cancelled_at"),
        sa.ForeignKeyConstraint(["category_id"], ["event_category.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "user_id", name="uq_event_registration_person"),
        sa.UniqueConstraint("public_id"),
    )
    op.create_index(op.f("ix_event_registration_category_id"), "event_registration", ["category_id"], unique=False)
    op.create_index(op.f("ix_event_registration_event_id"), "event_registration", ["event_id"], unique=False)
    op.create_index(op.f("ix_event_registration_user_id"), "event_registration", ["user_id"], unique=False)
    op.create_index(
        "ix_event_registration_queue",
        "event_registration",
        ["category_id", "status", "priority", "waitlisted_at"],
        unique=False,
    )
    op.create_index(
        "ix_event_registration_offer_expiry",
        "event_registration",
        ["offer_expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'offered'"),
    )
    op.create_index(
        "uq_event_registration_organisation",
        "event_registration",
        ["event_id", "organisation_id"],
        unique=True,
        postgresql_where=sa.text("organisation_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_table("event_registration")
    op.drop_table("event_question")
    op.drop_table("event_category")
    op.drop_table("event_session")
    op.drop_table("event_co_organiser")
    op.drop_table("event")
    op.drop_column("mail", "attachments")
