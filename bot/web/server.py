"""`adviesbot web`: the widget, the chat endpoint and the API without Telegram, for a firm that wants only the
website channel; with ADVIESBOT_SECRET_KEY also the staff dashboard under /beheer.

On the configured database (the embedded SQLite file by default). A lead left on the website is stored and
listed at once (`adviesbot leads list`, /beheer); with `TELEGRAM_BOT_TOKEN` and `LEADS_CHAT_ID` this process
also announces it in the staff chat, else the announcement waits in the outbox for `adviesbot run`. The
retention job runs here too (bot/web/jobs.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from bot import http_server
from bot.app import Services, build_services, database_url
from bot.database import database_writable, dispose_engine, upgrade_database_async
from bot.settings import Settings
from bot.web.jobs import run_jobs, staff_bot
from bot.web.site import WIDGET_PATH, website_routes

log = logging.getLogger(__name__)
READY_LINE = "website is klaar"


class WebUnavailable(Exception):
    """`adviesbot web` cannot start; `str()` is the one line for stderr."""


def serve(settings: Settings) -> None:
    asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> None:
    try:
        listener = http_server.bind(settings.host, settings.port)
    except http_server.PortUnavailable as unavailable:
        raise WebUnavailable(str(unavailable)) from None
    with contextlib.closing(listener):
        url = database_url(settings)
        try:
            await upgrade_database_async(url)
        except Exception as error:
            reason = type(error).__name__
            raise WebUnavailable(f"De database kon niet worden bijgewerkt (DATABASE_URL): {reason}") from None
        services = build_services(settings)
        bot = await staff_bot(settings)
        jobs = asyncio.create_task(run_jobs(settings, services, bot=bot))
        try:
            app = Starlette(routes=_routes(settings, services))
            server = http_server.Server(
                http_server.config(
                    app,
                    request_timeout=settings.http_request_timeout_seconds,
                    max_connections=settings.http_max_connections,
                )
            )
            if not settings.widget_origins:
                log.warning("WIDGET_ORIGINS is leeg: geen andere website kan de widget gebruiken")
            shown = "localhost" if settings.host in {"0.0.0.0", "::"} else settings.host  # noqa: S104
            log.info("%s: http://%s:%s%s", READY_LINE, shown, settings.port, WIDGET_PATH)
            await server.serve(sockets=[listener])
        finally:
            jobs.cancel()
            await asyncio.gather(jobs, return_exceptions=True)
            await services.sender.stop(settings.stop_grace_seconds)
            if bot is not None:
                await bot.shutdown()
            await dispose_engine(services.engine)


def _routes(settings: Settings, services: Services) -> list[BaseRoute]:
    from bot.dashboard.server import optional_dashboard  # Jinja2, pygal, argon2: only where it is served

    async def healthz(_: Request) -> Response:
        healthy = await database_writable(services.engine)
        return JSONResponse({"status": "ok" if healthy else "unavailable"}, status_code=200 if healthy else 503)

    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"]), *website_routes(settings, services)]
    dashboard = optional_dashboard(settings, services.engine)
    if dashboard is not None:
        routes.append(Mount("/beheer", app=dashboard))
    return routes
