"""`adviesbot chat`: the same conversations in a terminal, buttons shown as numbered options.

It runs every turn through the same turn runner and database as the Telegram bot (the embedded SQLite file by
default), so a lead left here is stored, announced to the staff chat by `adviesbot run`, and listed by
`adviesbot leads list`. Works the same on a pipe: one input line per turn, exit 0 at end of input.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from typing import TextIO

from bot import privacy, reminders
from bot.app import build_services, database_url
from bot.database import dispose_engine, upgrade_database_async
from bot.settings import Settings
from conversations.engine import Context
from conversations.replies import Bericht, zonder_opmaak
from conversations.topics import FLOWS

# The terminal is one local user; Telegram ids are never 0, so it cannot collide with a real chat.
TERMINAL_ID = 0
TERMINAL_USERNAME = "terminal"
TERMINAL_CHANNEL = "terminal"


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _toon(berichten: list[Bericht], out: TextIO) -> dict[str, str]:
    """Print the replies; return what each option key means (button data) for the last message with buttons.

    Options are numbered, except where the question is answered by typing (an amount, a date): there a typed
    number is the answer, so the options get letters.
    """
    knoppen: dict[str, str] = {}
    for bericht in berichten:
        print(f"\n{zonder_opmaak(bericht.tekst)}", file=out)
        if bericht.knoppen:
            sleutels = LETTERS if bericht.open else [str(n) for n in range(1, len(bericht.knoppen) + 1)]
            opties = "   ".join(f"[{s}] {k.label}" for s, k in zip(sleutels, bericht.knoppen, strict=False))
            print(opties, file=out)
            knoppen = {s: k.data for s, k in zip(sleutels, bericht.knoppen, strict=False)}
    return knoppen


async def _chat(stdin: TextIO, out: TextIO, settings: Settings, vandaag: dt.date | None) -> int:
    url = database_url(settings)
    await upgrade_database_async(url)
    kantoor = settings.kantoor()

    def context(dag: dt.date) -> Context:
        # No reminder is offered here: the terminal cannot deliver a message next month.
        return Context(
            vandaag=vandaag or dag,
            flows=FLOWS,
            kantoor=kantoor,
            herinneringen=False,
            kanaal=TERMINAL_CHANNEL,
        )

    services = build_services(settings, context=context)
    interactive = stdin.isatty()

    async def turn(text: str, button: bool = False) -> dict[str, str]:
        # /privacy and /herinneringen read the store: the shell answers them, the same way as in Telegram.
        opdracht = text.strip().lower()
        if opdracht == "/privacy":
            return _toon(
                await privacy.privacy_for(
                    services.leads,
                    TERMINAL_ID,
                    firm_name=settings.firm_name,
                    privacy_url=settings.firm_privacy_url,
                    retention_days=settings.lead_retention_days,
                ),
                out,
            )
        if opdracht == "/herinneringen":
            return _toon(await reminders.herinneringen_for(services.leads, TERMINAL_ID), out)
        if button and reminders.CANCEL_DATA.fullmatch(text):
            return _toon(await reminders.cancel_for(services.leads, TERMINAL_ID, text), out)
        result = await services.turns.handle(
            update_id=None,
            chat_id=TERMINAL_ID,
            user_id=TERMINAL_ID,
            text=text,
            button=button,
            username=TERMINAL_USERNAME,
            channel=TERMINAL_CHANNEL,
        )
        return _toon(result.replies, out)

    try:
        knoppen = await turn("/start")
        while True:
            if interactive:
                print("\nu> ", end="", file=out, flush=True)
            regel = await asyncio.to_thread(stdin.readline)
            if not regel:
                return 0
            tekst = regel.rstrip("\n")
            if not interactive:
                print(f"\nu> {tekst}", file=out)
            sleutel = tekst.strip().strip("[]").lower()
            if sleutel in knoppen:
                knoppen = await turn(knoppen[sleutel], button=True)
            else:
                knoppen = await turn(tekst)
    finally:
        await dispose_engine(services.engine)


def run_chat(
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    *,
    settings: Settings | None = None,
    vandaag: dt.date | None = None,
) -> int:
    return asyncio.run(_chat(stdin, out, settings or Settings(), vandaag))
