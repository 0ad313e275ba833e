"""/privacy: what the bot stores about this user, read from the database. /vergeet (or the typed request
"verwijder mijn gegevens"): after a confirmation button, delete the user's leads, reminders and conversation
state, cut the user link of their funnel events (the anonymous counts stay), and take the staff-chat
announcements of their leads back where Telegram still allows it."""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.flood import FloodGuard, Verdict
from bot.handlers import FLOOD_NOTICE
from bot.leads import LeadStore, UserData
from bot.settings import Settings

log = logging.getLogger(__name__)

VERGEET_TYPED = re.compile(r"^\s*verwijder\s+(?:al\s+)?mijn\s+gegevens\s*[.!]*\s*$", re.IGNORECASE)
CONFIRM_YES = "vergeet:ja"
CONFIRM_NO = "vergeet:nee"
VRAAG = (
    "Wilt u dat ik alles wis wat ik over u bewaar: uw aanvragen voor een adviseur, uw herinneringen en uw "
    "lopende gesprek? Dit kan niet ongedaan worden gemaakt."
)
NIETS_GEWIST = "Prima, er is niets gewist."


async def allowed(flood: FloodGuard, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The same flood guard as the conversation handlers (bot/handlers.py)."""
    user = update.effective_user
    if user is None or update.effective_chat is None:
        return False
    verdict = flood.check(user.id)
    if verdict is Verdict.NOTIFY:
        await context.bot.send_message(update.effective_chat.id, FLOOD_NOTICE)
    return verdict is Verdict.ALLOW


def _meervoud(aantal: int, enkel: str, meer: str) -> str:
    return f"{aantal} {enkel if aantal == 1 else meer}"


def privacy_text(data: UserData, settings: Settings) -> str:
    dagen = settings.lead_retention_days
    regels = ["Wat ik over u bewaar:"]
    if data.empty:
        regels.append("• Op dit moment niets.")
    if data.conversation:
        regels.append(
            "• Uw antwoorden in het lopende gesprek, zodat u verder kunt waar u was. Een gesprek dat een dag stil "
            "is, wordt gesloten."
        )
    if data.leads:
        nummers = ", ".join(f"#{lead.id} ({lead.onderwerp or 'algemeen'}, {lead.status})" for lead in data.leads)
        regels.append(
            f"• {_meervoud(len(data.leads), 'aanvraag', 'aanvragen')} voor een adviseur: {nummers}. Daarin staan "
            "uw naam, hoe we u bereiken, het moment dat u schikt, uw vraag, uw antwoorden en de berekening, uw "
            "Telegram-id en gebruikersnaam en wanneer u toestemming gaf. Een adviseur van "
            f"{settings.firm_name} ziet deze gegevens. We bewaren een aanvraag hoogstens {dagen} dagen."
        )
    if data.reminders:
        data_tekst = ", ".join(r.datum.strftime("%d-%m-%Y") for r in data.reminders)
        regels.append(
            f"• {_meervoud(len(data.reminders), 'herinnering', 'herinneringen')} (op {data_tekst}); "
            "bekijk of schrap ze met /herinneringen."
        )
    if data.events:
        regels.append(
            f"• {_meervoud(data.events, 'stap', 'stappen')} in onze statistiek (een gesprek gestart, een "
            "berekening getoond, een aanvraag gedaan), met uw Telegram-id erbij. Na "
            f"{dagen} dagen of met /vergeet verdwijnt die koppeling en blijft alleen een anonieme telling over."
        )
    regels += [
        "Berichten worden niet gelogd.",
        "Met /vergeet wis ik alles over u.",
        f"Ons privacybeleid: {settings.firm_privacy_url}",
    ]
    return "\n".join(regels)


def gewist_text(leads: int, reminders: int, conversations: int) -> str:
    delen = []
    if leads:
        delen.append(_meervoud(leads, "aanvraag", "aanvragen"))
    if reminders:
        delen.append(_meervoud(reminders, "herinnering", "herinneringen"))
    if conversations:
        delen.append("uw lopende gesprek")
    wat = ", ".join(delen) if delen else "er stond niets meer"
    return (
        f"Gewist: {wat}. Uw stappen in onze statistiek zijn niet meer aan u gekoppeld. "
        "U kunt altijd opnieuw beginnen met /start."
    )


class PrivacyHandlers:
    def __init__(self, store: LeadStore, settings: Settings, flood: FloodGuard) -> None:
        self.store = store
        self.settings = settings
        self.flood = flood

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        private = filters.ChatType.PRIVATE
        application.add_handler(CommandHandler("privacy", self.on_privacy, filters=private))
        application.add_handler(CommandHandler("vergeet", self.on_vergeet, filters=private))
        application.add_handler(MessageHandler(private & filters.Regex(VERGEET_TYPED), self.on_vergeet))
        application.add_handler(CallbackQueryHandler(self.on_confirm, pattern=r"^vergeet:"))

    async def on_privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or not await allowed(self.flood, update, context):
            return
        await message.reply_text(privacy_text(await self.store.about_user(user.id), self.settings))

    async def on_vergeet(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not await allowed(self.flood, update, context):
            return
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Ja, wis alles", callback_data=CONFIRM_YES)],
                [InlineKeyboardButton("Nee, niets wissen", callback_data=CONFIRM_NO)],
            ]
        )
        await message.reply_text(VRAAG, reply_markup=keyboard)

    async def on_confirm(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        await query.answer()
        if query.data != CONFIRM_YES:
            await _edit_or_send(update, context, NIETS_GEWIST)
            return
        forgotten = await self.store.forget_user(user.id)
        for chat_id, message_id in forgotten.announcements:
            try:
                await context.bot.delete_message(chat_id=chat_id, message_id=message_id)
            except TelegramError as error:
                # Bots may delete their own messages for 48 hours only; the lead itself is gone regardless.
                log.info("kon een aankondiging niet uit de medewerkerschat verwijderen: %s", type(error).__name__)
        await _edit_or_send(update, context, gewist_text(forgotten.leads, forgotten.reminders, forgotten.conversations))


async def _edit_or_send(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Replace the question (and its buttons) by the outcome; a new message when it cannot be edited."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=None)
            return
        except TelegramError:
            pass
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
