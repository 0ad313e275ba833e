"""The lead funnel: leads, their staff-chat outbox, reminders and anonymous funnel events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AWARE = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lead",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("onderwerp", sa.String(length=64), nullable=True),
        sa.Column("campagne", sa.String(length=64), nullable=True),
        sa.Column("naam", sa.Text(), nullable=False),
        sa.Column("kanaal", sa.String(length=16), nullable=False),
        sa.Column("telefoon", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("moment", sa.Text(), nullable=False),
        sa.Column("vraag", sa.Text(), nullable=True),
        sa.Column("antwoorden", sa.JSON(), nullable=False),
        sa.Column("invoer", sa.JSON(), nullable=True),
        sa.Column("uitkomst", sa.JSON(), nullable=True),
        sa.Column("privacy_versie", sa.String(length=32), nullable=False),
        sa.Column("toestemming_op", _AWARE, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.Column("updated_at", _AWARE, nullable=False),
        sa.CheckConstraint("status IN ('nieuw', 'in behandeling', 'klant', 'afgewezen')", name=op.f("ck_lead_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead")),
    )
    op.create_index("ix_lead_user_id_onderwerp", "lead", ["user_id", "onderwerp"])
    op.create_index(op.f("ix_lead_updated_at"), "lead", ["updated_at"])

    op.create_table(
        "lead_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=16), nullable=False),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _AWARE, nullable=False),
        sa.Column("leased_until", _AWARE, nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("delivered_at", _AWARE, nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], name=op.f("fk_lead_outbox_lead_id_lead"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_outbox")),
    )
    op.create_index(op.f("ix_lead_outbox_lead_id"), "lead_outbox", ["lead_id"])
    op.create_index("ix_lead_outbox_pending", "lead_outbox", ["delivered_at", "next_attempt_at"])

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("onderwerp", sa.String(length=64), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("due_at", _AWARE, nullable=False),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _AWARE, nullable=False),
        sa.Column("leased_until", _AWARE, nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
    )
    op.create_index(op.f("ix_reminder_user_id"), "reminder", ["user_id"])
    op.create_index(op.f("ix_reminder_due_at"), "reminder", ["due_at"])

    op.create_table(
        "funnel_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("naam", sa.String(length=32), nullable=False),
        sa.Column("onderwerp", sa.String(length=64), nullable=True),
        sa.Column("campagne", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funnel_event")),
    )
    op.create_index(op.f("ix_funnel_event_user_id"), "funnel_event", ["user_id"])
    op.create_index(op.f("ix_funnel_event_created_at"), "funnel_event", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_funnel_event_created_at"), table_name="funnel_event")
    op.drop_index(op.f("ix_funnel_event_user_id"), table_name="funnel_event")
    op.drop_table("funnel_event")
    op.drop_index(op.f("ix_reminder_due_at"), table_name="reminder")
    op.drop_index(op.f("ix_reminder_user_id"), table_name="reminder")
    op.drop_table("reminder")
    op.drop_index("ix_lead_outbox_pending", table_name="lead_outbox")
    op.drop_index(op.f("ix_lead_outbox_lead_id"), table_name="lead_outbox")
    op.drop_table("lead_outbox")
    op.drop_index(op.f("ix_lead_updated_at"), table_name="lead")
    op.drop_index("ix_lead_user_id_onderwerp", table_name="lead")
    op.drop_table("lead")
