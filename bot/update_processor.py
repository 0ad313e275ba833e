"""Updates of one chat in arrival order, different chats at the same time.

python-telegram-bot processes updates one at a time by default; with `concurrent_updates` they overlap, but
then two messages of one chat can race (and before, the optimistic version check turned the loser into an
apology). This processor keeps a queue per chat: an update waits for the one before it in the same chat, and
nothing else; across chats up to `max_concurrent_updates` run together, which is what lets group commit
(bot/transactions.py) gather several turns into one transaction.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def chat_key(update: object) -> int | None:
    """The queue an update belongs to: its chat, or its user for updates without a chat."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._queues: dict[int, deque[asyncio.Future[None]]] = {}

    @property
    def busy_chats(self) -> int:
        return len(self._queues)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        if key is None:
            await coroutine
            return
        queue = self._queues.get(key)
        if queue is None:
            # Nobody ahead in this chat: go. The (empty) queue marks the chat as busy.
            self._queues[key] = deque()
        else:
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            queue.append(turn)
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    self._next(key)  # woken, then cancelled before it could go: pass the turn on
                raise
        try:
            await coroutine
        finally:
            self._next(key)

    def _next(self, key: int) -> None:
        """Wake the next waiter of the chat (a cancelled one is skipped), or mark the chat idle."""
        queue = self._queues[key]
        while queue:
            waiter = queue.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        del self._queues[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
