"""Where the dashboard is served: under /beheer in the webhook server, or on its own with `adviesbot beheer`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route

from bot import http_server
from bot.dashboard.security import DashboardUnavailable, check_secret_key
from bot.dashboard.staff_store import StaffStore
from bot.dashboard.web import MOUNT_PATH, build_dashboard
from bot.database import create_engine, dispose_engine, upgrade_database
from bot.settings import Settings

log = logging.getLogger(__name__)
READY_LINE = "beheerscherm is klaar"


def secret_key(settings: Settings) -> str:
    """ADVIESBOT_SECRET_KEY, checked; raises DashboardUnavailable with the reason when it is missing or short."""
    return check_secret_key(settings.secret_key.get_secret_value() if settings.secret_key else None)


def dashboard_for(settings: Settings, engine: AsyncEngine) -> Starlette:
    return build_dashboard(engine, secret_key=secret_key(settings), firm_name=settings.firm_name)


def optional_dashboard(settings: Settings, engine: AsyncEngine) -> Starlette | None:
    """For the webhook server: the dashboard, or None with the reason in the log, so a bot without a secret key
    still runs."""
    try:
        return dashboard_for(settings, engine)
    except DashboardUnavailable as reason:
        log.warning("%s", reason)
        return None


def standalone_app(dashboard: Starlette) -> Starlette:
    """`adviesbot beheer`: the dashboard at /beheer, and / pointing there."""

    async def home(_: Request) -> Response:
        return RedirectResponse(MOUNT_PATH + "/", status_code=303)

    return Starlette(routes=[Route("/", home, methods=["GET"]), Mount(MOUNT_PATH, app=dashboard)])


async def _serve(settings: Settings, url: str) -> None:
    engine = create_engine(url)
    try:
        app = standalone_app(dashboard_for(settings, engine))
        if not await StaffStore(engine).users():
            log.warning("nog geen gebruikers: maak er een met 'adviesbot beheer gebruiker toevoegen <e-mail>'")
        server = http_server.Server(
            http_server.config(
                app,
                request_timeout=settings.http_request_timeout_seconds,
                max_connections=settings.http_max_connections,
            )
        )
        with contextlib.closing(http_server.bind(settings.host, settings.port)) as listener:
            shown = "localhost" if settings.host in {"0.0.0.0", "::"} else settings.host  # noqa: S104
            log.info("%s: http://%s:%s%s/", READY_LINE, shown, settings.port, MOUNT_PATH)
            await server.serve(sockets=[listener])
    finally:
        await dispose_engine(engine)


def serve(settings: Settings, url: str) -> None:
    """Migrate the database, then serve until SIGINT/SIGTERM. Raises DashboardUnavailable before anything else
    when the secret key is missing."""
    secret_key(settings)
    upgrade_database(url)
    asyncio.run(_serve(settings, url))
