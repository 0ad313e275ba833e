"""`adviesbot beheer …`: serve the dashboard, and add, remove or list the staff who may sign in."""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import sys
from typing import TextIO

from bot.dashboard.accounts import InvalidAccount, check_password, hash_password, normalise_email
from bot.dashboard.security import DashboardUnavailable
from bot.dashboard.staff_store import StaffStore, StaffUserExists
from bot.database import create_engine, dispose_engine, upgrade_database
from bot.http_server import PortUnavailable
from bot.settings import Settings

EXIT_FOUT = 1
EXIT_ONGELDIG = 2


def read_password(stdin: TextIO) -> str:
    """Prompted twice at a terminal; from a script, the first line of standard input."""
    if stdin.isatty():
        password = getpass.getpass("Wachtwoord: ")
        check_password(password)
        if getpass.getpass("Nog een keer: ") != password:
            raise InvalidAccount("De twee wachtwoorden verschillen.")
        return password
    return stdin.readline().rstrip("\r\n")


async def _add(url: str, email: str, password_hash: str) -> None:
    engine = create_engine(url)
    try:
        await StaffStore(engine).add_user(email, password_hash, dt.datetime.now(dt.UTC))
    finally:
        await dispose_engine(engine)


async def _remove(url: str, email: str) -> bool:
    engine = create_engine(url)
    try:
        return await StaffStore(engine).remove_user(email)
    finally:
        await dispose_engine(engine)


async def _emails(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        return [user.email for user in await StaffStore(engine).users()]
    finally:
        await dispose_engine(engine)


def user_command(url: str, action: str, email: str | None, stdin: TextIO | None = None) -> int:
    """`adviesbot beheer gebruiker toevoegen|verwijderen <e-mail>` and `… gebruiker lijst`."""
    upgrade_database(url)
    if action == "lijst":
        emails = asyncio.run(_emails(url))
        print("\n".join(emails) if emails else "Nog geen gebruikers.")
        return 0
    assert email is not None
    try:
        email = normalise_email(email)
        if action == "verwijderen":
            if not asyncio.run(_remove(url, email)):
                print(f"Er is geen gebruiker {email}.", file=sys.stderr)
                return EXIT_FOUT
            print(f"Gebruiker {email} verwijderd; die kan niet meer inloggen.")
            return 0
        password_hash = hash_password(read_password(stdin or sys.stdin))
        asyncio.run(_add(url, email, password_hash))
    except InvalidAccount as error:
        print(str(error), file=sys.stderr)
        return EXIT_ONGELDIG
    except StaffUserExists:
        print(f"Gebruiker {email} bestaat al; verwijder die eerst om het wachtwoord te vervangen.", file=sys.stderr)
        return EXIT_FOUT
    print(f"Gebruiker {email} toegevoegd.")
    return 0


def serve_command(settings: Settings) -> int:
    """`adviesbot beheer`: the dashboard on HOST:PORT until stopped."""
    from bot.app import database_url
    from bot.dashboard.server import secret_key, serve

    try:
        secret_key(settings)  # before database_url(), which creates the data directory
        serve(settings, database_url(settings))
    except (DashboardUnavailable, PortUnavailable) as reason:
        print(str(reason), file=sys.stderr)
        return EXIT_ONGELDIG
    return 0
