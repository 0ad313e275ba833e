"""The `adviesbot` command line: one sub-command per job, each a thin call into the packages.

Every import of the packages is inside the command that needs it: `adviesbot healthcheck` runs every 30 seconds
in the container and must not pay for the rules, the engine or SQLAlchemy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings

EXIT_ONGELDIGE_INVOER = 2
EXIT_START_MISLUKT = 1
# The topics, for --help; the same list as rules.ONDERWERPEN (a test keeps them equal), without importing rules.
ONDERWERPEN = ("anbi-contributie", "auto-van-de-zaak", "tweede-woning", "kia", "box3", "wbso")


class _DutchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Ongeldige aanroep: {message}.", file=sys.stderr)
        raise SystemExit(EXIT_ONGELDIGE_INVOER)


def _lees_invoer(argument: str) -> dict[str, Any]:
    from rules import OngeldigeInvoer

    text = sys.stdin.read() if argument == "-" else argument
    try:
        invoer = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise OngeldigeInvoer("invoer", f"dit is geen geldige JSON ({error.msg}, positie {error.pos})") from None
    if not isinstance(invoer, dict):
        raise OngeldigeInvoer("invoer", 'verwacht een JSON-object, bijvoorbeeld {"jaar": 2026}')
    return invoer


def _split_top_level(text: str) -> list[str]:
    """Split `a,b,[1,2]` on the commas that are not inside brackets or braces."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _variant_value(text: str) -> Any:
    """`2026` → 2026, `true` → True, `[35000]` → a list; anything else stays text (`elektrisch`)."""
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError:
        return text


def _lees_varieer(argument: str) -> tuple[str, list[Any]]:
    from rules import OngeldigeInvoer

    veld, is_, waarden = argument.partition("=")
    if not is_ or not veld.strip() or not waarden.strip():
        raise OngeldigeInvoer("varieer", "schrijf het als veld=waarde1,waarde2, bijvoorbeeld jaar=2026,2027")
    return veld.strip(), [_variant_value(v) for v in _split_top_level(waarden)]


def build_parser() -> argparse.ArgumentParser:
    parser = _DutchArgumentParser(
        prog="adviesbot",
        description="Fiscale adviesbot: berekeningen, terminal-chat en de Telegram-bot.",
    )
    commands = parser.add_subparsers(dest="command", metavar="<command>", required=True)
    commands.add_parser("chat", help="praat met de bot in de terminal (geen token nodig)")
    commands.add_parser("run", help="start de Telegram-bot (polling, of webhook als WEBHOOK_URL is gezet)")
    commands.add_parser(
        "web", help="alleen de website: widget.js en de API op HOST:PORT, zonder Telegram (zie WIDGET_ORIGINS)"
    )
    db_parser = commands.add_parser("db", help="database-onderhoud")
    db_commands = db_parser.add_subparsers(dest="db_command", metavar="<db-command>", required=True)
    db_commands.add_parser("upgrade", help="voer de migraties uit tot de nieuwste versie")
    commands.add_parser("healthcheck", help="exit 0 als de bot gezond is (voor de container-HEALTHCHECK)")
    leads_parser = commands.add_parser("leads", help="aanvragen voor een adviseur: list, export --csv FILE, stats")
    leads_commands = leads_parser.add_subparsers(dest="leads_command", metavar="<leads-command>", required=True)
    leads_commands.add_parser("list", help="alle aanvragen met status, nieuwste eerst")
    export_parser = leads_commands.add_parser("export", help="alle aanvragen als CSV (UTF-8, met kopregel)")
    export_parser.add_argument("--csv", required=True, metavar="FILE", help="het CSV-bestand, of - voor stdout")
    export_parser.add_argument(
        "--excel",
        action="store_true",
        help="voor een Nederlandse Excel: met BOM, puntkomma's, telefoonnummers als tekst (standaard: gewone CSV)",
    )
    leads_commands.add_parser("stats", help="funnel per onderwerp en per campagne")
    beheer_parser = commands.add_parser(
        "beheer", help="het beheerscherm voor het kantoor op HOST:PORT/beheer; gebruikers met 'beheer gebruiker'"
    )
    beheer_commands = beheer_parser.add_subparsers(dest="beheer_command", metavar="<beheer-command>")
    gebruiker_parser = beheer_commands.add_parser("gebruiker", help="wie mag inloggen: toevoegen, verwijderen, lijst")
    gebruiker_commands = gebruiker_parser.add_subparsers(dest="gebruiker_command", metavar="<actie>", required=True)
    for actie, uitleg in (
        ("toevoegen", "nieuwe gebruiker; het wachtwoord wordt gevraagd (of gelezen van stdin)"),
        ("verwijderen", "gebruiker verwijderen; die kan direct niet meer inloggen"),
    ):
        gebruiker_commands.add_parser(actie, help=uitleg).add_argument("email", metavar="e-mail")
    gebruiker_commands.add_parser("lijst", help="alle gebruikers")
    onderwerpen = ", ".join(ONDERWERPEN)
    bereken_parser = commands.add_parser(
        "bereken", help="een berekening als JSON: adviesbot bereken box3 --invoer '{…}'"
    )
    bereken_parser.add_argument("onderwerp", help=f"een van: {onderwerpen}")
    bereken_parser.add_argument("--invoer", required=True, help="JSON-object met de invoer, of - voor stdin")
    vergelijk_parser = commands.add_parser(
        "vergelijk", help="dezelfde berekening voor varianten naast elkaar: --varieer 'jaar=2026,2027'"
    )
    vergelijk_parser.add_argument("onderwerp", help=f"een van: {onderwerpen}")
    vergelijk_parser.add_argument("--invoer", required=True, help="JSON-object met de invoer, of - voor stdin")
    variatie = vergelijk_parser.add_mutually_exclusive_group(required=True)
    variatie.add_argument("--varieer", help="veld=waarde1,waarde2,…")
    variatie.add_argument(
        "--spreid",
        help="veld=jaren: alles in 'jaar' tegenover de bedragen in 'veld' gelijk gespreid over zoveel jaren, "
        "bijvoorbeeld investeringen=2",
    )
    return parser


def _bereken(args: argparse.Namespace) -> int:
    from bot.json_output import berekening, dumps

    print(dumps(berekening(args.onderwerp, _lees_invoer(args.invoer))))
    return 0


def _vergelijk(args: argparse.Namespace) -> int:
    from bot.json_output import dumps, spreiding_vergeleken, vergelijking
    from rules import OngeldigeInvoer

    invoer = _lees_invoer(args.invoer)
    if args.spreid is not None:
        veld, _, jaren = args.spreid.partition("=")
        if not jaren.strip().isdigit():
            raise OngeldigeInvoer("spreid", "schrijf het als veld=jaren, bijvoorbeeld investeringen=2")
        print(dumps(spreiding_vergeleken(args.onderwerp, invoer, veld.strip(), int(jaren))))
        return 0
    veld, waarden = _lees_varieer(args.varieer)
    print(dumps(vergelijking(args.onderwerp, invoer, veld, waarden)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in ("bereken", "vergelijk"):
        from rules import OngeldigeInvoer

        try:
            return _bereken(args) if args.command == "bereken" else _vergelijk(args)
        except OngeldigeInvoer as error:
            print(str(error), file=sys.stderr)
            return EXIT_ONGELDIGE_INVOER
    return _shell_command(args)


def _shell_command(args: argparse.Namespace) -> int:
    """Commands that need configuration: a bad setting stops them with one clear line, exit 2."""
    from bot.logs import configure_logging
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(require_token=args.command == "run")
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        return EXIT_ONGELDIGE_INVOER
    if args.command == "healthcheck":
        from bot.health import healthcheck

        return healthcheck(settings)
    if args.command == "chat":
        from bot.terminal_chat import run_chat

        return run_chat(settings=settings)
    if args.command == "db":
        from bot.app import database_url
        from bot.database import upgrade_database

        upgrade_database(database_url(settings))
        print("Database bijgewerkt.")
        return 0
    if args.command == "leads":
        return _leads(settings, args.leads_command, getattr(args, "csv", None), excel=getattr(args, "excel", False))
    if args.command == "beheer":
        from bot.app import database_url
        from bot.dashboard.commands import serve_command, user_command

        if args.beheer_command == "gebruiker":
            return user_command(database_url(settings), args.gebruiker_command, getattr(args, "email", None))
        configure_logging(settings.log_level, _secrets(settings))
        return serve_command(settings)
    if args.command == "web":
        return _web(settings)
    return _run(settings)


def _web(settings: Settings) -> int:
    from bot.logs import configure_logging
    from bot.web.server import WebUnavailable, serve

    configure_logging(settings.log_level, _secrets(settings))
    try:
        serve(settings)
    except WebUnavailable as error:
        print(f"adviesbot kan niet starten: {error}", file=sys.stderr)
        return EXIT_START_MISLUKT
    return 0


def _run(settings: Settings) -> int:
    from bot.logs import configure_logging
    from bot.runner import StartupFailed, run

    configure_logging(settings.log_level, [*_secrets(settings), settings.secret_token()])
    try:
        run(settings)
    except StartupFailed as error:
        print(f"adviesbot kan niet starten: {error}", file=sys.stderr)
        return EXIT_START_MISLUKT
    return 0


def _leads(settings: Settings, action: str, csv_path: str | None, *, excel: bool) -> int:
    """`adviesbot leads list|export --csv FILE [--excel]|stats` on the configured database (migrated first)."""
    import asyncio

    from bot.app import database_url
    from bot.database import upgrade_database

    url = database_url(settings)
    upgrade_database(url)
    return asyncio.run(_leads_async(url, action, csv_path, excel=excel))


async def _leads_async(url: str, action: str, csv_path: str | None, *, excel: bool) -> int:
    from bot.database import create_engine, dispose_engine
    from bot.lead_export import csv_export
    from bot.lead_storage import LeadStore
    from bot.lead_texts import leads_list_text, stats_text

    engine = create_engine(url)
    try:
        store = LeadStore(engine)
        if action == "list":
            print(leads_list_text(list(reversed(await store.all())), hint=False))
        elif action == "stats":
            print(stats_text(await store.stats()))
        else:
            assert action == "export" and csv_path is not None
            leads = await store.all()
            data = csv_export(leads, excel=excel)
            if csv_path == "-":
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                Path(csv_path).write_bytes(data)  # noqa: ASYNC240 (one small file, once)
                print(f"{len(leads)} aanvragen geschreven naar {csv_path}")
    finally:
        await dispose_engine(engine)
    return 0


def _secrets(settings: Settings) -> list[str]:
    return [s.get_secret_value() for s in (settings.telegram_bot_token, settings.secret_key) if s is not None]
