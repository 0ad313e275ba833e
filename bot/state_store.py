"""Durable conversation state: written in the same transaction that marks the Telegram update as handled, that
carries out the engine's actions and that stores the turn's replies in the outbox.

There is no cache: every turn reads the row, and `commit_turn` has committed before anything is sent, so a
restart or a second process loses nothing. Concurrent turns of one conversation are caught by the version
check (optimistic concurrency) instead of a lock held across the user's think time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from bot.database import rowcount
from bot.lead_storage import apply_actions
from bot.models import ConversationState, ProcessedUpdate
from bot.outbox import Call, Delivery, Lease, add, claim_unheld, delivery
from bot.privacy import forget_user_in
from bot.transactions import Transactions

TELEGRAM = "telegram"
"""The channel of a conversation keyed by Telegram's ids (bot/models.py CHANNELS)."""


def conversation_id(chat_id: int, user_id: int, session_id: str | None = None) -> str:
    """A conversation's id within its channel: the session id where there is one (the website), else one
    conversation per chat and user (Telegram, the terminal)."""
    return session_id if session_id is not None else f"{chat_id}:{user_id}"


@dataclass(frozen=True)
class StoredState:
    state: dict[str, Any]
    version: int
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


VERGEET = "vergeet"
"""The action of a confirmed /vergeet (conversations.acties.GegevensWissen)."""


@dataclass(frozen=True)
class _Conversation:
    """A conversation's key (`channel`, `id`) and the ids its row carries."""

    channel: str
    id: str
    chat_id: int
    user_id: int


class StaleState(Exception):
    """The conversation changed since it was loaded (another turn won); reload and handle the update again."""


class _AlreadyHandled(Exception):
    """Leaves the transaction block, rolling it back, when the update_id was recorded before."""


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


@dataclass(frozen=True)
class CommittedTurn:
    version: int
    """The conversation's new version (0: it ended and its row is gone)."""
    deliveries: list[Delivery] = field(default_factory=list)
    """The outbox rows to send now, leased to the caller, in order: calls of this chat that an earlier process
    stored but never sent, then this turn's calls, then the staff-chat announcements its actions queued."""


class StateStore:
    """Each operation is one transaction (bot/transactions.py)."""

    def __init__(self, engine: AsyncEngine | Transactions) -> None:
        self.transactions = engine if isinstance(engine, Transactions) else Transactions(engine)
        self._transaction = self.transactions.run

    async def load(
        self, chat_id: int, user_id: int, *, channel: str = TELEGRAM, session_id: str | None = None
    ) -> StoredState | None:
        """The stored conversation, expired or not: the caller decides what an expired one means."""
        key = (channel, conversation_id(chat_id, user_id, session_id))

        def read(session: Session) -> StoredState | None:
            row = session.get(ConversationState, key)
            if row is None:
                return None
            return StoredState(state=row.state, version=row.version, expires_at=row.expires_at)

        return await self._transaction(read, write=False)

    async def commit_turn(
        self,
        *,
        update_id: int | None,
        chat_id: int,
        user_id: int,
        state: dict[str, Any] | None,
        expected_version: int | None,
        idle_timeout: timedelta,
        now: datetime,
        acties: Sequence[Mapping[str, Any]] = (),
        username: str | None = None,
        calls: Sequence[Call] = (),
        lease: Lease | None = None,
        channel: str = TELEGRAM,
        session_id: str | None = None,
    ) -> CommittedTurn | None:
        """Record the update as handled, store the conversation's new state, carry out the engine's `acties`
        (leads, reminders, funnel events: bot/lead_storage.py) and store the turn's `calls` (its replies) in
        the outbox, all or nothing.

        Returns the new version and the deliveries to send, or None when `update_id` was handled before: then
        nothing changed and the caller must not reply again. `expected_version` is the version the turn was
        computed from (None: there was no conversation). Raises StaleState when the stored version differs;
        nothing is kept, so the update can be retried. The actions share the transaction: a lead is stored
        exactly when the turn is, and a redelivered update stores nothing twice. `username` is the user's
        Telegram username, kept with a lead. Outbox rows are leased by `lease` (the caller sends them). The
        conversation is `channel`'s, keyed by `session_id` where it has one (see `conversation_id`); its leads and
        funnel events are stored with that channel.
        """
        _require_aware("now", now)
        if idle_timeout <= timedelta(0):
            raise ValueError(f"idle_timeout must be positive, got {idle_timeout!r}")
        # In UTC: aware arithmetic in a zone with DST adds wall-clock time, a 23- or 25-hour "24 hours".
        now = now.astimezone(UTC)
        expires_at = now + idle_timeout
        key = _Conversation(channel, conversation_id(chat_id, user_id, session_id), chat_id, user_id)

        def turn(session: Session) -> CommittedTurn:
            if update_id is not None:
                try:
                    session.execute(insert(ProcessedUpdate).values(update_id=update_id, processed_at=now))
                except IntegrityError:
                    raise _AlreadyHandled from None
            version = self._write_state(session, key, state, expected_version, expires_at, now)
            announcements = []
            overige = [actie for actie in acties if actie.get("soort") != VERGEET]
            if overige:
                applied = apply_actions(
                    session,
                    overige,
                    user_id=user_id,
                    chat_id=chat_id,
                    username=username,
                    now=now,
                    lease=lease,
                    channel=channel,
                )
                announcements = applied.announcements
            teruggenomen = []
            if len(overige) != len(acties):
                # /vergeet confirmed in the conversation: everything about the user goes in this same transaction,
                # before this turn's own reply is stored (which says so).
                teruggenomen = forget_user_in(session, user_id, now=now, lease=lease).taken_back
            if not calls:
                return CommittedTurn(version, [*teruggenomen, *(delivery(row) for row in announcements)])
            # Calls to this chat that a process stored and then left (it died, or stopped) go out first, so the
            # user never gets this turn's answer before the one to their previous message.
            unsent = claim_unheld(session, lease, now, chat_id=chat_id, due_only=False) if lease else []
            rows = [add(session, call, now=now, lease=lease) for call in calls]
            session.flush()
            return CommittedTurn(version, [*unsent, *teruggenomen, *(delivery(row) for row in (*rows, *announcements))])

        try:
            return await self._transaction(turn, write=True)
        except _AlreadyHandled:
            return None

    @staticmethod
    def _write_state(
        session: Session,
        conversation: _Conversation,
        state: dict[str, Any] | None,
        expected_version: int | None,
        expires_at: datetime,
        now: datetime,
    ) -> int:
        """The conditional write; its StaleState rolls back the whole transaction, update_id included."""
        key = (
            ConversationState.channel == conversation.channel,
            ConversationState.conversation_id == conversation.id,
        )
        where = "a conversation appeared" if expected_version is None else f"version {expected_version} is stale"
        # Never the session id in a message: it is what lets a visitor continue their conversation.
        conflict = StaleState(f"{conversation.channel} chat {conversation.chat_id}: {where}")

        if state is None:
            if expected_version is None:
                # Ending a conversation the caller believes absent: a row that exists anyway was made by a
                # concurrent turn this one has not seen, so it must survive (the rollback restores it).
                result = session.execute(delete(ConversationState).where(*key))
                if rowcount(result):
                    raise conflict
                return 0
            result = session.execute(
                delete(ConversationState).where(*key, ConversationState.version == expected_version)
            )
            if rowcount(result) != 1:
                raise conflict
            return 0

        if expected_version is None:
            # Insert and let the primary key decide, rather than check first: a check would race.
            try:
                session.execute(
                    insert(ConversationState).values(
                        channel=conversation.channel,
                        conversation_id=conversation.id,
                        chat_id=conversation.chat_id,
                        user_id=conversation.user_id,
                        state=state,
                        version=1,
                        expires_at=expires_at,
                        updated_at=now,
                    )
                )
            except IntegrityError:
                raise conflict from None
            return 1

        result = session.execute(
            update(ConversationState)
            .where(*key, ConversationState.version == expected_version)
            .values(state=state, version=expected_version + 1, expires_at=expires_at, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if rowcount(result) != 1:
            raise conflict
        return expected_version + 1

    async def delete_user(self, user_id: int) -> int:
        """Remove every conversation of `user_id` (in any chat); returns how many there were."""

        def remove(session: Session) -> int:
            return rowcount(session.execute(delete(ConversationState).where(ConversationState.user_id == user_id)))

        return await self._transaction(remove, write=True)

    async def prune_processed_updates(self, older_than: datetime) -> int:
        """Forget update_ids handled before `older_than`; Telegram redelivers for hours, not weeks."""
        _require_aware("older_than", older_than)

        def prune(session: Session) -> int:
            return rowcount(session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < older_than)))

        return await self._transaction(prune, write=True)
