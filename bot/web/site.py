"""The website channel's routes, served next to the webhook by `adviesbot run` and on their own by
`adviesbot web`: the widget script at /widget.js and the API under /api/v1 (bot/web/api.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from bot.app import Services
from bot.clock import utcnow
from bot.settings import Settings
from bot.turns import Turns
from bot.web.api import MOUNT_PATH, build_api
from bot.web.chat import WebChat, web_context
from bot.web.limits import RateLimiter

WIDGET_PATH = "/widget.js"
WIDGET_FILE = Path(__file__).resolve().parent / "static" / "widget.js"
WIDGET_HEADERS = {
    # Short: a firm that updates the bot should not wait a day for its visitors' browsers to notice.
    "Cache-Control": "public, max-age=300",
    # Any site may load the script (it is harmless without WIDGET_ORIGINS), also one that isolates itself.
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
}


def website_routes(
    settings: Settings, services: Services, *, clock: Callable[[], dt.datetime] = utcnow
) -> list[BaseRoute]:
    turns = Turns(
        services.store, web_context(settings.kantoor()), settings.idle_timeout, clock=clock, outbox=services.outbox
    )
    chat = WebChat(
        settings=settings,
        store=services.store,
        turns=turns,
        leads=services.leads,
        per_session=RateLimiter(settings.web_session_per_minute),
        sender=services.sender,
    )
    api = build_api(chat, origins=settings.widget_origins, per_ip=RateLimiter(settings.web_ip_per_minute))
    script = WIDGET_FILE.read_bytes()

    async def widget(_: Request) -> Response:
        return Response(script, media_type="text/javascript; charset=utf-8", headers=WIDGET_HEADERS)

    return [Route(WIDGET_PATH, widget, methods=["GET"]), Mount(MOUNT_PATH, app=api)]
