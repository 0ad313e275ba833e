"""What keeps the public endpoints cheap to run: rate limits per session and per IP, and a cap on request bodies.

The rate limits are token buckets in this process's memory: each key (a session, an IP address) holds up to
`burst` tokens, refilled at `per_minute` per minute, and a request takes one. With several replicas each has
its own buckets, so the effective limit is that many times higher; that is the price of needing no shared
store. The number of keys is bounded (the least recently seen are forgotten), so a flood of addresses costs
memory once, not for ever.

The body cap is enforced while the body is read, chunk by chunk, whatever Content-Length says (a client may
announce 10 bytes and send a megabyte, or send it chunked without announcing anything).
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.web.errors import TE_GROOT, TE_SNEL, fout

MAX_BODY_BYTES = 16 * 1024
MAX_KEYS = 100_000
# One IPv6 subscriber gets a whole /64: counting per address would give each of them 2^64 buckets.
IPV6_PREFIX = 64


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(
        self,
        per_minute: int,
        *,
        burst: int | None = None,
        max_keys: int = MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, got {per_minute}")
        self.per_second = per_minute / 60
        self.burst = float(burst or per_minute)
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def wait(self, key: str) -> float:
        """Take a token for `key`: 0 when the request may go ahead, else the seconds until it may."""
        now = self._clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.per_second)
        bucket.stamp = now
        self._buckets[key] = bucket
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.per_second


def retry_after(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(max(1, math.ceil(seconds)))}


def too_fast(seconds: float) -> JSONResponse:
    return fout(429, TE_SNEL, headers=retry_after(seconds))


def client_key(scope: Scope) -> str:
    """The client's address as uvicorn gives it (behind a proxy: X-Forwarded-For from a trusted proxy, see
    uvicorn's FORWARDED_ALLOW_IPS), IPv6 by its /64."""
    client = scope.get("client")
    host = client[0] if client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "onbekend"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)


class _BodyTooLarge(Exception):
    pass


class RequestLimits:
    """ASGI middleware for the API: every POST counts against its client's IP bucket, and its body may be at
    most `max_body` bytes (413 otherwise, before the application sees any of it)."""

    def __init__(self, app: ASGIApp, *, per_ip: RateLimiter, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.per_ip = per_ip
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        wait = self.per_ip.wait(client_key(scope))
        if wait:
            await too_fast(wait)(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body:
            await fout(413, TE_GROOT)(scope, receive, send)
            return
        try:
            body = await self._read(receive)
        except _BodyTooLarge:
            await fout(413, TE_GROOT)(scope, receive, send)
            return
        if body is None:
            return  # the client went away
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        chunks = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks += message.get("body", b"")
            if len(chunks) > self.max_body:
                raise _BodyTooLarge
            if not message.get("more_body", False):
                return bytes(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body, read already, handed to the application as one message; then whatever the client does."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
