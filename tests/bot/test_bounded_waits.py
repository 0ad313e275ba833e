"""Bounded waits and quiet errors: a database that stalls (another process holds a lock) turns a message into an
apology within seconds, not a minute of silence; and when a statement fails during a lead turn, no log line
holds the name or the phone number (every engine hides statement parameters). On SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy import make_url

from bot.database import create_engine, dispose_engine
from bot.logs import RedactSecrets, configure_logging
from tests.bot.fake_bot_api import FakeBotApi, press_on, text_update, user
from tests.bot.in_process import make_settings, running, send

APOLOGY = "Er ging aan onze kant iets mis"
TIMEOUT = 0.5
NAME = "Annemarie Zwartjes"
PHONE_TYPED, PHONE_STORED = "06 18765432", "+31618765432"
# The adviser funnel up to the last answer, which stores the lead.
FUNNEL = ("/start box3", "nee", "150.000", "0", "0", "nee", "bereken", "adviseur", "ja", NAME, "telefoon")


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.asynccontextmanager
async def lock_held_elsewhere(database_url: str) -> AsyncIterator[None]:
    """Another process holds the lock every turn needs, and keeps holding it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(str(url.database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    connection = await asyncpg.connect(_asyncpg_dsn(database_url))
    transaction = connection.transaction()
    await transaction.start()
    await connection.execute("LOCK TABLE conversation_state IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        await transaction.rollback()
        await connection.close()


async def test_a_database_stall_becomes_an_apology_within_seconds(database_url: str) -> None:
    engine = create_engine(database_url, timeout=TIMEOUT)
    fake = FakeBotApi()
    who = user(58_001)
    try:
        settings = make_settings(ADVIESBOT_DATABASE_TIMEOUT_SECONDS=TIMEOUT)
        async with running(engine, fake, settings) as (application, _):
            await send(application, text_update("/start box3", user=who))
            question = fake.results("sendMessage")[-1]
            async with lock_held_elsewhere(database_url):
                started = time.monotonic()
                await send(application, text_update("nee", user=who))
                elapsed = time.monotonic() - started
                await send(application, press_on(question, who, "Ja"))
            assert APOLOGY in fake.sent_texts(who["id"])[-1]
            assert elapsed < 3, f"the apology came after {elapsed:.1f} s"
            assert fake.calls("editMessageText") == [], "no '→ Ja' for a press whose turn was not stored"
            await send(application, text_update("nee", user=who))
            assert "Hoeveel spaargeld" in fake.sent_texts(who["id"])[-1], "once the lock is gone, all is well"
    finally:
        await dispose_engine(engine)


async def _break_lead_inserts(database_url: str) -> None:
    """A database error in the middle of the lead turn: the insert of the lead itself fails."""
    if make_url(database_url).get_backend_name() == "sqlite":
        other = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
        other.execute("CREATE TRIGGER kapot BEFORE INSERT ON lead BEGIN SELECT RAISE(ABORT, 'kapot'); END")
        other.close()
        return
    connection = await asyncpg.connect(_asyncpg_dsn(database_url))
    try:
        await connection.execute(
            "CREATE FUNCTION kapot() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'kapot'; END $$ LANGUAGE plpgsql"
        )
        await connection.execute("CREATE TRIGGER kapot BEFORE INSERT ON lead FOR EACH ROW EXECUTE FUNCTION kapot()")
    finally:
        await connection.close()


@pytest.fixture
def logging_as_in_production() -> Iterator[None]:
    """configure_logging changes the root logger for the process: put everything back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("httpx", "httpcore", "apscheduler", "uvicorn.access", "telegram", "sqlalchemy")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


async def test_a_database_error_during_a_lead_turn_logs_neither_the_name_nor_the_number(
    database_url: str, capsys: pytest.CaptureFixture[str], logging_as_in_production: None
) -> None:
    engine = create_engine(database_url)
    fake = FakeBotApi()
    who = user(58_002)
    try:
        async with running(engine, fake) as (application, _):
            for text in FUNNEL:
                await send(application, text_update(text, user=who))
            await _break_lead_inserts(database_url)
            configure_logging("DEBUG", ["123456:TEST"])  # the most talkative `adviesbot run` can be
            for text in (PHONE_TYPED, "2", "geen"):
                await send(application, text_update(text, user=who))
        assert APOLOGY in fake.sent_texts(who["id"])[-1], "the lead turn did fail"
    finally:
        await dispose_engine(engine)

    logged = capsys.readouterr().err
    assert "ERROR bot.handlers: update" in logged and "Traceback" in logged, "the failure is logged, in full"
    assert "kapot" in logged, "the database's own error is in the log"
    for personal in (NAME, "Zwartjes", PHONE_STORED, "618765432", "18765432"):
        assert personal not in logged, personal


def test_even_at_debug_level_neither_telegram_nor_the_database_logs_what_was_sent_or_stored(
    logging_as_in_production: None,
) -> None:
    configure_logging("DEBUG", [])
    for name in ("telegram", "telegram.ext.ExtBot", "httpx"):
        assert logging.getLogger(name).getEffectiveLevel() > logging.DEBUG, name
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO), "no statement echo"
    assert logging.getLogger("bot").getEffectiveLevel() == logging.DEBUG


def test_the_log_handler_filters_secrets_out_of_every_record() -> None:
    record: Any = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s in %s", ("123:abc", "url"), None)
    assert RedactSecrets(["123:abc"]).filter(record)
    assert record.getMessage() == "token [verborgen] in url"
