"""Which web pages may use the chat endpoint and the API from a browser: the origins in WIDGET_ORIGINS.

CORS alone only stops a browser from *reading* the answer: a page elsewhere could still make the bot run a
turn with a plain form post. So a request whose Origin header names another site is refused outright (403),
before anything runs; the bot's own pages (the API docs) are same-origin and always allowed. A request without
an Origin header is no browser's cross-site request (curl, a server): the rate limits are what bound those.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.web.errors import NIET_TOEGESTAAN, fout

PREFLIGHT_SECONDS = 600


class OriginGate:
    def __init__(self, app: ASGIApp, *, origins: Collection[str]) -> None:
        self.app = app
        self.origins = frozenset(origins)

    def allowed(self, origin: str, host: str | None) -> bool:
        return origin.lower() in self.origins or (host is not None and urlsplit(origin).netloc == host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A preflight (OPTIONS) is CORSMiddleware's to answer: it refuses another site's there already.
        if scope["type"] == "http" and scope["method"] != "OPTIONS":
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not self.allowed(origin, headers.get("host")):
                await fout(403, NIET_TOEGESTAAN)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def cors_options(origins: Collection[str]) -> dict[str, Any]:
    """Starlette's CORSMiddleware for the widget: POST with a JSON body from these origins only."""
    return {
        "allow_origins": sorted(origins),
        "allow_methods": ["POST"],
        "allow_headers": ["Content-Type"],
        "expose_headers": ["Retry-After"],
        "max_age": PREFLIGHT_SECONDS,
    }
