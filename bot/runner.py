"""`adviesbot run`: long polling by default, a webhook server when WEBHOOK_URL is set.

Start-up either ends in "adviesbot is klaar" or in one line on stderr that says what is wrong and which setting
to look at, never a traceback: a database or a Telegram that cannot be reached is retried with backoff for
up to ADVIESBOT_STARTUP_RETRY_SECONDS (2 minutes) first; a token Telegram rejects, a webhook it refuses and a
port in use are not worth retrying. The token never appears in that line.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlparse

from sqlalchemy.exc import SQLAlchemyError
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot import http_server
from bot.app import (
    ALLOWED_UPDATES,
    BotApplication,
    Services,
    build_application,
    build_services,
    database_url,
    processing,
    register_commands,
    schedule_jobs,
)
from bot.database import create_engine, database_reachable, dispose_engine, upgrade_database_async
from bot.heartbeat import HEARTBEAT_SECONDS, beat, heartbeat_path
from bot.settings import Settings
from bot.webhook import build_webhook_app

log = logging.getLogger(__name__)
READY_LINE = "adviesbot is klaar"
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 15.0
T = TypeVar("T")


class StartupFailed(Exception):
    """Start-up cannot go on; `str()` is the one line for stderr."""


def _reason(error: BaseException) -> str:
    """An error in a few words, without anything secret: the database's own first line, no SQL, no URL."""
    original = getattr(error, "orig", None) or error
    first = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {first}"[:200] if first else type(original).__name__


async def _retrying(
    what: str, attempt: Callable[[], Awaitable[T]], budget: float, retry_on: tuple[type[BaseException], ...]
) -> T:
    """`attempt` until it works, retrying `retry_on` errors with backoff for at most `budget` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + budget
    delay = FIRST_RETRY_SECONDS
    while True:
        try:
            return await attempt()
        except retry_on as error:
            if isinstance(error, BadRequest):
                raise  # PTB makes it a NetworkError, but Telegram did answer: it refuses
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise StartupFailed(f"{what}, ook na {budget:.0f} s opnieuw proberen ({_reason(error)})") from None
            log.warning("%s (%s); opnieuw over %.0f s", what, _reason(error), min(delay, remaining))
            await asyncio.sleep(min(delay, remaining))
            delay = min(delay * 2, MAX_RETRY_SECONDS)


def settle_heap() -> None:
    """Once started, what start-up allocated (modules, parameter files, caches) lives as long as the process:
    frozen out of the collector's sight, a full collection no longer walks it. In the benchmark such a
    collection stalled every turn for up to 90 ms (BENCHMARKS.md)."""
    gc.collect()
    gc.freeze()


def run(settings: Settings) -> None:
    """Run until SIGTERM; raises StartupFailed when the bot cannot start."""
    asyncio.run(_run(settings))


async def _run(settings: Settings) -> None:
    url = database_url(settings)
    await _database_ready(settings, url)
    for warning in settings.placeholder_warnings():
        log.warning("%s: zet de echte kantoorgegevens in de omgeving", warning)
    services = build_services(settings)
    try:
        if settings.webhook_url is None:
            await _run_polling(settings, services)
        else:
            await _run_webhook(settings, services)
    finally:
        await dispose_engine(services.engine)


async def _database_ready(settings: Settings, url: str) -> None:
    """Reachable first (with the normal timeouts), then migrated: both retried while the database is down."""
    engine = create_engine(url, timeout=settings.database_timeout_seconds)
    try:

        async def probe() -> None:
            if not await database_reachable(engine, settings.database_timeout_seconds):
                raise ConnectionError("geen antwoord")

        what = "De database is niet bereikbaar (DATABASE_URL)"
        await _retrying(what, probe, settings.startup_retry_seconds, (ConnectionError,))
    finally:
        await dispose_engine(engine)
    await _retrying(
        "De database kon niet worden bijgewerkt (DATABASE_URL)",
        lambda: upgrade_database_async(url),
        settings.startup_retry_seconds,
        (SQLAlchemyError, OSError),
    )


async def _telegram(settings: Settings, what: str, call: Callable[[], Awaitable[T]]) -> T:
    """A Bot API call at start-up: an unreachable Telegram is retried, a rejected token is not."""
    try:
        return await _retrying(
            f"Telegram is niet bereikbaar via {settings.api_base_url} (TELEGRAM_API_BASE_URL) bij {what}",
            call,
            settings.startup_retry_seconds,
            (NetworkError,),
        )
    except InvalidToken:
        # PTB's own message quotes the token: never show it.
        raise StartupFailed(
            "Telegram wees het token af (TELEGRAM_BOT_TOKEN): maak een nieuw token bij @BotFather"
        ) from None


async def _initialize(settings: Settings, application: BotApplication) -> None:
    try:
        await _telegram(settings, "het ophalen van de bot (getMe)", application.initialize)
    except BaseException:
        # A half-initialized bot still holds its HTTP client.
        with contextlib.suppress(Exception):
            await application.bot.shutdown()
        raise


async def _stop(application: BotApplication) -> None:
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


async def _run_polling(settings: Settings, services: Services) -> None:
    heartbeat = heartbeat_path(settings)
    application = build_application(settings, services)
    schedule_jobs(application, settings, services)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await _initialize(settings, application)
    try:
        assert application.updater is not None
        await _telegram(settings, "het instellen van de opdrachten", lambda: register_commands(application))
        updater = application.updater
        await _telegram(
            settings,
            "het starten van long polling",
            lambda: updater.start_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False),
        )
        await application.start()
        settle_heap()
        # The container is healthy as soon as the bot is, then every HEARTBEAT_SECONDS.
        beat(heartbeat)

        async def beating(_: ContextTypes.DEFAULT_TYPE) -> None:
            beat(heartbeat)

        assert application.job_queue is not None
        application.job_queue.run_repeating(beating, interval=HEARTBEAT_SECONDS, first=HEARTBEAT_SECONDS)
        log.info(READY_LINE + " (polling)")
        await stop.wait()
    finally:
        await _stop(application)


async def _run_webhook(settings: Settings, services: Services) -> None:
    assert settings.webhook_url is not None
    try:
        listener = http_server.bind(settings.host, settings.port)
    except http_server.PortUnavailable as unavailable:
        raise StartupFailed(str(unavailable)) from None
    with contextlib.closing(listener):
        await _serve_webhook(settings, services, listener)


async def _serve_webhook(settings: Settings, services: Services, listener: socket.socket) -> None:
    assert settings.webhook_url is not None
    application = build_application(settings, services, polling=False)
    schedule_jobs(application, settings, services)
    secret = settings.secret_token()
    path = urlparse(str(settings.webhook_url)).path or "/"
    ready = False
    from bot.dashboard.server import optional_dashboard  # Jinja2, pygal, argon2: only where it is served

    dashboard = optional_dashboard(settings, services.engine)
    from bot.web.site import website_routes  # FastAPI: only where it is served

    web = build_webhook_app(
        application,
        services.engine,
        path=path,
        secret=secret,
        reply_wait=settings.reply_wait_seconds,
        process=processing(application),
        is_ready=lambda: ready,
        dashboard=dashboard,
        website=website_routes(settings, services),
    )
    server = http_server.Server(
        http_server.config(
            web, request_timeout=settings.http_request_timeout_seconds, max_connections=settings.http_max_connections
        )
    )
    await _initialize(settings, application)
    try:
        await application.start()
        await _telegram(settings, "het instellen van de opdrachten", lambda: register_commands(application))
        try:
            await _telegram(
                settings,
                "het instellen van de webhook",
                lambda: application.bot.set_webhook(
                    url=str(settings.webhook_url), secret_token=secret, allowed_updates=ALLOWED_UPDATES
                ),
            )
        except TelegramError as error:
            raise StartupFailed(f"Telegram weigerde de webhook (WEBHOOK_URL): {error.message}") from None
        settle_heap()
        ready = True
        log.info(READY_LINE + " (webhook op poort %s)", settings.port)
        # uvicorn handles SIGTERM: it stops accepting, finishes the requests in flight, then returns.
        await server.serve(sockets=[listener])
        ready = False
    finally:
        await _stop(application)
