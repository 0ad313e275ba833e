"""The `adviesbot` command line: one sub-command per job, each a thin call into the packages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _not_built_yet(what: str) -> int:
    print(f"{what} is nog niet gebouwd in deze versie.", file=sys.stderr)
    return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="adviesbot",
        description="Fiscale adviesbot: berekeningen, terminal-chat en de Telegram-bot.",
    )
    commands = parser.add_subparsers(dest="command", metavar="<command>", required=True)
    commands.add_parser("chat", help="praat met de bot in de terminal (geen token nodig)")
    commands.add_parser("run", help="start de Telegram-bot (polling, of webhook als WEBHOOK_URL is gezet)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "chat":
        return _not_built_yet("De terminal-chat")
    return _not_built_yet("De Telegram-bot")
