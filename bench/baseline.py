"""Benchmark 2: the same box 3 questions, built the way python-telegram-bot's own examples build a bot.

As in `conversationbot.py` and `persistentconversationbot.py`: a `ConversationHandler` with one state per
question, `MessageHandler(filters.TEXT & ~filters.COMMAND)` in each state, a `CallbackQueryHandler` for the final
button, and `PicklePersistence(filepath, update_interval=60)` with `persistent=True` and a `name`. Answers live
in `context.user_data`. It reuses our parsers, calculator and result text, so the comparison is about the
framework and the storage, not about the conversation's content.

Its state is write-behind: PTB writes the pickle file every `update_interval` seconds and at shutdown, so a
crash (SIGKILL, OOM, power cut) loses up to a minute of every user's answers. Ours writes before it replies.
"""

from __future__ import annotations

import datetime as dt
import pickle
import statistics
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)

from bench.stats import peak_rss_mb, run_figures
from bench.users import (
    FIRST_UPDATE_ID,
    FIRST_USER_ID,
    IN_FLIGHT,
    WARM_UP_UPDATE_ID,
    WARM_UP_USER_ID,
    drive,
    drive_concurrent,
)
from conversations import parsing
from conversations.flows.box3 import FLOW
from conversations.formatting import uitkomst_tekst
from rules import OngeldigeInvoer, bereken
from tests.bot.fake_bot_api import TOKEN, FakeBotApi

PARTNER, SPAARGELD, BELEGGINGEN, SCHULDEN, GROEN, SAMENVATTING = range(6)
VRAGEN = {vraag.id: vraag for vraag in FLOW.vragen}
JA_NEE = InlineKeyboardMarkup(
    [[InlineKeyboardButton("Ja", callback_data="ja"), InlineKeyboardButton("Nee", callback_data="nee")]]
)
BEREKEN = InlineKeyboardMarkup([[InlineKeyboardButton("Bereken", callback_data="bereken")]])


def _vraag(vraag_id: str) -> str:
    return VRAGEN[vraag_id].tekst


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    assert update.message is not None and context.user_data is not None
    context.user_data.clear()
    context.user_data["jaar"] = dt.date.today().year
    await update.message.reply_text(f"{FLOW.intro}\nU kunt altijd /stop typen.")
    await update.message.reply_text(_vraag("fiscale_partner"), reply_markup=JA_NEE)
    return PARTNER


def _ja_nee(answer: str) -> bool | None:
    gelezen = parsing.parse_yes_no(answer)
    return gelezen.value if isinstance(gelezen, parsing.Ok) else None


def _bedrag(answer: str) -> Decimal | None:
    gelezen = parsing.parse_amount(answer)
    return gelezen.value if isinstance(gelezen, parsing.Ok) else None


def _asker(veld: str, parse: Any, volgende_vraag: str | None, volgende_state: int) -> Any:
    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int | None:
        assert update.message is not None and update.message.text is not None and context.user_data is not None
        waarde = parse(update.message.text)
        if waarde is None:
            await update.message.reply_text("Dat begrijp ik niet, probeer het nog eens.")
            return None
        context.user_data[veld] = waarde
        if volgende_vraag is None:
            await update.message.reply_text(_samenvatting(context.user_data), reply_markup=BEREKEN)
        else:
            markup = JA_NEE if VRAGEN[volgende_vraag].soort == "janee" else None
            await update.message.reply_text(_vraag(volgende_vraag), reply_markup=markup)
        return volgende_state

    return handle


def _samenvatting(data: dict[str, Any]) -> str:
    regels = [f"{i}. {VRAGEN[k].samenvatting}: {data[k]}" for i, k in enumerate(VRAGEN, start=1) if k in data]
    return "Klopt dit?\n" + "\n".join(regels) + "\n\nKies 'Bereken'."


async def bereken_knop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None and update.effective_chat is not None
    await query.answer()
    await query.edit_message_text(f"{query.message.text if query.message else ''}\n→ Bereken")  # type: ignore[union-attr]
    data = context.user_data
    invoer = {
        "jaar": data["jaar"],
        "fiscale_partner": data["fiscale_partner"],
        "spaargeld": str(data["spaargeld"]),
        "beleggingen": str(data["beleggingen"]),
        "schulden": str(data["schulden"]),
        "groene_beleggingen": "0",
    }
    try:
        tekst = uitkomst_tekst(bereken("box3", invoer))
    except OngeldigeInvoer as fout:
        tekst = f"Dat kan ik zo niet uitrekenen: {fout}"
    await context.bot.send_message(update.effective_chat.id, tekst)
    return ConversationHandler.END


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    assert update.message is not None
    await update.message.reply_text("Gestopt.")
    return ConversationHandler.END


def build_baseline(network: FakeBotApi, pickle_file: Path) -> Application[Any, Any, Any, Any, Any, Any]:
    application = (
        Application.builder()
        .token(TOKEN)
        .request(network.request())
        .get_updates_request(network.request())
        .updater(None)
        .persistence(PicklePersistence(filepath=pickle_file, update_interval=60))
        .build()
    )
    text = filters.TEXT & ~filters.COMMAND
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start)],
            states={
                PARTNER: [MessageHandler(text, _asker("fiscale_partner", _ja_nee, "spaargeld", SPAARGELD))],
                SPAARGELD: [MessageHandler(text, _asker("spaargeld", _bedrag, "beleggingen", BELEGGINGEN))],
                BELEGGINGEN: [MessageHandler(text, _asker("beleggingen", _bedrag, "schulden", SCHULDEN))],
                SCHULDEN: [MessageHandler(text, _asker("schulden", _bedrag, "heeft_groene_beleggingen", GROEN))],
                GROEN: [MessageHandler(text, _asker("heeft_groene_beleggingen", _ja_nee, None, SAMENVATTING))],
                SAMENVATTING: [CallbackQueryHandler(bereken_knop, pattern="^bereken$")],
            },
            fallbacks=[CommandHandler("stop", stop)],
            name="box3",
            persistent=True,
        )
    )
    return application


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


async def run_baseline(
    users: int, workdir: Path, mode: str = "sequential", rate: float | None = None
) -> dict[str, Any]:
    network = FakeBotApi(record=False)
    pickle_file = workdir / "baseline.pickle"
    application = build_baseline(network, pickle_file)
    async with application:
        await drive(application, network, [WARM_UP_USER_ID], first_update_id=WARM_UP_UPDATE_ID)
        rss_before = peak_rss_mb()
        counts_before = dict(network.counts)
        user_ids = range(FIRST_USER_ID, FIRST_USER_ID + users)
        if mode == "sequential":
            result = await drive(application, network, user_ids, first_update_id=FIRST_UPDATE_ID)
        else:
            # process_update directly, the users at once: its handlers await nothing but the (instant) network.
            result = await drive_concurrent(
                application, network, user_ids, first_update_id=FIRST_UPDATE_ID, in_flight=IN_FLIGHT, rate=rate
            )
        calls = {k: (v - counts_before.get(k, 0)) / users for k, v in network.counts.items()}
        on_disk_before_flush = _size(pickle_file)
        user_bytes = [len(pickle.dumps(application.user_data[u])) for u in range(FIRST_USER_ID, FIRST_USER_ID + users)]
        started = time.perf_counter()
        await application.update_persistence()
        flush_ms = (time.perf_counter() - started) * 1000
    after_flush = _size(pickle_file)
    return {
        **run_figures(result, users, rss_before, calls),
        "pickle_bytes_before_flush": on_disk_before_flush,
        "pickle_bytes_after_flush": after_flush,
        "pickle_bytes_per_conversation": after_flush / users,
        "user_data_pickle_bytes_median": statistics.median(user_bytes),
        "flush_ms": flush_ms,
        "durable_before_reply": False,
        "mode": mode,
        "rate": rate,
    }
