"""What a turn knows about the world outside the conversation: today's date, the flows, the firm, the channel.

The shell builds it; the engine never reads a clock or a setting itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from conversations.flow import Flow
from conversations.kantoor import Kantoor

ALLE_COMMANDOS = frozenset({"privacy", "herinneringen", "vergeet"})
"""The commands beyond the conversation itself that a channel may offer (its shell answers them)."""


@dataclass(frozen=True)
class Context:
    vandaag: dt.date
    flows: Mapping[str, Flow]
    """The topics, in menu order."""
    kantoor: Kantoor = field(default_factory=Kantoor)
    herinneringen: bool = True
    """Whether this channel can deliver a reminder later (Telegram can, the terminal chat cannot)."""
    commandos: frozenset[str] = ALLE_COMMANDOS
    """Which of /privacy, /herinneringen and /vergeet this channel answers; /help offers only these."""
    kanaal: str = "telegram"
    """The channel this turn arrived on: 'telegram', 'terminal' or 'web'."""
