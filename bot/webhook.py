"""Webhook mode: a Starlette app that takes Telegram's POSTs on a secret path, plus /healthz.

An update is acknowledged (200) once its turn is committed: its state and its replies are in the database,
so a crash after the 200 loses nothing (the outbox sends the replies after a restart). Before answering, the
route waits a moment (ADVIESBOT_REPLY_WAIT_SECONDS at most) for the replies' first attempt, so in the
ordinary case Telegram paces its next update behind the reply to this one; a slow or failing Telegram never
holds the acknowledgement longer than that, and never turns it into an error. A failed turn also gets 200:
the error handler has told the user, and Telegram would otherwise redeliver it for hours.

Refused: a wrong or missing secret (403), a body that is no update (400), a body too large to be one (413).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp
from telegram import Update

from bot.app import BotApplication
from bot.database import database_writable
from bot.outbox import collecting_settlements

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)
# Telegram's updates are a few KB; anything near this is not one.
MAX_BODY_BYTES = 1 << 20


def parse_update(body: bytes, application: BotApplication) -> Update | None:
    """The update in `body`, or None when it is not one (the caller answers 400)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, application.bot)
    except Exception as error:  # de_json raises whatever a malformed field makes it raise
        log.info("malformed update refused: %s", type(error).__name__)
        return None


def build_webhook_app(
    application: BotApplication,
    engine: AsyncEngine,
    *,
    path: str,
    secret: str,
    reply_wait: float,
    process: Callable[[Update], Awaitable[None]] | None = None,
    is_ready: Callable[[], bool] = lambda: True,
    writable: Callable[[AsyncEngine], Awaitable[bool]] = database_writable,
    dashboard: ASGIApp | None = None,
    website: Sequence[BaseRoute] = (),
) -> Starlette:
    """`dashboard`, when given, is served under /beheer (bot/dashboard); `website` are the widget's and the
    API's routes (bot/web/site.py)."""
    if not secret:
        raise ValueError("the webhook needs a secret: an empty one would let anyone post updates")
    expected = secret.encode()
    handle = process or application.process_update

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return Response(status_code=413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
        update = parse_update(body, application)
        if update is None:
            return Response(status_code=400)
        with collecting_settlements() as settled:
            await handle(update)
        if settled and reply_wait > 0:
            await asyncio.wait(settled, timeout=reply_wait)
        return Response(status_code=200)

    async def healthz(_: Request) -> Response:
        # A write, not a SELECT 1: a full disk or a read-only database answers reads but fails every turn.
        healthy = is_ready() and await writable(engine)
        return JSONResponse({"status": "ok" if healthy else "unavailable"}, status_code=200 if healthy else 503)

    routes: list[BaseRoute] = [Route(path, telegram, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    if dashboard is not None:
        routes.append(Mount("/beheer", app=dashboard))
    routes.extend(website)
    return Starlette(routes=routes)
