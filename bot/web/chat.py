"""The website's conversations: a session id instead of Telegram's ids, the same engine and store otherwise.

- A session id is 128 random bits (`secrets`), made here and only here. A request without one, with one that
  is malformed, or with one this store does not know (expired and cleaned up, or never made here) starts a new
  conversation under a new id: never an error, and never a conversation under an id the client chose.
- The conversation is stored in the same table as Telegram's, keyed by channel `web` and the session id, with
  the same idle deadline and version check (bot/turns.py, bot/state_store.py). Its row stays while the session
  lives, also when the conversation is empty: that is how a session is known.
- A visitor's leads, funnel events and /vergeet are keyed by a number derived from the session id
  (`visitor_id`), so everything that works per Telegram user works per session.
- Replies go back in the HTTP response; a lead's announcement to the staff chat goes through the outbox like
  Telegram's, once.
- Nothing about the visitor is logged: not the session id, not what they typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot import privacy
from bot.lead_storage import LeadStore
from bot.outbox import Sender
from bot.settings import Settings
from bot.state_store import StateStore
from bot.turns import Turns
from bot.web.limits import RateLimiter
from bot.web.render import berichten_als_json
from conversations.engine import Context
from conversations.kantoor import Kantoor
from conversations.topics import FLOWS

log = logging.getLogger(__name__)

CHANNEL = "web"
SESSION_ID = re.compile(r"[0-9a-f]{32}")
SESSION_BYTES = 16
"""128 bits: nobody guesses another visitor's session."""
COMMANDOS = frozenset({"privacy", "vergeet"})
"""/herinneringen is not offered: a web page cannot deliver a reminder next month."""
PRIVACY = "/privacy"


def new_session_id() -> str:
    return secrets.token_hex(SESSION_BYTES)


def visitor_id(session_id: str) -> int:
    """The number a visitor's conversation, leads and funnel events are stored under (the store keys those by
    Telegram user id). Negative, so it never meets a Telegram user id (positive) or the terminal's 0; and
    one-way, so the number in an export does not give the session away."""
    digest = hashlib.sha256(b"adviesbot-web:" + session_id.encode("ascii")).digest()
    return -1 - (int.from_bytes(digest[:8], "big") >> 2)


def web_context(kantoor: Kantoor) -> Callable[[dt.date], Context]:
    def context(vandaag: dt.date) -> Context:
        return Context(
            vandaag=vandaag, flows=FLOWS, kantoor=kantoor, herinneringen=False, commandos=COMMANDOS, kanaal=CHANNEL
        )

    return context


class TooFast(Exception):
    """This session sends faster than its rate limit allows; `wait` is the seconds until it may again."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"retry after {wait:.1f} s")
        self.wait = wait


@dataclass(frozen=True)
class ChatReply:
    sessie: str
    berichten: list[dict[str, Any]]


class WebChat:
    def __init__(
        self,
        *,
        settings: Settings,
        store: StateStore,
        turns: Turns,
        leads: LeadStore,
        per_session: RateLimiter,
        sender: Sender | None = None,
    ) -> None:
        self._settings = settings
        self._store = store
        self._turns = turns
        self._leads = leads
        self._per_session = per_session
        self._sender = sender

    async def known(self, session_id: str | None) -> bool:
        if session_id is None or not SESSION_ID.fullmatch(session_id):
            return False
        visitor = visitor_id(session_id)
        return await self._store.load(visitor, visitor, channel=CHANNEL, session_id=session_id) is not None

    async def reply(self, sessie: str | None, tekst: str | None, knop: str | None) -> ChatReply:
        """One turn: `tekst` typed, or the token of a pressed button in `knop`. Raises TooFast."""
        if sessie is None or not await self.known(sessie):
            sessie = new_session_id()
        wait = self._per_session.wait(sessie)
        if wait:
            raise TooFast(wait)
        visitor = visitor_id(sessie)
        text = knop if knop is not None else (tekst or "")
        if knop is None and text.strip().lower() == PRIVACY:
            # The shell answers /privacy from the store, as for Telegram; it changes no conversation.
            berichten = await privacy.privacy_for(
                self._leads,
                visitor,
                firm_name=self._settings.firm_name,
                privacy_url=self._settings.firm_privacy_url,
                retention_days=self._settings.lead_retention_days,
                channel=CHANNEL,
            )
            return ChatReply(sessie, berichten_als_json(berichten))
        turn = await self._turns.handle(
            update_id=None,
            chat_id=visitor,
            user_id=visitor,
            text=text,
            button=knop is not None,
            channel=CHANNEL,
            session_id=sessie,
        )
        if self._sender is not None and turn.deliveries:
            # The staff chat's announcement of a lead (and taking one back after /vergeet): sent by this
            # process's outbox sender when it runs one, else left in the outbox for `adviesbot run`.
            self._sender.submit(turn.deliveries)
        return ChatReply(sessie, berichten_als_json(turn.replies))
