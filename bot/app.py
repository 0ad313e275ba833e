"""The composition root: settings in, a wired python-telegram-bot Application out. Only this file knows
everything: it builds the stores, the outbox's sender and the turn runner, registers every handler (in the
order that decides who answers what) and every repeating job. Each piece can be swapped for a fake in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommand, Message, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import reminders, retention
from bot.database import create_engine, default_database_url
from bot.flood import FloodGuard
from bot.handlers import COMMANDS, ENGINE_COMMANDS, TelegramHandlers
from bot.lead_storage import LeadStore
from bot.outbox import Backoff, OutboxStore, Sender
from bot.reminders import DueReminders
from bot.settings import Settings
from bot.staff import STAFF_COMMANDS
from bot.state_store import StateStore
from bot.transactions import Transactions
from bot.turns import Turns
from bot.update_processor import ChatOrderedProcessor
from conversations.engine import Context
from conversations.topics import FLOWS

BotApplication = Application[Any, Any, Any, Any, Any, Any]
REMINDER_SCAN_SECONDS = 60
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def database_url(settings: Settings) -> str:
    return settings.database_url or default_database_url(settings.data_dir)


@dataclass
class Services:
    """What the handlers and jobs need besides Telegram, built once per process."""

    engine: AsyncEngine
    transactions: Transactions
    store: StateStore
    outbox: OutboxStore
    sender: Sender
    turns: Turns
    flood: FloodGuard
    leads: LeadStore
    due_reminders: DueReminders


def build_services(
    settings: Settings,
    engine: AsyncEngine | None = None,
    *,
    context: Callable[[dt.date], Context] | None = None,
) -> Services:
    engine = engine or create_engine(database_url(settings), timeout=settings.database_timeout_seconds)
    transactions = Transactions(engine, group_window=settings.group_commit_ms / 1000)
    store = StateStore(transactions)
    kantoor = settings.kantoor()

    def telegram_context(vandaag: dt.date) -> Context:
        return Context(vandaag=vandaag, flows=FLOWS, kantoor=kantoor, kanaal="telegram")

    outbox = OutboxStore(transactions, lease=dt.timedelta(seconds=settings.outbox_lease_seconds))
    sender = Sender(
        outbox,
        backoff=Backoff(
            dt.timedelta(seconds=settings.send_retry_base_seconds),
            dt.timedelta(seconds=settings.send_retry_max_seconds),
        ),
        staff_chat_id=settings.leads_chat_id,
    )
    return Services(
        engine=engine,
        transactions=transactions,
        store=store,
        outbox=outbox,
        sender=sender,
        turns=Turns(store, context or telegram_context, settings.idle_timeout, outbox=outbox),
        flood=FloodGuard(settings.flood_max_messages, settings.flood_window_seconds),
        leads=LeadStore(engine),
        due_reminders=DueReminders(transactions, outbox),
    )


class AdviesbotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """python-telegram-bot's Application, with the outbox's sender living as long as the bot does: it starts
    sending once the bot is initialized and gets its grace period before the bot shuts down."""

    def __init__(self, *, sender: Sender, stop_grace: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sender = sender
        self.stop_grace = stop_grace
        """At a stop, the calls still queued get this long before they are left to the next process."""

    async def initialize(self) -> None:
        await super().initialize()
        self.sender.start(self.bot)

    async def shutdown(self) -> None:
        if self.running:
            raise RuntimeError("This Application is still running!")
        await self.sender.stop(self.stop_grace)
        await super().shutdown()


def processing(application: BotApplication) -> Callable[[Update], Awaitable[None]]:
    """How the webhook (and a test or benchmark) hands over one update: through the Application's processor,
    so updates of one chat are handled in arrival order and different chats at the same time."""

    async def process(update: Update) -> None:
        await application.update_processor.process_update(update, application.process_update(update))

    return process


async def register_commands(application: BotApplication) -> None:
    """The command menu Telegram shows next to the text field."""
    await application.bot.set_my_commands([BotCommand(name, description) for name, description in COMMANDS.items()])


def build_application(
    settings: Settings,
    services: Services,
    *,
    request: BaseRequest | None = None,
    polling: bool = True,
    rate_limit: bool = True,
) -> BotApplication:
    assert settings.telegram_bot_token is not None
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        Application.builder()
        .application_class(
            AdviesbotApplication, kwargs={"sender": services.sender, "stop_grace": settings.stop_grace_seconds}
        )
        .token(settings.telegram_bot_token.get_secret_value())
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.removesuffix("/bot") + "/file/bot")
    )
    if rate_limit:
        # Throttling only: a RetryAfter goes back to the outbox, which waits it out for every chat itself.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=0))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        timeout = settings.telegram_timeout_seconds
        builder = builder.connect_timeout(timeout).read_timeout(timeout).write_timeout(timeout).pool_timeout(timeout)
    if not polling:
        builder = builder.updater(None)

    application = builder.build()
    register_handlers(application, settings, services)
    return application


class _OwnPrivateChat(filters.MessageFilter):
    """A private chat with the sender themselves: its id is theirs. A forged update that names someone
    else's chat does not pass."""

    def filter(self, message: Message) -> bool:
        return (
            message.chat.type == "private" and message.from_user is not None and message.chat.id == message.from_user.id
        )


def staff_filter(settings: Settings) -> filters.BaseFilter:
    """ADMIN_USER_IDS, in their own private chat with the bot or in LEADS_CHAT_ID; nowhere else."""
    where: filters.BaseFilter = _OwnPrivateChat()
    if settings.leads_chat_id is not None:
        where = where | filters.Chat(chat_id=settings.leads_chat_id)
    # An empty ADMIN_USER_IDS gives a filter that matches nobody (allow_empty=False).
    return filters.User(user_id=settings.admin_user_ids) & where


def register_handlers(application: BotApplication, settings: Settings, services: Services) -> TelegramHandlers:
    """Every handler of the bot. Order decides: the flood guard sees every update first (group -1); staff
    commands only match for staff in their places, so anywhere else they fall through to the unknown-command
    answer (in a private chat) or to nothing (in a group), like any command that does not exist."""
    handlers = TelegramHandlers(
        settings=settings,
        turns=services.turns,
        flood=services.flood,
        sender=services.sender,
        outbox=services.outbox,
        leads=services.leads,
        transactions=services.transactions,
    )
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.flood_guard), group=-1)

    staff = staff_filter(settings)
    staff_callbacks = {
        "leads": handlers.on_leads,
        "lead": handlers.on_lead,
        "status": handlers.on_status,
        "export": handlers.on_export,
        "stats": handlers.on_stats,
    }
    assert set(staff_callbacks) == set(STAFF_COMMANDS)
    for name, callback in staff_callbacks.items():
        application.add_handler(CommandHandler(name, callback, filters=staff))

    application.add_handler(CommandHandler("privacy", handlers.on_privacy, filters=private))
    # /vergeet and "verwijder mijn gegevens" are a flow of the engine (its confirmation, then a GegevensWissen
    # action carried out in the turn's transaction): they reach it as text, like every other conversation.
    application.add_handler(CommandHandler("herinneringen", handlers.on_herinneringen, filters=private))
    application.add_handler(CallbackQueryHandler(handlers.on_herinnering_cancel, pattern=reminders.CANCEL_DATA))

    # Known commands first, then any other command is unknown, then plain text, buttons and the rest.
    application.add_handler(CommandHandler(list(ENGINE_COMMANDS), handlers.on_text, filters=private))
    application.add_handler(MessageHandler(private & filters.COMMAND, handlers.on_unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, handlers.on_text))
    application.add_handler(CallbackQueryHandler(handlers.on_button))
    application.add_handler(MessageHandler(private & ~filters.TEXT, handlers.on_not_text))
    application.add_error_handler(handlers.on_error)
    return handlers


def schedule_jobs(application: BotApplication, settings: Settings, services: Services) -> None:
    """The repeating jobs of `adviesbot run`; each scans the database, so nothing waits on this process having
    been up: the outbox scan (take over what nobody delivers, renew leases), due reminders, the daily
    retention job, and forgetting idle users in the flood guard."""
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    jobs = application.job_queue
    sender = services.sender

    async def scan_outbox(_: ContextTypes.DEFAULT_TYPE) -> None:
        await sender.scan()

    async def queue_reminders(_: ContextTypes.DEFAULT_TYPE) -> None:
        sender.submit(await services.due_reminders.queue_due())

    async def forget_idle(_: ContextTypes.DEFAULT_TYPE) -> None:
        services.flood.forget_idle()

    jobs.run_repeating(scan_outbox, interval=settings.outbox_scan_seconds, first=0.5, name="outbox")
    jobs.run_repeating(queue_reminders, interval=REMINDER_SCAN_SECONDS, first=2, name="herinneringen")
    jobs.run_repeating(forget_idle, interval=settings.flood_window_seconds, name="flood")
    retention.schedule(jobs, services.leads, services.store, settings.lead_retention_days)
