"""The tables of the bot shell: conversation state, handled Telegram updates, and the lead funnel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names, so a later migration can drop or alter a constraint by name, also in
# SQLite batch mode, which rebuilds the table and must know every name up front.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """An aware UTC datetime on every database.

    SQLite keeps no offset: it would store an aware non-UTC value as its wall-clock time and hand back naive
    values. Converting to UTC on the way in and tagging UTC on the way out gives the same behaviour as
    PostgreSQL's timestamptz.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: store aware datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


CHANNELS = ("telegram", "terminal", "web")
"""Where a conversation takes place (conversations.context.Context.kanaal); kept with its leads and events."""


class ConversationState(Base):
    """One open conversation per channel and id; no row means no conversation.

    `conversation_id` is "<chat_id>:<user_id>" on Telegram and in the terminal, the session id on the website
    (bot/web/chat.py), whose row stays while the session lives. `chat_id` is where replies go, `user_id` whose
    data it is (/privacy, /vergeet).
    """

    __tablename__ = "conversation_state"

    channel: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    chat_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    user_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    state: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    # Forgetting a user (/vergeet) looks rows up by user_id alone.
    __table_args__ = (sa.Index(None, "user_id"),)


class ProcessedUpdate(Base):
    """Telegram update_ids already handled, so a redelivered update is not answered twice."""

    __tablename__ = "processed_update"

    # autoincrement=False: the id comes from Telegram; on PostgreSQL the default would make it a BIGSERIAL.
    update_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)


# A 64-bit id on PostgreSQL; on SQLite only INTEGER PRIMARY KEY is the auto-incrementing rowid.
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# The lead funnel (migration 0002; its staff-chat outbox became `outbox` in 0003) ---------------------------
LEAD_STATUSES = ("nieuw", "in behandeling", "klant", "afgewezen")


class Lead(Base):
    """A hand-off packet for the firm: who asked, how to reach them, and what they calculated.

    `id` is the lead number staff use (/lead 12). Free text the user typed is Text, never a bounded String: a
    long name must not make PostgreSQL refuse the turn that stores it.
    """

    __tablename__ = "lead"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    username: Mapped[str | None] = mapped_column(sa.String(64))
    onderwerp: Mapped[str | None] = mapped_column(sa.String(64))
    campagne: Mapped[str | None] = mapped_column(sa.String(64))
    naam: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kanaal: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    telefoon: Mapped[str | None] = mapped_column(sa.Text)
    email: Mapped[str | None] = mapped_column(sa.Text)
    moment: Mapped[str] = mapped_column(sa.Text, nullable=False)
    vraag: Mapped[str | None] = mapped_column(sa.Text)
    antwoorden: Mapped[list[Any]] = mapped_column(sa.JSON, nullable=False)
    invoer: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    uitkomst: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    privacy_versie: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    toestemming_op: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    # The default is for the rows from before the website channel (migration 0020); the code always sets it.
    channel: Mapped[str] = mapped_column(sa.String(16), nullable=False, server_default="telegram")
    """Where the conversation took place (CHANNELS); `kanaal` is how the client wants to be reached."""

    __table_args__ = (
        sa.CheckConstraint("status IN ({})".format(", ".join(f"'{s}'" for s in LEAD_STATUSES)), name="status"),
        # The 24-hour dedupe and /vergeet look leads up by user.
        sa.Index("ix_lead_user_id_onderwerp", "user_id", "onderwerp"),
    )


class Outbox(Base):
    """A Bot API call waiting to be made: a reply of a turn, the "→ keuze" edit of a question, a staff-chat
    announcement of a lead, or taking such an announcement back. Rows are written in the transaction that
    decided the call and deleted once Telegram accepted it (bot/outbox.py), so the table holds only what is
    still on its way.

    `method` is a Bot API method with its `params` as JSON, or `ANNOUNCE_LEAD` for an announcement, whose text
    is rendered from the lead when it is sent (a lead updated meanwhile is announced once, with its latest
    details; a lead deleted by /vergeet is never announced: the row goes with it). `chat_id` is where the call
    goes; NULL means the staff chat (LEADS_CHAT_ID), read when it is sent. `leased_until` and `lease_token` say
    which process is delivering it; an expired lease lets any process take it over.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(_ID, primary_key=True, autoincrement=True)
    chat_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    method: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    lead_id: Mapped[int | None] = mapped_column(sa.Integer, sa.ForeignKey("lead.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_error: Mapped[str | None] = mapped_column(sa.String(200))


class LeadAnnouncement(Base):
    """Where a lead's announcement landed in the staff chat, so /vergeet can take it back there too."""

    __tablename__ = "lead_announcement"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("lead.id", ondelete="CASCADE"), nullable=False, index=True
    )
    soort: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    chat_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    message_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class HealthProbe(Base):
    """One row that /healthz rewrites: the database must take a write, not only answer a SELECT."""

    __tablename__ = "health_probe"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Reminder(Base):
    """An opt-in reminder, sent at or after `due_at` (09:00 Europe/Amsterdam on `datum`) and then deleted."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, index=True)
    chat_id: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    onderwerp: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    datum: Mapped[date] = mapped_column(sa.Date, nullable=False)
    tekst: Mapped[str] = mapped_column(sa.Text, nullable=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    attempts: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[str | None] = mapped_column(sa.String(32))


class FunnelEvent(Base):
    """One step of the funnel, for anonymous statistics. `user_id` is the personal link: /vergeet and the
    retention job set it to NULL and keep the row, so the counts survive."""

    __tablename__ = "funnel_event"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    naam: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    onderwerp: Mapped[str | None] = mapped_column(sa.String(64))
    campagne: Mapped[str | None] = mapped_column(sa.String(64))
    user_id: Mapped[int | None] = mapped_column(sa.BigInteger, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    channel: Mapped[str] = mapped_column(sa.String(16), nullable=False, server_default="telegram")


# The staff dashboard (migration 0010) ----------------------------------------------------------------------
class StaffUser(Base):
    """A member of the firm's staff who may sign in to the dashboard under /beheer (argon2 hash, no password)."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    # 254: the longest address SMTP can carry; stored normalised (lower case), so unique means unique.
    email: Mapped[str] = mapped_column(sa.String(254), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LeadStatusChange(Base):
    """A lead's status history with the staff member's optional note. The note is about the client, so it goes
    with the lead: /vergeet and retention delete these rows through the cascade."""

    __tablename__ = "lead_status_change"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    lead_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("lead.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    staff_email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    old_status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    new_status: Mapped[str] = mapped_column(sa.String(20), nullable=False)
    note: Mapped[str | None] = mapped_column(sa.Text)


class AuditLog(Base):
    """Who did what in the dashboard: status changes and exports. It outlives the leads it names (no foreign
    key, lead numbers only) and so holds nothing about a client: no names, no notes, no search terms."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    staff_email: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    action: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    lead_id: Mapped[int | None] = mapped_column(sa.Integer)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
