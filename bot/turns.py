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

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bot.calls import Call
from bot.clock import AMSTERDAM, utcnow
from bot.outbox import Delivery, OutboxStore
from bot.state_store import (
    TELEGRAM,
    AlreadyHandled,
    CommittedTurn,
    Decision,
    StaleState,
    StateStore,
    StoredState,
    turn_in,
)
from conversations.acties import Actie, Gebeurtenis, GegevensWissen, HerinneringPlannen, LeadVastleggen
from conversations.engine import Context, verwerk
from conversations.replies import Bericht
from conversations.state import Gesprek

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
    gesprek: Gesprek = field(default_factory=Gesprek)


def actie_als_dict(actie: Actie) -> Mapping[str, Any]:
    """The storage side (bot/lead_storage.py) reads an action as a mapping with its kind in `soort`."""
    if isinstance(actie, LeadVastleggen):
        lead = dataclasses.asdict(actie.lead)
        lead["antwoorden"] = [list(paar) for paar in actie.lead.antwoorden]
        return {"soort": "lead", **lead}
    if isinstance(actie, HerinneringPlannen):
        return {
            "soort": "herinnering",
            "onderwerp": actie.onderwerp,
            "datum": actie.datum.isoformat(),
            "tekst": actie.tekst,
        }
    if isinstance(actie, Gebeurtenis):
        return {"soort": "gebeurtenis", "naam": actie.naam, "onderwerp": actie.onderwerp, "campagne": actie.campagne}
    assert isinstance(actie, GegevensWissen)
    return {"soort": "vergeet"}


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
        channel: str = TELEGRAM,
        session_id: str | None = None,
    ) -> Turn:
        """`channel` is where the turn arrived; a channel with sessions (the website) passes `session_id`, and
        its conversation keeps its row also when it is empty: the row is what makes the session known."""
        for _ in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(
                    update_id, chat_id, user_id, text, button, username, render, channel, session_id
                )
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
        channel: str,
        session_id: str | None,
    ) -> Turn:
        now = self._clock()
        context = self._context(now.astimezone(AMSTERDAM).date())
        said: list[tuple[Gesprek, list[Bericht]]] = []

        def decide(stored: StoredState | None) -> Decision:
            gesprek, prefix = self._current(stored, now)
            beurt = verwerk(gesprek, text, context, knop=button)
            replies = [*prefix, *beurt.berichten]
            said.append((beurt.gesprek, replies))
            # The engine's actions (lead, reminder, funnel events, /vergeet) are carried out in this transaction;
            # an empty conversation is no row at all, except a session's.
            return Decision(
                state=None if beurt.gesprek == Gesprek() and session_id is None else beurt.gesprek.als_dict(),
                acties=[actie_als_dict(a) for a in beurt.acties],
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
                channel=channel,
                session_id=session_id,
            )

        try:
            committed = await self._store.transactions.run(turn, write=True)
        except AlreadyHandled:
            return Turn(duplicate=True)
        gesprek, replies = said[-1]
        return Turn(replies=replies, deliveries=committed.deliveries, version=committed.version, gesprek=gesprek)

    def _current(self, stored: StoredState | None, now: dt.datetime) -> tuple[Gesprek, list[Bericht]]:
        if stored is None:
            return Gesprek(), []
        gesprek = Gesprek.uit_dict(stored.state)
        if stored.expires_at <= now:
            return Gesprek(campagne=gesprek.campagne), ([Bericht(VERLOPEN)] if gesprek.stapel else [])
        return gesprek, []
