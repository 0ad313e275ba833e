"""Simulated users: each completes the box 3 conversation, in one of two ways.

- Sequential (`drive`): round k sends every user's k-th update, one user after the other, so all
  conversations are open at once but only one update is in the bot at a time.
- Concurrent (`drive_concurrent`): every user sends their next update as soon as the bot has answered the
  previous one, with at most `in_flight` updates in the bot at once (Telegram's webhook allows up to 100
  parallel connections, `max_connections`; 64 here).

Only handing the update to the bot is timed per update (for our bot: until its turn is committed and its
replies are sent, as the webhook waits); building the update and `Update.de_json` are part of the wall-clock
time (the same for every bot that is driven).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from tests.bot.fake_bot_api import FakeBotApi, press_on, text_update, user

FIRST_USER_ID = 1_000_000
WARM_UP_USER_ID = 999
# update_ids of the warm-up and of the measured run never meet.
WARM_UP_UPDATE_ID = 1
FIRST_UPDATE_ID = 1_000_000
# As many updates in the bot at once as Telegram's webhook delivers over parallel connections.
IN_FLIGHT = 64

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


async def drive_concurrent(
    application: Any,
    network: FakeBotApi,
    user_ids: Sequence[int],
    *,
    first_update_id: int,
    in_flight: int,
    rate: float | None = None,
    process: Callable[[Update], Awaitable[None]] | None = None,
) -> Drive:
    """Every user's whole script, the users at the same time, at most `in_flight` updates in the bot at once.

    Without `rate` every user sends their next update the moment the previous one is answered: the bot is
    saturated, which measures its throughput (and latency then is mostly waiting behind the 63 others). With
    `rate`, updates arrive at that many per second (a user whose previous update is still being answered waits
    for it first), which measures the latency at that load. The users then start at random moments over the
    first part of the run, as real users do, so the steps of their conversations mix (all 1,000 pressing
    Bereken in the same second would measure that one step, the dearest, at 1,000 per second).
    """
    result = Drive()
    update_ids = itertools.count(first_update_id)
    bot = application.bot
    clock = time.perf_counter_ns
    handle = process or application.process_update
    gate = asyncio.Semaphore(in_flight)
    pacer = _Pacer(rate) if rate else None
    starts = random.Random(START_SEED)  # noqa: S311 (a reproducible load, not a secret)
    spread = START_SPREAD * len(user_ids) * len(BOX3_SCRIPT) / rate if rate else 0.0

    async def converse(user_id: int) -> None:
        if spread:
            await asyncio.sleep(starts.uniform(0, spread))
        for kind, value in BOX3_SCRIPT:
            if pacer is not None:
                await pacer.turn()
            update_id = next(update_ids)
            if kind == "text":
                data = text_update(value, update_id=update_id, user=user(user_id))
            else:
                data = press_on(network.last_keyboard[user_id], user(user_id), value, update_id=update_id)
            update = Update.de_json(data, bot)
            async with gate:
                before = clock()
                await handle(update)
                result.latencies_ns.append(clock() - before)

    started = time.perf_counter()
    await asyncio.gather(*(converse(user_id) for user_id in user_ids))
    result.wall_seconds = time.perf_counter() - started
    result.completed = sum(BOX3_ANSWER in network.last_text.get(user_id, "") for user_id in user_ids)
    return result


# Paced runs: users start at random moments over this share of the run's expected length (a fixed seed, so
# every run offers the same mix).
START_SPREAD = 0.8
START_SEED = 17


class _Pacer:
    """Hands out arrival times `1 / rate` apart, in the order the users ask for them."""

    def __init__(self, rate: float) -> None:
        self._interval = 1 / rate
        self._next = time.perf_counter()

    async def turn(self) -> None:
        arrival = self._next = max(self._next + self._interval, time.perf_counter() - self._interval)
        delay = arrival - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
