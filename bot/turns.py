"""One turn of a conversation: load the state, run the engine, write the state, and only then reply.

Independent of python-telegram-bot, so the Telegram handlers, the terminal chat and the benchmark all run
turns the same way. The state is written before any reply leaves (no write-behind), with optimistic
concurrency: when another process changed the conversation in between, the turn is simply run again on the
fresh state. The same Telegram update_id is handled once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from bot.state_store import StaleState, StateStore, StoredState
from conversations.acties import Actie, Gebeurtenis, GegevensWissen, HerinneringPlannen, LeadVastleggen
from conversations.engine import Context, verwerk
from conversations.replies import Bericht
from conversations.state import Gesprek

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_ATTEMPTS = 5
VERLOPEN = "Uw vorige gesprek was meer dan een dag stil en is gesloten; we beginnen opnieuw."


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TurnConflict(Exception):
    """The conversation kept changing under this turn; the update is left for the error handler."""


@dataclass(frozen=True)
class Turn:
    replies: list[Bericht] = field(default_factory=list)
    duplicate: bool = False
    previous: StoredState | None = None
    version: int | None = None
    gesprek: Gesprek = field(default_factory=Gesprek)


def actie_als_dict(actie: Actie) -> Mapping[str, Any]:
    """The storage side reads an action as a mapping with its kind in `soort`."""
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
    ) -> None:
        self._store = store
        self._context = context
        self._idle_timeout = idle_timeout
        self._clock = clock

    async def handle(
        self,
        *,
        update_id: int | None,
        chat_id: int,
        user_id: int,
        text: str,
        button: bool = False,
        username: str | None = None,
    ) -> Turn:
        for _ in range(MAX_ATTEMPTS):
            stored = await self._store.load(chat_id, user_id)
            now = self._clock()
            gesprek, prefix = self._current(stored, now)
            beurt = verwerk(gesprek, text, self._context(now.astimezone(AMSTERDAM).date()), knop=button)
            leeg = beurt.gesprek == Gesprek()
            try:
                # The engine's actions (lead, reminder, funnel events, /vergeet) are carried out in the transaction
                # that writes the state; an empty conversation is no row at all.
                version = await self._store.commit_turn(
                    update_id=update_id,
                    chat_id=chat_id,
                    user_id=user_id,
                    state=None if leeg else beurt.gesprek.als_dict(),
                    expected_version=stored.version if stored else None,
                    idle_timeout=self._idle_timeout,
                    now=now,
                    acties=[actie_als_dict(a) for a in beurt.acties],
                    username=username,
                )
            except StaleState:
                log.info("conversation %s/%s changed meanwhile; running the turn again", chat_id, user_id)
                continue
            if version is None:
                return Turn(duplicate=True, previous=stored)
            return Turn(replies=[*prefix, *beurt.berichten], previous=stored, version=version, gesprek=beurt.gesprek)
        raise TurnConflict(f"conversation {chat_id}/{user_id} kept changing during update {update_id}")

    def _current(self, stored: StoredState | None, now: dt.datetime) -> tuple[Gesprek, list[Bericht]]:
        if stored is None:
            return Gesprek(), []
        gesprek = Gesprek.uit_dict(stored.state)
        if stored.expires_at <= now:
            return Gesprek(campagne=gesprek.campagne), ([Bericht(VERLOPEN)] if gesprek.stapel else [])
        return gesprek, []

    async def undo(self, chat_id: int, user_id: int, turn: Turn) -> None:
        """Put the state back as it was before `turn`, after its replies could not be delivered.

        What the turn's actions stored stays: a lead is never lost, and answering again updates that lead
        (the 24-hour dedupe in bot/leads.py) instead of adding one. Its funnel events may count twice.
        """
        if turn.version is None:
            return
        previous = turn.previous
        try:
            await self._store.commit_turn(
                update_id=None,
                chat_id=chat_id,
                user_id=user_id,
                state=previous.state if previous else None,
                expected_version=turn.version,
                idle_timeout=self._idle_timeout,
                now=self._clock(),
            )
        except StaleState:
            log.warning("conversation %s/%s moved on before its failed turn could be undone", chat_id, user_id)
