"""Durable conversation state: one transaction per turn that marks the Telegram update as handled, reads the
state, lets the caller decide (the engine, in bot/turns.py), writes the new state, carries out the engine's
actions and stores the turn's replies in the outbox.

There is no cache: every turn reads the row in its own transaction, and the transaction has committed before
anything is sent, so a restart or a second process loses nothing. Within a process, turns of one chat run one
at a time (bot/update_processor.py); across processes a concurrent turn of the same conversation is caught by
the version check (optimistic concurrency) instead of a lock held across the user's think time, and the turn
is run again.

A turn that ends in `StaleState` or `AlreadyHandled` has written nothing, so it can share a group commit with
other turns (bot/transactions.py) and be retried or dropped on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, delete
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from bot.calls import Call
from bot.database import rowcount
from bot.hot_sql import HotStatement
from bot.lead_storage import apply_actions
from bot.models import ConversationState, ProcessedUpdate, UTCDateTime
from bot.outbox import Delivery, Lease, add, claim_unheld, has_unheld
from bot.privacy import forget_user_in
from bot.transactions import Expected, Transactions

# The statements every turn runs (bot/hot_sql.py). A conversation's key is its channel and its id within the
# channel (`conversation_id` below).
_MARK_HANDLED = HotStatement(
    "INSERT INTO processed_update (update_id, processed_at) VALUES (:update_id, :now) ON CONFLICT DO NOTHING",
    types={"now": UTCDateTime()},
)
_UNMARK_HANDLED = HotStatement("DELETE FROM processed_update WHERE update_id = :update_id")
_LOAD = HotStatement(
    "SELECT state, version, expires_at FROM conversation_state "
    "WHERE channel = :channel AND conversation_id = :conversation_id",
    columns=[("state", JSON()), ("version", None), ("expires_at", UTCDateTime())],
)
_STATE_TYPES: dict[str, Any] = {"state": JSON(), "expires_at": UTCDateTime(), "now": UTCDateTime()}
_INSERT_STATE = HotStatement(
    "INSERT INTO conversation_state (channel, conversation_id, chat_id, user_id, state, version, expires_at, "
    "updated_at) VALUES (:channel, :conversation_id, :chat_id, :user_id, :state, 1, :expires_at, :now) "
    "ON CONFLICT DO NOTHING",
    types=_STATE_TYPES,
)
_UPDATE_STATE = HotStatement(
    "UPDATE conversation_state SET state = :state, version = :version + 1, expires_at = :expires_at, "
    "updated_at = :now WHERE channel = :channel AND conversation_id = :conversation_id AND version = :version",
    types=_STATE_TYPES,
)
_DELETE_STATE = HotStatement(
    "DELETE FROM conversation_state WHERE channel = :channel AND conversation_id = :conversation_id "
    "AND version = :version"
)
_STATE_EXISTS = HotStatement(
    "SELECT 1 FROM conversation_state WHERE channel = :channel AND conversation_id = :conversation_id",
    columns=[("one", None)],
)

TELEGRAM = "telegram"
"""The channel of a conversation keyed by Telegram's ids (bot/models.py CHANNELS)."""


def conversation_id(chat_id: int, user_id: int, session_id: str | None = None) -> str:
    """A conversation's id within its channel: the session id where there is one (the website), else one
    conversation per chat and user (Telegram, the terminal)."""
    return session_id if session_id is not None else f"{chat_id}:{user_id}"


def _key(chat_id: int, user_id: int, channel: str, session_id: str | None) -> dict[str, str]:
    return {"channel": channel, "conversation_id": conversation_id(chat_id, user_id, session_id)}


@dataclass(frozen=True)
class StoredState:
    state: dict[str, Any]
    version: int
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


VERGEET = "vergeet"
"""The action of a confirmed /vergeet (conversations.acties.GegevensWissen)."""


class StaleState(Expected):
    """The conversation changed since it was loaded (another process's turn won); run the turn again."""


class AlreadyHandled(Expected):
    """The update_id was recorded before: a redelivery. Nothing changed; the caller must not reply again."""


@dataclass(frozen=True)
class Decision:
    """What a turn decided: the new state (None ends the conversation), the engine's actions, the replies."""

    state: dict[str, Any] | None
    acties: Sequence[Mapping[str, Any]] = ()
    calls: Sequence[Call] = ()


@dataclass(frozen=True)
class CommittedTurn:
    version: int
    """The conversation's new version (0: it ended and its row is gone)."""
    deliveries: list[Delivery] = field(default_factory=list)
    """The outbox rows to send now, leased to the caller, in order: calls of this chat that an earlier process
    stored but never sent, then this turn's calls, then the staff-chat announcements its actions queued."""


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


def load_in(
    session: Session, chat_id: int, user_id: int, *, channel: str = TELEGRAM, session_id: str | None = None
) -> StoredState | None:
    """The stored conversation, expired or not: the caller decides what an expired one means."""
    row = _LOAD.run(session, _key(chat_id, user_id, channel, session_id)).first()
    if row is None:
        return None
    state, version, expires_at = row
    return StoredState(state=state, version=int(version), expires_at=expires_at)


def turn_in(
    session: Session,
    *,
    update_id: int | None,
    chat_id: int,
    user_id: int,
    decide: Callable[[StoredState | None], Decision],
    idle_timeout: timedelta,
    now: datetime,
    username: str | None = None,
    lease: Lease | None = None,
    channel: str = TELEGRAM,
    session_id: str | None = None,
) -> CommittedTurn:
    """One whole turn in the caller's transaction: mark the update handled (AlreadyHandled for a redelivery:
    `decide` never runs), load the state, `decide`, write it all. Raises StaleState, having written nothing,
    when another process changed the conversation since the load. The conversation is `channel`'s, keyed by
    `session_id` where it has one (see `conversation_id`); its leads and funnel events keep that channel."""
    _require_aware("now", now)
    if idle_timeout <= timedelta(0):
        raise ValueError(f"idle_timeout must be positive, got {idle_timeout!r}")
    # In UTC: aware arithmetic in a zone with DST adds wall-clock time, a 23- or 25-hour "24 hours".
    now = now.astimezone(UTC)
    if update_id is not None:
        _mark_handled(session, update_id, now)
    stored = load_in(session, chat_id, user_id, channel=channel, session_id=session_id)
    decision = decide(stored)
    return _write_turn(
        session,
        update_id=update_id,
        chat_id=chat_id,
        user_id=user_id,
        decision=decision,
        expected_version=stored.version if stored else None,
        expires_at=now + idle_timeout,
        now=now,
        username=username,
        lease=lease,
        channel=channel,
        session_id=session_id,
    )


def _mark_handled(session: Session, update_id: int, now: datetime) -> None:
    if _MARK_HANDLED.run(session, {"update_id": update_id, "now": now}).rowcount != 1:
        raise AlreadyHandled(f"update {update_id}")


def _write_turn(
    session: Session,
    *,
    update_id: int | None,
    chat_id: int,
    user_id: int,
    decision: Decision,
    expected_version: int | None,
    expires_at: datetime,
    now: datetime,
    username: str | None,
    lease: Lease | None,
    channel: str,
    session_id: str | None,
) -> CommittedTurn:
    key = _key(chat_id, user_id, channel, session_id)
    try:
        version = _write_state(session, key, chat_id, user_id, decision.state, expected_version, expires_at, now)
    except StaleState:
        if update_id is not None:
            # Take the mark back, so the turn leaves nothing behind and can be retried.
            _UNMARK_HANDLED.run(session, {"update_id": update_id})
        raise
    announcements = []
    overige = [actie for actie in decision.acties if actie.get("soort") != VERGEET]
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
    if len(overige) != len(decision.acties):
        # /vergeet confirmed in the conversation: everything about the user goes in this same transaction,
        # before this turn's own reply is stored (which says so).
        teruggenomen = forget_user_in(session, user_id, now=now, lease=lease).taken_back
    if not decision.calls:
        return CommittedTurn(version, [*teruggenomen, *announcements])
    # Calls to this chat that a process stored and then left (it died, or stopped) go out first, so the user
    # never gets this turn's answer before the one to their previous message.
    unsent = []
    if lease is not None and has_unheld(session, chat_id, now):
        unsent = claim_unheld(session, lease, now, chat_id=chat_id, due_only=False)
    stored = [add(session, call, now=now, lease=lease) for call in decision.calls]
    return CommittedTurn(version, [*unsent, *teruggenomen, *stored, *announcements])


def _write_state(
    session: Session,
    key: dict[str, str],
    chat_id: int,
    user_id: int,
    state: dict[str, Any] | None,
    expected_version: int | None,
    expires_at: datetime,
    now: datetime,
) -> int:
    """The conditional write: StaleState, having changed nothing, when the stored version differs."""
    where = "a conversation appeared" if expected_version is None else f"version {expected_version} is stale"
    # Never the session id in a message: it is what lets a website visitor continue their conversation.
    conflict = StaleState(f"{key['channel']} chat {chat_id}, user {user_id}: {where}")

    if state is None:
        if expected_version is None:
            # Ending a conversation the caller believes absent: a row that exists anyway was made by a
            # concurrent turn this one has not seen, so it must survive.
            if _STATE_EXISTS.run(session, key).first() is not None:
                raise conflict
            return 0
        if _DELETE_STATE.run(session, {**key, "version": expected_version}).rowcount != 1:
            raise conflict
        return 0

    values = {**key, "chat_id": chat_id, "user_id": user_id, "state": state, "expires_at": expires_at, "now": now}
    if expected_version is None:
        # Insert and let the primary key decide, rather than check first: a check would race.
        if _INSERT_STATE.run(session, values).rowcount != 1:
            raise conflict
        return 1
    if _UPDATE_STATE.run(session, {**values, "version": expected_version}).rowcount != 1:
        raise conflict
    return expected_version + 1


class StateStore:
    """Each operation is one transaction (bot/transactions.py)."""

    def __init__(self, engine: AsyncEngine | Transactions) -> None:
        self.transactions = engine if isinstance(engine, Transactions) else Transactions(engine)
        self._transaction = self.transactions.run

    async def load(
        self, chat_id: int, user_id: int, *, channel: str = TELEGRAM, session_id: str | None = None
    ) -> StoredState | None:
        return await self._transaction(
            lambda session: load_in(session, chat_id, user_id, channel=channel, session_id=session_id), write=False
        )

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
        """A turn decided outside the transaction, from the state at `expected_version` (None: there was no
        conversation): record the update as handled, store `state`, carry out `acties` (bot/lead_storage.py)
        and store `calls` in the outbox, all or nothing.

        Returns the new version and the deliveries to send, or None when `update_id` was handled before. Raises
        StaleState when the stored version differs; nothing is kept, so the update can be retried. Outbox rows
        are leased by `lease` (the caller sends them). Turns of the bot itself use `turn_in`, which loads and
        decides in the same transaction.
        """
        _require_aware("now", now)
        if idle_timeout <= timedelta(0):
            raise ValueError(f"idle_timeout must be positive, got {idle_timeout!r}")
        now = now.astimezone(UTC)
        decision = Decision(state, acties, calls)

        def turn(session: Session) -> CommittedTurn:
            if update_id is not None:
                _mark_handled(session, update_id, now)
            return _write_turn(
                session,
                update_id=update_id,
                chat_id=chat_id,
                user_id=user_id,
                decision=decision,
                expected_version=expected_version,
                expires_at=now + idle_timeout,
                now=now,
                username=username,
                lease=lease,
                channel=channel,
                session_id=session_id,
            )

        try:
            return await self._transaction(turn, write=True)
        except AlreadyHandled:
            return None

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
