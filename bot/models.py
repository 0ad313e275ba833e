"""The tables of the bot shell: durable conversation state and the Telegram updates already handled."""

from __future__ import annotations

from datetime import UTC, datetime
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


class ConversationState(Base):
    """One open conversation per (chat, user); no row means no conversation."""

    __tablename__ = "conversation_state"

    chat_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    # The primary key leads with chat_id; forgetting a user (/vergeet) looks rows up by user_id alone.
    __table_args__ = (sa.Index(None, "user_id"),)


class ProcessedUpdate(Base):
    """Telegram update_ids already handled, so a redelivered update is not answered twice."""

    __tablename__ = "processed_update"

    # autoincrement=False: the id comes from Telegram; on PostgreSQL the default would make it a BIGSERIAL.
    update_id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
