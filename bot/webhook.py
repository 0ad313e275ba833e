"""Webhook mode: a Starlette app that takes Telegram's POSTs on a secret path, plus /healthz.

An update is processed before Telegram gets its 200, so an acknowledged update has already been handled and
its state written: a shutdown can never drop one. A failed update still gets 200 (the error handler has told
the user), otherwise Telegram would retry it forever.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp
from telegram import Update

from bot.app import BotApplication
from bot.database import database_reachable

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)


def build_webhook_app(
    application: BotApplication,
    engine: AsyncEngine,
    *,
    path: str,
    secret: str,
    is_ready: Callable[[], bool] = lambda: True,
    reachable: Callable[[AsyncEngine], Awaitable[bool]] = database_reachable,
    dashboard: ASGIApp | None = None,
) -> Starlette:
    """`dashboard`, when given, is served under /beheer (bot/dashboard)."""
    expected = secret.encode()

    async def telegram(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, KeyError, TypeError):
            return Response(status_code=400)
        await application.process_update(update)
        return Response(status_code=200)

    async def healthz(_: Request) -> Response:
        healthy = is_ready() and await reachable(engine)
        return JSONResponse({"status": "ok" if healthy else "unavailable"}, status_code=200 if healthy else 503)

    routes: list[BaseRoute] = [Route(path, telegram, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    if dashboard is not None:
        routes.append(Mount("/beheer", app=dashboard))
    return Starlette(routes=routes)
