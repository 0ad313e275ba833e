"""The Bot API calls the bot makes, as data: what a turn stores in the outbox (bot/outbox.py) and the sender
sends. The Telegram renderer builds them; neither side needs the other's machinery to name one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SEND_MESSAGE = "sendMessage"
EDIT_MESSAGE_TEXT = "editMessageText"
DELETE_MESSAGE = "deleteMessage"
ANNOUNCE_LEAD = "announceLead"
"""Not a Bot API method: a sendMessage to the staff chat whose text is rendered from the lead when it is sent."""
ANNOUNCE_UPDATED = "bijgewerkt"
"""An announcement's `soort` when the same client asked again and their lead was updated."""


@dataclass(frozen=True)
class Call:
    """A Bot API call, not yet stored: where it goes (None: the staff chat) and its parameters as JSON."""

    chat_id: int | None
    method: str
    params: Mapping[str, Any]
    lead_id: int | None = None
