"""Incoming flood guard: a user who sends too much gets one polite notice, then silence for a while.

Pure bookkeeping; the Telegram side is one `group=-1` handler for every update (bot/handlers.py, wired in
bot/app.py), and a repeating job calls `forget_idle` so the guard never grows with every user ever seen."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"
    IGNORE = "ignore"


class FloodGuard:
    """A sliding window per user, kept in this process only: a restart forgives everyone, which is fine."""

    def __init__(self, max_messages: int, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._max = max_messages
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}
        self._notified: dict[int, float] = {}

    def check(self, user_id: int) -> Verdict:
        now = self._clock()
        seen = self._seen.setdefault(user_id, deque())
        while seen and seen[0] <= now - self._window:
            seen.popleft()
        seen.append(now)
        if len(seen) <= self._max:
            self._notified.pop(user_id, None)
            return Verdict.ALLOW
        if user_id in self._notified:
            return Verdict.IGNORE
        self._notified[user_id] = now
        return Verdict.NOTIFY

    @property
    def tracked(self) -> int:
        """How many users the guard remembers (memory is bounded by the recently active ones)."""
        return len(self._seen)

    def forget_idle(self) -> None:
        """Drop users with nothing in their window, so memory stays bounded by the active users."""
        cutoff = self._clock() - self._window
        for user_id in [u for u, seen in self._seen.items() if not seen or seen[-1] <= cutoff]:
            del self._seen[user_id]
            self._notified.pop(user_id, None)
