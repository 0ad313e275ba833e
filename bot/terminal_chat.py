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

from bot.app import build_services, database_url
from bot.database import dispose_engine, upgrade_database_async
from bot.settings import Settings
from conversations.engine import Context
from conversations.replies import Bericht, zonder_opmaak
from conversations.topics import FLOWS

# The terminal is one local user; Telegram ids are never 0, so it cannot collide with a real chat.
TERMINAL_ID = 0
TERMINAL_USERNAME = "terminal"


def _toon(berichten: list[Bericht], out: TextIO) -> list[str]:
    """Print the replies; return the button data of the last message that has buttons."""
    knoppen: list[str] = []
    for bericht in berichten:
        print(f"\n{zonder_opmaak(bericht.tekst)}", file=out)
        if bericht.knoppen:
            opties = "   ".join(f"[{n}] {k.label}" for n, k in enumerate(bericht.knoppen, start=1))
            print(opties, file=out)
            knoppen = [k.data for k in bericht.knoppen]
    return knoppen


async def _chat(stdin: TextIO, out: TextIO, settings: Settings, vandaag: dt.date | None) -> int:
    url = database_url(settings)
    await upgrade_database_async(url)
    kantoor = settings.kantoor()

    def context(dag: dt.date) -> Context:
        # No reminder is offered here: the terminal cannot deliver a message next month.
        return Context(vandaag=vandaag or dag, flows=FLOWS, kantoor=kantoor, herinneringen=False)

    services = build_services(settings, context=context)
    interactive = stdin.isatty()

    async def turn(text: str, button: bool = False) -> list[str]:
        result = await services.turns.handle(
            update_id=None,
            chat_id=TERMINAL_ID,
            user_id=TERMINAL_ID,
            text=text,
            button=button,
            username=TERMINAL_USERNAME,
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
            nummer = tekst.strip()
            if nummer.isdigit() and 1 <= int(nummer) <= len(knoppen):
                knoppen = await turn(knoppen[int(nummer) - 1], button=True)
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
