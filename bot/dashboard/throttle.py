"""Failed sign-ins are throttled per e-mail address and per client address, in this process's memory.

After `max_failures` failures within `window`, further attempts for that key are refused, without checking the
password, until the oldest failure leaves the window. A successful sign-in clears its e-mail address's count.
One process keeps its own counts: several replicas each allow their own few guesses, which still leaves an
attacker a handful of guesses per quarter of an hour.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20
WINDOW = dt.timedelta(minutes=15)
# A bound on memory when someone tries very many different addresses.
MAX_KEYS = 10_000


class LoginThrottle:
    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        *,
        per_account: int = MAX_FAILURES_PER_ACCOUNT,
        per_client: int = MAX_FAILURES_PER_CLIENT,
        window: dt.timedelta = WINDOW,
    ) -> None:
        self._clock = clock
        self._limits = {"account": per_account, "client": per_client}
        self._window = window
        self._failures: dict[tuple[str, str], deque[dt.datetime]] = {}

    def _recent(self, key: tuple[str, str]) -> deque[dt.datetime]:
        failures = self._failures.get(key, deque())
        cutoff = self._clock() - self._window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        if not failures:
            self._failures.pop(key, None)
        return failures

    def wait(self, email: str, client: str) -> dt.timedelta | None:
        """How long until an attempt for this address from this client is allowed; None when it is now."""
        waits = []
        for key in (("account", email), ("client", client)):
            failures = self._recent(key)
            if len(failures) >= self._limits[key[0]]:
                waits.append(failures[0] + self._window - self._clock())
        return max(waits) if waits else None

    def failed(self, email: str, client: str) -> None:
        if len(self._failures) >= MAX_KEYS:
            for key in list(self._failures):
                self._recent(key)
            # Still full within the window: forget the oldest keys rather than grow without bound.
            for key in list(self._failures)[: len(self._failures) - MAX_KEYS + 2]:
                del self._failures[key]
        for key in (("account", email), ("client", client)):
            self._failures.setdefault(key, deque()).append(self._clock())

    def succeeded(self, email: str) -> None:
        self._failures.pop(("account", email), None)
