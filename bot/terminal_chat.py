"""`adviesbot chat`: the same conversations in a terminal, buttons shown as numbered options.

Works the same on a pipe, so a conversation can be scripted: one input line per turn, exit 0 at end of input.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TextIO

from conversations.engine import Context, Kantoor, start, verwerk
from conversations.replies import Bericht
from conversations.topics import FLOWS


def _toon(berichten: list[Bericht], out: TextIO) -> list[str]:
    """Print the replies; return the button data of the last message that has buttons."""
    knoppen: list[str] = []
    for bericht in berichten:
        print(f"\n{bericht.tekst}", file=out)
        if bericht.knoppen:
            opties = "   ".join(f"[{n}] {k.label}" for n, k in enumerate(bericht.knoppen, start=1))
            print(opties, file=out)
            knoppen = [k.data for k in bericht.knoppen]
    return knoppen


def run_chat(
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    *,
    kantoor: Kantoor | None = None,
    vandaag: dt.date | None = None,
) -> int:
    context = Context(vandaag=vandaag or dt.date.today(), flows=FLOWS, kantoor=kantoor or Kantoor())
    interactive = stdin.isatty()
    sessie, berichten = start(context)
    knoppen = _toon(berichten, out)
    while True:
        if interactive:
            print("\nu> ", end="", file=out, flush=True)
        regel = stdin.readline()
        if not regel:
            return 0
        tekst = regel.rstrip("\n")
        if not interactive:
            print(f"\nu> {tekst}", file=out)
        nummer = tekst.strip()
        if nummer.isdigit() and 1 <= int(nummer) <= len(knoppen):
            sessie, berichten = verwerk(sessie, knoppen[int(nummer) - 1], context, knop_data=True)
        else:
            sessie, berichten = verwerk(sessie, tekst, context)
        knoppen = _toon(berichten, out)
