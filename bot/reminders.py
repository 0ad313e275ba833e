"""Opt-in reminders: a job that sends what is due, and /herinneringen to list and cancel them.

Reminders live in the `reminder` table (stored by the turn that agreed to them, bot/leads.py), so a restart
loses none: the job scans the table every minute and sends each reminder whose `due_at` (09:00
Europe/Amsterdam on its day) has passed, with the same lease as the lead outbox (bot/outbox.py), and deletes
it once Telegram accepted it. The same at-least-once guarantee holds: a crash between Telegram accepting the
message and the delete re-sends that one reminder after the lease. A user who blocked the bot (Forbidden) or
a chat that no longer exists (BadRequest) cannot receive it ever: that reminder is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.database import writer
from bot.flood import FloodGuard
from bot.leads import LeadStore
from bot.models import Reminder
from bot.outbox import BASE_DELAY, LEASE, MAX_DELAY, Claim, claim_next, release_failed, retry_delay, utcnow
from bot.privacy import allowed

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60
BATCH = 50
CANCEL_PREFIX = "herinnering:schrap:"
FOOTER = "\n\n(U vroeg mij om deze herinnering. /herinneringen toont de rest.)"
GEEN = "U heeft geen herinneringen staan. Na een berekening kan ik u aan een termijn herinneren."


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    dropped: int = 0


class ReminderSender:
    def __init__(
        self, engine: AsyncEngine, *, clock: Callable[[], dt.datetime] = utcnow, lease: dt.timedelta = LEASE
    ) -> None:
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)
        self.clock = clock
        self._lease = lease

    async def _claim(self) -> tuple[Claim, int, str] | None:
        now = self.clock()
        async with self._write() as session, session.begin():
            claim = await claim_next(session, Reminder, now, self._lease, Reminder.due_at <= now)
            if claim is None:
                return None
            reminder = await session.get(Reminder, claim.row_id)
            assert reminder is not None
            return claim, reminder.chat_id, reminder.tekst

    async def send_due(self, bot: Bot, limit: int = BATCH) -> Report:
        report = Report()
        for _ in range(limit):
            claimed = await self._claim()
            if claimed is None:
                break
            claim, chat_id, tekst = claimed
            try:
                await bot.send_message(chat_id=chat_id, text=tekst + FOOTER)
            except (Forbidden, BadRequest) as error:
                log.info("herinnering %s kan niet worden bezorgd (%s); vervalt", claim.row_id, type(error).__name__)
                await self._delete(claim)
                report.dropped += 1
                continue
            except TelegramError as error:
                now = self.clock()
                delay = retry_delay(error, claim.attempts + 1, BASE_DELAY, MAX_DELAY)
                log.warning("herinnering %s mislukt (%s); opnieuw over %s", claim.row_id, type(error).__name__, delay)
                async with self._write() as session, session.begin():
                    await release_failed(session, Reminder, claim, now, delay)
                report.failed += 1
                break
            await self._delete(claim)
            report.sent += 1
        return report

    async def _delete(self, claim: Claim) -> None:
        async with self._write() as session, session.begin():
            await session.execute(delete(Reminder).where(Reminder.id == claim.row_id))


def schedule(application: Application[Any, Any, Any, Any, Any, Any], engine: AsyncEngine) -> ReminderSender:
    """The repeating job of `adviesbot run`; the first run comes right after start-up, so nothing due waits."""
    sender = ReminderSender(engine)

    async def job(context: ContextTypes.DEFAULT_TYPE) -> None:
        await sender.send_due(context.bot)

    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(job, interval=INTERVAL_SECONDS, first=2, name="herinneringen")
    return sender


def _datum(reminder: Reminder) -> str:
    return reminder.datum.strftime("%d-%m-%Y")


def overview(reminders: list[Reminder]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not reminders:
        return GEEN, None
    regels = ["Uw herinneringen:"]
    knoppen = []
    for reminder in reminders:
        regels.append(f"• {_datum(reminder)}: {reminder.tekst}")
        knoppen.append(
            [InlineKeyboardButton(f"Schrap {_datum(reminder)}", callback_data=f"{CANCEL_PREFIX}{reminder.id}")]
        )
    regels.append("Met de knoppen schrapt u een herinnering.")
    return "\n".join(regels), InlineKeyboardMarkup(knoppen)


class ReminderHandlers:
    def __init__(self, store: LeadStore, flood: FloodGuard) -> None:
        self.store = store
        self.flood = flood

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.add_handler(CommandHandler("herinneringen", self.on_list, filters=filters.ChatType.PRIVATE))
        application.add_handler(CallbackQueryHandler(self.on_cancel, pattern=rf"^{CANCEL_PREFIX}\d+$"))

    async def on_list(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not await allowed(self.flood, update, context):
            return
        tekst, knoppen = overview(await self.store.reminders_of(user.id))
        await message.reply_text(tekst, reply_markup=knoppen)

    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or query.data is None or user is None:
            return
        await query.answer()
        reminder_id = int(query.data.removeprefix(CANCEL_PREFIX))
        # Only the user's own reminder: the id in the button is not a capability.
        cancelled = await self.store.cancel_reminder(user.id, reminder_id)
        gedaan = (
            f"Herinnering van {_datum(cancelled)} geschrapt." if cancelled else "Die herinnering staat er niet meer."
        )
        tekst, knoppen = overview(await self.store.reminders_of(user.id))
        try:
            await query.edit_message_text(f"{gedaan}\n\n{tekst}", reply_markup=knoppen)
        except TelegramError:
            if update.effective_chat is not None:
                await context.bot.send_message(update.effective_chat.id, gedaan)
