"""Simulated users: each completes the box 3 conversation, all of them interleaved round-robin.

Round k sends every user's k-th update, one user after the other, so all conversations are open at once. Only
`await application.process_update(update)` is timed per update; building the update and `Update.de_json` are
part of the wall-clock time of a round (the same for every bot that is driven).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from tests.bot.fake_bot_api import FakeBotApi, press_on, text_update, user

# The box 3 topic: five questions, the summary, then the Bereken button (150.000 spaargeld, 2026: € 417,60).
BOX3_SCRIPT: tuple[tuple[str, str], ...] = (
    ("text", "/start box3"),
    ("text", "nee"),
    ("text", "150.000"),
    ("text", "0"),
    ("text", "0"),
    ("text", "nee"),
    ("press", "Bereken"),
)
BOX3_ANSWER = "417,60"
UPDATES_PER_CONVERSATION = len(BOX3_SCRIPT)


@dataclass
class Drive:
    latencies_ns: list[int] = field(default_factory=list)
    wall_seconds: float = 0.0
    completed: int = 0

    @property
    def updates(self) -> int:
        return len(self.latencies_ns)


async def drive(
    application: Any,
    network: FakeBotApi,
    user_ids: Sequence[int],
    *,
    first_update_id: int,
    after_round: Callable[[int], Awaitable[None]] | None = None,
    process: Callable[[Update], Awaitable[None]] | None = None,
) -> Drive:
    """Run the whole script for every user, interleaved; `after_round` runs untimed between rounds. `process`
    hands one update to the bot and returns once its replies are sent (default: `process_update`)."""
    result = Drive()
    update_ids = itertools.count(first_update_id)
    bot = application.bot
    clock = time.perf_counter_ns
    handle = process or application.process_update
    for round_index, (kind, value) in enumerate(BOX3_SCRIPT):
        started = time.perf_counter()
        for user_id in user_ids:
            update_id = next(update_ids)
            if kind == "text":
                data = text_update(value, update_id=update_id, user=user(user_id))
            else:
                data = press_on(network.last_keyboard[user_id], user(user_id), value, update_id=update_id)
            update = Update.de_json(data, bot)
            before = clock()
            await handle(update)
            result.latencies_ns.append(clock() - before)
        result.wall_seconds += time.perf_counter() - started
        if after_round is not None:
            await after_round(round_index)
    result.completed = sum(BOX3_ANSWER in network.last_text.get(user_id, "") for user_id in user_ids)
    return result
