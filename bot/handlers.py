"""Telegram in, engine turn, Telegram out. Nothing else happens here: the logic lives in the core."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.flood import FloodGuard, Verdict
from bot.turns import Turns
from conversations.replies import Bericht, splits, zonder_opmaak

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
ENGINE_COMMANDS = ("start", "onderwerpen", "help", "stop", "contact")
FLOOD_NOTICE = "U stuurt veel berichten kort na elkaar. Ik lees even niet mee; probeer het over een minuut opnieuw."
NOT_TEXT = "Ik kan alleen tekst lezen. Typ uw antwoord of kies een van de knoppen."
UNKNOWN_COMMAND = "Die opdracht ken ik niet. Typ /help voor wat ik wel kan."
SOMETHING_WENT_WRONG = (
    "Er ging aan onze kant iets mis. Uw antwoorden tot nu toe zijn bewaard: stuur uw laatste antwoord "
    "nog eens, of typ /start om opnieuw te beginnen."
)
BUTTONS_PER_ROW = 2
SHORT_LABEL = 18


def _keyboard(bericht: Bericht) -> InlineKeyboardMarkup | None:
    if not bericht.knoppen:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for knop in bericht.knoppen:
        button = InlineKeyboardButton(knop.label, callback_data=knop.data)
        # Short labels share a row; long ones get their own so Telegram does not cut them off.
        if (
            rows
            and len(rows[-1]) < BUTTONS_PER_ROW
            and len(knop.label) <= SHORT_LABEL
            and all(len(b.text) <= SHORT_LABEL for b in rows[-1])
        ):
            rows[-1].append(button)
        else:
            rows.append([button])
    return InlineKeyboardMarkup(rows)


async def send_replies(
    application: Application[Any, Any, Any, Any, Any, Any], chat_id: int, replies: list[Bericht]
) -> None:
    for bericht in replies:
        delen = splits(zonder_opmaak(bericht.tekst))
        for index, deel in enumerate(delen):
            markup = _keyboard(bericht) if index == len(delen) - 1 else None
            await application.bot.send_message(chat_id=chat_id, text=deel, reply_markup=markup)


class Handlers:
    """The handlers of one Application, sharing the turn runner and the flood guard."""

    def __init__(self, turns: Turns, flood: FloodGuard) -> None:
        self.turns = turns
        self.flood = flood

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        private = filters.ChatType.PRIVATE
        # Order matters: known commands first, then any other command is unknown, then plain text.
        application.add_handler(CommandHandler(list(ENGINE_COMMANDS), self.on_text, filters=private))
        application.add_handler(MessageHandler(private & filters.COMMAND, self.on_unknown_command))
        application.add_handler(MessageHandler(private & filters.TEXT, self.on_text))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(private & ~filters.TEXT, self.on_not_text))
        application.add_error_handler(self.on_error)

    async def _allowed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        user = update.effective_user
        if user is None or update.effective_chat is None:
            return False
        verdict = self.flood.check(user.id)
        if verdict is Verdict.NOTIFY:
            await context.bot.send_message(update.effective_chat.id, FLOOD_NOTICE)
        return verdict is Verdict.ALLOW

    async def _turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, *, button: bool) -> None:
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        turn = await self.turns.handle(
            update_id=update.update_id,
            chat_id=chat.id,
            user_id=user.id,
            text=text,
            button=button,
            username=user.username,
        )
        if turn.duplicate:
            log.info("update %s was handled before; not replying twice", update.update_id)
            return
        try:
            await send_replies(context.application, chat.id, turn.replies)
        except TelegramError:
            # The user never saw this turn's answer: put the state back so resending the answer works.
            await self.turns.undo(chat.id, user.id, turn)
            raise

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None or not await self._allowed(update, context):
            return
        await self._turn(update, context, message.text, button=False)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.data is None:
            return
        try:
            await query.answer()
        except BadRequest as error:
            # A redelivered press is past Telegram's answer window; the turn itself is still deduplicated.
            log.info("could not answer callback query of update %s: %s", update.update_id, error.message)
        if not await self._allowed(update, context):
            return
        if isinstance(query.message, Message) and query.message.chat.type == ChatType.PRIVATE:
            await _show_choice(query.message, query.data)
        await self._turn(update, context, query.data, button=True)

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None and await self._allowed(update, context):
            await update.effective_message.reply_text(UNKNOWN_COMMAND)

    async def on_not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None and await self._allowed(update, context):
            await update.effective_message.reply_text(NOT_TEXT)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        # The message text is personal data: log the update id and the error, never what the user typed.
        log.error("update %s failed: %s", update_id, type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, SOMETHING_WENT_WRONG)
            except TelegramError:
                log.warning("could not tell chat about the failed update %s", update_id)


async def _show_choice(message: Message, data: str) -> None:
    """Edit the question to show the chosen answer, so the chat reads as a clean transcript."""
    label = next(
        (
            b.text
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            for b in row
            if b.callback_data == data
        ),
        None,
    )
    if label is None or not message.text:
        return
    try:
        await message.edit_text(f"{message.text}\n→ {label}", reply_markup=None)
    except BadRequest as error:
        # An old message may no longer be editable; the answer still counts.
        log.info("could not edit message %s: %s", message.message_id, error.message)
