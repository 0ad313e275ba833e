"""One turn of a conversation, in one transaction: load the state, run the engine, and write the new state
together with the turn's replies; only then does anything leave.

Independent of python-telegram-bot, so the Telegram handlers, the terminal chat and the benchmark all run
turns the same way. A channel that delivers through the outbox passes `render`, which turns the engine's
replies into its calls (Telegram: bot/telegram_render.py); they are stored in the turn's transaction, so a
slow or failing send can never undo a turn, and a committed turn's replies are never lost. The terminal
passes nothing and prints the replies itself.

Within a process the turns of one chat never overlap (bot/update_processor.py). Across processes the state is
written with optimistic concurrency: when another process changed the conversation in between, the turn is
simply run again on the fresh state, up to MAX_ATTEMPTS times. The same Telegram update_id is handled once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.clock import AMSTERDAM, utcnow
from bot.outbox import Call, Delivery, OutboxStore
from bot.state_store import (
    AlreadyHandled,
    CommittedTurn,
    Decision,
    StaleState,
    StateStore,
    StoredState,
    turn_in,
)
from conversations.engine import Context, verwerk
from conversations.replies import Bericht
from conversations.state import Sessie

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
VERLOPEN = "Uw vorige gesprek was meer dan een dag stil en is gesloten; we beginnen opnieuw."

Render = Callable[[Sequence[Bericht]], list[Call]]


class TurnConflict(Exception):
    """The conversation kept changing under this turn; the update is left for the error handler."""


@dataclass(frozen=True)
class Turn:
    replies: list[Bericht] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    """The stored calls to send now (see `CommittedTurn.deliveries`); empty without `render`."""
    duplicate: bool = False
    version: int | None = None
    sessie: Sessie = field(default_factory=Sessie)


class Turns:
    def __init__(
        self,
        store: StateStore,
        context: Callable[[dt.date], Context],
        idle_timeout: dt.timedelta,
        clock: Callable[[], dt.datetime] = utcnow,
        outbox: OutboxStore | None = None,
    ) -> None:
        self._store = store
        self._context = context
        self._idle_timeout = idle_timeout
        self._clock = clock
        self._outbox = outbox

    async def handle(
        self,
        *,
        update_id: int | None,
        chat_id: int,
        user_id: int,
        text: str,
        button: bool = False,
        username: str | None = None,
        render: Render | None = None,
    ) -> Turn:
        for _ in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(update_id, chat_id, user_id, text, button, username, render)
            except StaleState:
                log.info("conversation %s/%s changed meanwhile; running the turn again", chat_id, user_id)
        raise TurnConflict(f"conversation {chat_id}/{user_id} kept changing during update {update_id}")

    async def _attempt(
        self,
        update_id: int | None,
        chat_id: int,
        user_id: int,
        text: str,
        button: bool,
        username: str | None,
        render: Render | None,
    ) -> Turn:
        now = self._clock()
        context = self._context(now.astimezone(AMSTERDAM).date())
        said: list[tuple[Sessie, list[Bericht]]] = []

        def decide(stored: StoredState | None) -> Decision:
            sessie, prefix = self._current(stored, now)
            nieuw, replies = verwerk(sessie, text, context, knop_data=button)
            replies = [*prefix, *replies]
            said.append((nieuw, replies))
            # The engine's actions (lead, reminder, funnel events) are carried out in this transaction, and the
            # state is stored without them (funnel contract).
            return Decision(
                state=nieuw.met(acties=()).als_dict(),
                acties=nieuw.acties,
                calls=render(replies) if render is not None else (),
            )

        lease = self._outbox.lease(now) if self._outbox is not None else None

        def turn(session: Session) -> CommittedTurn:
            return turn_in(
                session,
                update_id=update_id,
                chat_id=chat_id,
                user_id=user_id,
                decide=decide,
                idle_timeout=self._idle_timeout,
                now=now,
                username=username,
                lease=lease,
            )

        try:
            committed = await self._store.transactions.run(turn, write=True)
        except AlreadyHandled:
            return Turn(duplicate=True)
        nieuw, replies = said[-1]
        return Turn(replies=replies, deliveries=committed.deliveries, version=committed.version, sessie=nieuw)

    def _current(self, stored: StoredState | None, now: dt.datetime) -> tuple[Sessie, list[Bericht]]:
        if stored is None:
            return Sessie(), []
        sessie = Sessie.uit_dict(stored.state)
        if stored.expires_at <= now:
            return Sessie(), ([Bericht(VERLOPEN)] if sessie.onderwerp else [])
        return sessie, []
