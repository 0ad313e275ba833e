"""`adviesbot run`: long polling by default, a webhook server when WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import uvicorn
from telegram.ext import ContextTypes

from bot.app import ALLOWED_UPDATES, BotApplication, Services, build_application, build_services, database_url
from bot.database import dispose_engine, upgrade_database
from bot.outbox import schedule as schedule_outbox
from bot.reminders import schedule as schedule_reminders
from bot.retention import schedule as schedule_retention
from bot.settings import Settings
from bot.webhook import build_webhook_app

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30
READY_LINE = "adviesbot is klaar"


def heartbeat_path(settings: Settings) -> Path:
    return settings.heartbeat_file or settings.data_dir / "heartbeat"


def _warn_placeholders(settings: Settings) -> None:
    for warning in settings.placeholder_warnings():
        log.warning("%s: zet de echte kantoorgegevens in de omgeving", warning)


def run(settings: Settings) -> None:
    url = database_url(settings)
    upgrade_database(url)
    _warn_placeholders(settings)
    if settings.webhook_url is None:
        _run_polling(settings)
    else:
        asyncio.run(_run_webhook(settings))


def _schedule_lead_jobs(application: BotApplication, settings: Settings, services: Services) -> None:
    """The staff-chat outbox, due reminders and the daily retention job (bot/outbox.py, reminders.py,
    retention.py); each scans the database, so nothing waits on this process having been up."""
    schedule_outbox(application, services.engine, settings.leads_chat_id)
    schedule_reminders(application, services.engine)
    schedule_retention(application, services.engine, settings.lead_retention_days)


def _run_polling(settings: Settings) -> None:
    services = build_services(settings)
    heartbeat = heartbeat_path(settings)

    async def beat(_: ContextTypes.DEFAULT_TYPE) -> None:
        heartbeat.parent.mkdir(parents=True, exist_ok=True)
        heartbeat.write_text(str(time.time()))

    async def post_init(application: BotApplication) -> None:
        # post_init runs before the JobQueue starts, which would push a first=0 beat a whole interval out:
        # write the first heartbeat now so the container is healthy as soon as the bot is.
        heartbeat.parent.mkdir(parents=True, exist_ok=True)
        heartbeat.write_text(str(time.time()))
        assert application.job_queue is not None
        application.job_queue.run_repeating(beat, interval=HEARTBEAT_SECONDS, first=HEARTBEAT_SECONDS)
        log.info(READY_LINE + " (polling)")

    application = build_application(settings, services, post_init=post_init)
    _schedule_lead_jobs(application, settings, services)
    # run_polling installs SIGTERM/SIGINT handlers and stops cleanly: the update in hand is finished first.
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)


class _WebhookServer(uvicorn.Server):
    """uvicorn re-raises SIGTERM once `serve()` returns, which would kill the process before the Application
    stops and the database pool closes; this server only records the signal and lets the shutdown finish."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


async def _run_webhook(settings: Settings) -> None:
    assert settings.webhook_url is not None
    services = build_services(settings)
    application = build_application(settings, services, polling=False)
    _schedule_lead_jobs(application, settings, services)
    secret = settings.secret_token()
    path = urlparse(str(settings.webhook_url)).path or "/"
    ready = False
    from bot.dashboard.server import optional_dashboard  # Jinja2, pygal, argon2: only where it is served

    dashboard = optional_dashboard(settings, services.engine)
    web = build_webhook_app(
        application, services.engine, path=path, secret=secret, is_ready=lambda: ready, dashboard=dashboard
    )
    server = _WebhookServer(
        uvicorn.Config(web, host=settings.host, port=settings.port, log_config=None, lifespan="off")
    )
    async with application:
        await application.start()
        # Only run_polling calls post_init itself; webhook mode registers the command menu here.
        if application.post_init is not None:
            await application.post_init(application)
        await application.bot.set_webhook(
            url=str(settings.webhook_url), secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        ready = True
        log.info(READY_LINE + " (webhook op poort %s)", settings.port)
        # uvicorn handles SIGTERM: it stops accepting, finishes the requests in flight, then returns.
        await server.serve()
        ready = False
        await application.stop()
    await dispose_engine(services.engine)
