"""The composition root: settings in, a wired python-telegram-bot Application out. Only this file knows
everything; each piece it builds can be swapped for a fake in tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.admin import register_shell_handlers
from bot.database import create_engine, default_database_url
from bot.flood import FloodGuard
from bot.handlers import COMMANDS, Handlers
from bot.settings import Settings
from bot.state_store import StateStore
from bot.turns import Turns
from conversations.engine import Context
from conversations.topics import FLOWS

BotApplication = Application[Any, Any, Any, Any, Any, Any]
# Telegram allows 30 messages a second overall; a small retry budget rides out a short RetryAfter.
RATE_LIMIT_RETRIES = 3


def database_url(settings: Settings) -> str:
    return settings.database_url or default_database_url(settings.data_dir)


@dataclass
class Services:
    """What the handlers need besides Telegram, built once per process."""

    engine: AsyncEngine
    store: StateStore
    turns: Turns
    flood: FloodGuard


def build_services(
    settings: Settings,
    engine: AsyncEngine | None = None,
    *,
    context: Callable[[dt.date], Context] | None = None,
) -> Services:
    engine = engine or create_engine(database_url(settings))
    store = StateStore(engine)
    kantoor = settings.kantoor()

    def telegram_context(vandaag: dt.date) -> Context:
        return Context(vandaag=vandaag, flows=FLOWS, kantoor=kantoor, kanaal="telegram")

    turns = Turns(store, context or telegram_context, settings.idle_timeout)
    flood = FloodGuard(settings.flood_max_messages, settings.flood_window_seconds)
    return Services(engine=engine, store=store, turns=turns, flood=flood)


async def _register_commands(application: BotApplication) -> None:
    await application.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS.items()])


def build_application(
    settings: Settings,
    services: Services,
    *,
    request: BaseRequest | None = None,
    polling: bool = True,
    post_init: Callable[[BotApplication], Awaitable[None]] | None = None,
    rate_limit: bool = True,
) -> BotApplication:
    assert settings.telegram_bot_token is not None
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.removesuffix("/bot") + "/file/bot")
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if not polling:
        builder = builder.updater(None)

    async def _post_init(application: BotApplication) -> None:
        await _register_commands(application)
        if post_init is not None:
            await post_init(application)

    application = builder.post_init(_post_init).build()
    # Staff commands, /privacy, /vergeet, /herinneringen (bot/admin.py): first, so they win over the generic ones.
    register_shell_handlers(application, settings, services.engine, services.flood)
    Handlers(services.turns, services.flood).register(application)
    return application


ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
