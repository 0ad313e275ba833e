"""The HTTP server of the webhook and the dashboard: uvicorn with the limits it lacks against connections that
never finish.

uvicorn closes an idle keep-alive connection, but a connection that sends half a request line (or nothing)
and waits is held for ever, and each one counts against the connection limit. Here every request must arrive
whole within a time limit from the moment its connection opened (or its previous response was sent);
otherwise the connection is closed. With `limit_concurrency` on top, a flood of half-open connections costs
at most that many sockets for that long, and never the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Iterator
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

KEEP_ALIVE_SECONDS = 5
GRACEFUL_SHUTDOWN_SECONDS = 10


def request_timeout_protocol(seconds: float) -> type[H11Protocol]:
    """An h11 protocol that closes a connection whose request is not complete within `seconds`."""

    class RequestTimeoutProtocol(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            # DONE: the whole request is in, the app has it. Anything else: still waiting for the client.
            if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._expired)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expired(self) -> None:
            self._deadline = None
            if not self.transport.is_closing() and self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
                self.transport.close()

    return RequestTimeoutProtocol


class PortUnavailable(Exception):
    """The port cannot be listened on; `str()` is the one Dutch line for the operator, naming the settings."""


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything else starts: a port in use is a clear start-up error
    (PortUnavailable), the same for `adviesbot run`, `web` and `beheer`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError as error:
        sock.close()
        raise PortUnavailable(
            f"Poort {port} op {host} is niet beschikbaar (PORT, HOST): {error.strerror or error}"
        ) from None
    return sock


def config(app: Any, *, request_timeout: float, max_connections: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=request_timeout_protocol(request_timeout),
        log_config=None,
        # Access logs stay off: a search by name puts a client's name in the URL.
        access_log=False,
        lifespan="off",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        # Past this many connections (or requests in flight) uvicorn answers 503 at once.
        limit_concurrency=max_connections,
    )


class Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM once `serve()` returns, which would kill the process before the Application
    stops and the outbox hands over its queue; this server only records the signal and lets the stop finish."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)
