"""Staff commands for the user ids in ADMIN_USER_IDS: /leads, /lead <nr>, /status <nr> <status>, /export, /stats.

They are registered with `filters.User(user_id=ADMIN_USER_IDS)` before the generic handlers, so for anyone
else they do not match and fall through to the unknown-command handler: a non-admin cannot tell them from a
command that does not exist. They answer in a private chat and in the staff chat (LEADS_CHAT_ID).

`register_shell_handlers` wires this module, /privacy and /vergeet (bot/privacy.py) and /herinneringen
(bot/reminders.py) into an Application; bot/app.py calls it before registering the conversation handlers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from bot.flood import FloodGuard
from bot.leads import AMSTERDAM, LeadStore, csv_export, lead_text, leads_list_text, stats_text
from bot.models import LEAD_STATUSES
from bot.privacy import PrivacyHandlers
from bot.reminders import ReminderHandlers
from bot.settings import Settings

STAFF_COMMANDS = ("leads", "lead", "status", "export", "stats")
RECENT = 20
STATUS_GEBRUIK = "Gebruik: /status <nr> <status>, met status een van: " + ", ".join(LEAD_STATUSES) + "."


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_status(words: list[str]) -> str | None:
    """'in behandeling', 'in_behandeling', 'In-Behandeling' → 'in behandeling'; None when unknown."""
    text = " ".join(words).strip().lower().replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    return text if text in LEAD_STATUSES else None


def _number(text: str) -> int | None:
    text = text.removeprefix("#")
    return int(text) if text.isdigit() else None


class StaffCommands:
    def __init__(self, store: LeadStore, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.store = store
        self.clock = clock

    def register(self, application: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
        where: filters.BaseFilter = filters.ChatType.PRIVATE
        if settings.leads_chat_id is not None:
            where = where | filters.Chat(chat_id=settings.leads_chat_id)
        # An empty ADMIN_USER_IDS gives a filter that matches nobody (allow_empty=False).
        staff = filters.User(user_id=settings.admin_user_ids) & where
        for name, callback in (
            ("leads", self.on_leads),
            ("lead", self.on_lead),
            ("status", self.on_status),
            ("export", self.on_export),
            ("stats", self.on_stats),
        ):
            application.add_handler(CommandHandler(name, callback, filters=staff))

    async def on_leads(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(leads_list_text(await self.store.recent(RECENT)))

    async def on_lead(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        nr = _number(context.args[0]) if context.args else None
        if nr is None:
            await message.reply_text("Gebruik: /lead <nr>, bijvoorbeeld /lead 12.")
            return
        lead = await self.store.get(nr)
        await message.reply_text(
            lead_text(lead, f"Aanvraag #{lead.id}") if lead else f"Aanvraag #{nr} bestaat niet (meer)."
        )

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        args = context.args or []
        nr = _number(args[0]) if args else None
        status = parse_status(args[1:]) if len(args) > 1 else None
        if nr is None or status is None:
            await message.reply_text(STATUS_GEBRUIK)
            return
        lead = await self.store.set_status(nr, status)
        await message.reply_text(
            f"Aanvraag #{nr} ({lead.naam}) staat nu op '{status}'." if lead else f"Aanvraag #{nr} bestaat niet (meer)."
        )

    async def on_export(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        leads = await self.store.all()
        dag = self.clock().astimezone(AMSTERDAM).date().isoformat()
        document = InputFile(csv_export(leads).encode("utf-8"), filename=f"aanvragen-{dag}.csv")
        await message.reply_document(document, caption=f"{len(leads)} aanvragen (CSV, UTF-8).")

    async def on_stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await update.effective_message.reply_text(stats_text(await self.store.stats()))


def register_shell_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    engine: AsyncEngine,
    flood: FloodGuard,
) -> None:
    """Staff commands, /privacy, /vergeet and /herinneringen; call BEFORE the conversation handlers, whose
    unknown-command handler would otherwise answer these commands first."""
    store = LeadStore(engine)
    StaffCommands(store).register(application, settings)
    PrivacyHandlers(store, settings, flood).register(application)
    ReminderHandlers(store, flood).register(application)
