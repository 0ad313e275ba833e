"""One outbox for every Bot API call that must not be lost: the replies of a turn and the staff-chat
announcements (which had their own `lead_outbox`); where announcements landed; the /healthz write probe.

Pending announcements move into `outbox`, delivered ones into `lead_announcement`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AWARE = sa.DateTime(timezone=True)
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ANNOUNCE_LEAD = "announceLead"


def upgrade() -> None:
    outbox = op.create_table(
        "outbox",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _AWARE, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _AWARE, nullable=False),
        sa.Column("leased_until", _AWARE, nullable=True),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"], name=op.f("fk_outbox_lead_id_lead"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_chat_id"), "outbox", ["chat_id"])
    announcement = op.create_table(
        "lead_announcement",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", _AWARE, nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["lead.id"], name=op.f("fk_lead_announcement_lead_id_lead"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_announcement")),
    )
    op.create_index(op.f("ix_lead_announcement_lead_id"), "lead_announcement", ["lead_id"])
    op.create_table(
        "health_probe",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("checked_at", _AWARE, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_probe")),
    )

    old = sa.table(
        "lead_outbox",
        sa.column("id", sa.Integer()),
        sa.column("lead_id", sa.Integer()),
        sa.column("soort", sa.String()),
        sa.column("created_at", _AWARE),
        sa.column("attempts", sa.Integer()),
        sa.column("next_attempt_at", _AWARE),
        sa.column("delivered_at", _AWARE),
        sa.column("chat_id", sa.BigInteger()),
        sa.column("message_id", sa.BigInteger()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(old).order_by(old.c.id)).mappings().all()
    pending = [
        {
            "chat_id": None,
            "method": ANNOUNCE_LEAD,
            "params": {"soort": row["soort"]},
            "lead_id": row["lead_id"],
            "created_at": row["created_at"],
            "attempts": row["attempts"],
            "next_attempt_at": row["next_attempt_at"],
        }
        for row in rows
        if row["delivered_at"] is None
    ]
    delivered = [
        {
            "lead_id": row["lead_id"],
            "soort": row["soort"],
            "chat_id": row["chat_id"],
            "message_id": row["message_id"],
            "sent_at": row["delivered_at"],
        }
        for row in rows
        if row["delivered_at"] is not None and row["chat_id"] is not None and row["message_id"] is not None
    ]
    if pending:
        op.bulk_insert(outbox, pending)
    if delivered:
        op.bulk_insert(announcement, delivered)
    op.drop_index("ix_lead_outbox_pending", table_name="lead_outbox")
    op.drop_index(op.f("ix_lead_outbox_lead_id"), table_name="lead_outbox")
    op.drop_table("lead_outbox")


def downgrade() -> None:
    lead_outbox = op.create_table(
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

    connection = op.get_bind()
    outbox = sa.table(
        "outbox",
        sa.column("method", sa.String()),
        sa.column("params", sa.JSON()),
        sa.column("lead_id", sa.Integer()),
        sa.column("created_at", _AWARE),
        sa.column("attempts", sa.Integer()),
        sa.column("next_attempt_at", _AWARE),
    )
    announcement = sa.table(
        "lead_announcement",
        sa.column("lead_id", sa.Integer()),
        sa.column("soort", sa.String()),
        sa.column("chat_id", sa.BigInteger()),
        sa.column("message_id", sa.BigInteger()),
        sa.column("sent_at", _AWARE),
    )
    # Replies in flight have no place in the old schema: a downgrade drops them (they are minutes old at most).
    rows = [
        {
            "lead_id": row["lead_id"],
            "soort": (row["params"] or {}).get("soort", "nieuw"),
            "created_at": row["created_at"],
            "attempts": row["attempts"],
            "next_attempt_at": row["next_attempt_at"],
        }
        for row in connection.execute(sa.select(outbox).where(outbox.c.method == ANNOUNCE_LEAD)).mappings()
    ] + [
        {
            "lead_id": row["lead_id"],
            "soort": row["soort"],
            "created_at": row["sent_at"],
            "attempts": 1,
            "next_attempt_at": row["sent_at"],
            "delivered_at": row["sent_at"],
            "chat_id": row["chat_id"],
            "message_id": row["message_id"],
        }
        for row in connection.execute(sa.select(announcement)).mappings()
    ]
    if rows:
        op.bulk_insert(lead_outbox, rows, multiinsert=False)

    op.drop_table("health_probe")
    op.drop_index(op.f("ix_lead_announcement_lead_id"), table_name="lead_announcement")
    op.drop_table("lead_announcement")
    op.drop_index(op.f("ix_outbox_chat_id"), table_name="outbox")
    op.drop_table("outbox")
