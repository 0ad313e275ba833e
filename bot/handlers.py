"""Telegram in, a channel-independent function, Telegram out: every python-telegram-bot callback of the bot.

Nothing here decides anything. A conversation update becomes one turn (bot/turns.py) whose replies are
stored with it and handed to the outbox's sender; /privacy, /vergeet, /herinneringen and the staff commands
call their functions in bot/privacy.py, bot/reminders.py and bot/staff.py and send what those return. Which
callback answers which update, and who may use the staff commands where, is wired in bot/app.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence

from telegram import InputFile, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import privacy, reminders, staff
from bot.calls import Call
from bot.clock import utcnow
from bot.flood import FloodGuard, Verdict
from bot.lead_storage import LeadStore
from bot.outbox import OutboxStore, Sender, ephemeral
from bot.settings import Settings
from bot.telegram_render import choice_edit, reply_calls
from bot.transactions import Transactions
from bot.turns import Turns
from conversations.replies import Bericht

log = logging.getLogger(__name__)

COMMANDS = {
    "start": "Kies een onderwerp",
    "onderwerpen": "Alle onderwerpen",
    "help": "Hoe werkt de bot?",
    "stop": "Stop met het huidige onderwerp",
    "contact": "Praat met een adviseur",
    "privacy": "Wat bewaren we over u?",
    "herinneringen": "Uw herinneringen bekijken of schrappen",
    "vergeet": "Wis al uw gegevens",
}
ENGINE_COMMANDS = ("start", "onderwerpen", "help", "stop", "contact", "vergeet")
FLOOD_NOTICE = "U stuurt veel berichten kort na elkaar. Ik lees even niet mee; probeer het over een minuut opnieuw."
NOT_TEXT = "Ik kan alleen tekst lezen. Typ uw antwoord of kies een van de knoppen."
UNKNOWN_COMMAND = "Die opdracht ken ik niet. Typ /help voor wat ik wel kan."
SOMETHING_WENT_WRONG = (
    "Er ging aan onze kant iets mis. Uw antwoorden tot nu toe zijn bewaard: stuur uw laatste antwoord "
    "nog eens, of typ /start om opnieuw te beginnen."
)
# Telegram's deep-link payload: 1-64 of A-Z a-z 0-9 _ -. A campaign link is `c_<campagne>`.
_START = re.compile(r"^/start(?:@\w+)?\s+(\S+)\s*$", re.IGNORECASE)
_CAMPAIGN = re.compile(r"c_[A-Za-z0-9_-]+")


def deep_link(text: str) -> str:
    """`/start c_` (an empty or malformed campaign code) is plain `/start`: it must not open a topic."""
    match = _START.match(text)
    if match and match.group(1).lower().startswith("c_") and not _CAMPAIGN.fullmatch(match.group(1)):
        return "/start"
    return text


class TelegramHandlers:
    """The callbacks of one Application, sharing the turn runner, the stores and the outbox's sender."""

    def __init__(
        self,
        *,
        settings: Settings,
        turns: Turns,
        flood: FloodGuard,
        sender: Sender,
        outbox: OutboxStore,
        leads: LeadStore,
        transactions: Transactions,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.turns = turns
        self.flood = flood
        self.sender = sender
        self.outbox = outbox
        self.leads = leads
        self.transactions = transactions
        self.clock = clock

    def say(self, chat_id: int, berichten: Sequence[Bericht]) -> None:
        """Answer outside a turn: in order behind the chat's stored replies, with retries, but not stored."""
        self.sender.submit(ephemeral(reply_calls(chat_id, berichten)))

    # Every update first (group -1) ---------------------------------------------------------------------------
    async def flood_guard(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One check for messages and buttons alike: past the limit one notice, then silence for a while."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None:
            return
        verdict = self.flood.check(user.id)
        if verdict is Verdict.ALLOW:
            return
        if verdict is Verdict.NOTIFY:
            self.say(chat.id, [Bericht(FLOOD_NOTICE)])
        if update.callback_query is not None:
            # Stop the button's spinner; nothing else happens.
            try:
                await update.callback_query.answer()
            except TelegramError as error:
                log.info("could not answer callback query of update %s: %s", update.update_id, type(error).__name__)
        raise ApplicationHandlerStop

    # Conversations --------------------------------------------------------------------------------------------
    async def _turn(self, update: Update, text: str, *, button: bool, prelude: Sequence[Call] = ()) -> None:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        turn = await self.turns.handle(
            update_id=update.update_id,
            chat_id=chat.id,
            user_id=user.id,
            text=text,
            button=button,
            username=user.username,
            render=lambda replies: [*prelude, *reply_calls(chat.id, replies)],
        )
        if turn.duplicate:
            log.info("update %s was handled before; sending only what is still pending", update.update_id)
            await self.sender.nudge(chat.id)
            return
        self.sender.submit(turn.deliveries)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        await self._turn(update, deep_link(message.text), button=False)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.data is None:
            return
        try:
            await query.answer()
        except TelegramError as error:
            # A redelivered press is past Telegram's answer window; the turn itself is still deduplicated.
            log.info("could not answer callback query of update %s: %s", update.update_id, type(error).__name__)
        edit = None
        if isinstance(query.message, Message) and query.message.chat.type == ChatType.PRIVATE:
            edit = choice_edit(query.message, query.data)
        await self._turn(update, query.data, button=True, prelude=[edit] if edit else [])

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            self.say(update.effective_chat.id, [Bericht(UNKNOWN_COMMAND)])

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            self.say(update.effective_chat.id, [Bericht(NOT_TEXT)])

    # Privacy --------------------------------------------------------------------------------------------------
    async def on_privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return
        berichten = await privacy.privacy_for(
            self.leads,
            user.id,
            firm_name=self.settings.firm_name,
            privacy_url=self.settings.firm_privacy_url,
            retention_days=self.settings.lead_retention_days,
        )
        self.say(chat.id, berichten)

    # Reminders ------------------------------------------------------------------------------------------------
    async def on_herinneringen(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is not None and user is not None:
            self.say(chat.id, await reminders.herinneringen_for(self.leads, user.id))

    async def on_herinnering_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user, chat = update.callback_query, update.effective_user, update.effective_chat
        if query is None or query.data is None or user is None or chat is None:
            return
        try:
            await query.answer()
        except TelegramError as error:
            log.info("could not answer callback query of update %s: %s", update.update_id, type(error).__name__)
        self.say(chat.id, await reminders.cancel_for(self.leads, user.id, query.data))

    # Staff ----------------------------------------------------------------------------------------------------
    async def on_leads(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            self.say(update.effective_chat.id, await staff.leads(self.leads))

    async def on_lead(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            self.say(update.effective_chat.id, await staff.lead(self.leads, context.args or []))

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None and update.effective_user is not None:
            door = f"telegram:{update.effective_user.id}"
            berichten = await staff.status(self.leads, context.args or [], door=door, now=self.clock())
            self.say(update.effective_chat.id, berichten)

    async def on_stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None:
            self.say(update.effective_chat.id, await staff.stats(self.leads))

    async def on_export(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        export = await staff.export(self.leads, self.clock())
        await message.reply_document(InputFile(export.content, filename=export.filename), caption=export.caption)

    # Errors ---------------------------------------------------------------------------------------------------
    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        # The message text is personal data: log the update id and the error, never what the user typed. The
        # database's errors carry no parameters either (hide_parameters, bot/database.py).
        log.error("update %s failed: %s", update_id, type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            self.say(update.effective_chat.id, [Bericht(SOMETHING_WENT_WRONG)])
