"""The website as a channel: conversations keyed by channel and id, and the channel of every lead and funnel event.

A Telegram conversation was keyed by (chat_id, user_id); a website visitor has no Telegram ids but a random
session id. The key becomes (channel, conversation_id): Telegram's and the terminal's id is "<chat_id>:<user_id>",
the website's the session id. chat_id and user_id stay (where replies go, whose data it is: /vergeet and
/privacy look conversations up by user_id). Rows of chat 0 and user 0 were the terminal's.

Revision ID: 0020
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNEL = sa.String(length=16)


def _table(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("chat_id", sa.BigInteger()),
        sa.column("user_id", sa.BigInteger()),
        sa.column("channel", _CHANNEL),
        sa.column("conversation_id", sa.String()),
    )


def _terminal_or_telegram(table: sa.TableClause) -> sa.Case[str]:
    return sa.case((table.c.user_id == 0, "terminal"), else_="telegram")


def upgrade() -> None:
    with op.batch_alter_table("conversation_state") as batch:
        batch.add_column(sa.Column("channel", _CHANNEL, nullable=True))
        batch.add_column(sa.Column("conversation_id", sa.String(length=64), nullable=True))
    conversations = _table("conversation_state")
    op.execute(
        conversations.update().values(
            channel=_terminal_or_telegram(conversations),
            conversation_id=sa.cast(conversations.c.chat_id, sa.String())
            + ":"
            + sa.cast(conversations.c.user_id, sa.String()),
        )
    )
    with op.batch_alter_table("conversation_state") as batch:
        batch.alter_column("channel", existing_type=_CHANNEL, nullable=False)
        batch.alter_column("conversation_id", existing_type=sa.String(length=64), nullable=False)
        batch.drop_constraint("pk_conversation_state", type_="primary")
        batch.create_primary_key("pk_conversation_state", ["channel", "conversation_id"])

    for table in ("lead", "funnel_event"):
        # Added in place, not by a batch rebuild: on SQLite dropping the old `lead` table would cascade to the
        # outbox rows of its pending announcements. Rows from before the website are Telegram's, or the
        # terminal's (user 0); a funnel event whose user id is gone counts as Telegram's.
        op.add_column(table, sa.Column("channel", _CHANNEL, nullable=False, server_default="telegram"))
        rows = _table(table)
        op.execute(rows.update().where(rows.c.user_id == 0).values(channel="terminal"))


def downgrade() -> None:
    for table in ("funnel_event", "lead"):
        op.drop_column(table, "channel")
    # A website conversation cannot be found without its session id: it ends here.
    conversations = _table("conversation_state")
    op.execute(conversations.delete().where(conversations.c.channel == "web"))
    with op.batch_alter_table("conversation_state") as batch:
        batch.drop_constraint("pk_conversation_state", type_="primary")
        batch.create_primary_key("pk_conversation_state", ["chat_id", "user_id"])
        batch.drop_column("conversation_id")
        batch.drop_column("channel")
