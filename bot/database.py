"""Engines, migrations and the health probes for the bot's database (embedded SQLite or PostgreSQL).

Every engine hides statement parameters from its errors and logs (`hide_parameters=True`): a failed statement
would otherwise print a conversation state or a lead row, names and phone numbers included, into a log that
/vergeet cannot reach. Every wait is bounded (`timeout`): connecting, a statement, a lock, the pool.

`upgrade_database` drives alembic, whose env.py runs its own event loop (`asyncio.run`): call it before the
bot's loop starts (start-up, `adviesbot db upgrade`). From code that already runs a loop, await
`upgrade_database_async`, which does the same in a worker thread.
"""

from __future__ import annotations

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

from alembic import command
from alembic.config import Config
from sqlalchemy import CursorResult, Engine, event, insert, make_url, text, update
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE_NAME = "adviesbot.sqlite3"

# How long any database wait may take (connect, statement, lock, a pool slot; SQLite's busy_timeout for another
# process's write lock). Writes here are a few rows each, so waiting seconds means something is wrong elsewhere.
DEFAULT_TIMEOUT_SECONDS = 5.0

# Execution option read by the SQLite "begin" hook. Write transactions use BEGIN IMMEDIATE: taking the write
# lock up front lets busy_timeout queue them behind another writer, where a deferred transaction that has
# already read would fail at once with SQLITE_BUSY_SNAPSHOT under WAL.
SQLITE_BEGIN_OPTION = "adviesbot_sqlite_begin"
_SQLITE_BEGIN_STATEMENTS = {"deferred": "BEGIN", "immediate": "BEGIN IMMEDIATE"}

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


def default_database_url(data_dir: Path) -> str:
    """The embedded database: a SQLite file in `data_dir`, which is created when missing."""
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite+aiosqlite", database=str(data_dir / SQLITE_FILE_NAME)).render_as_string(
        hide_password=False
    )


def async_database_url(url: str) -> URL:
    """Accept the driver-less spellings operators paste (`postgresql://`, `postgres://`, `sqlite:///`)."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def rowcount(result: Any) -> int:
    """The rows a DML statement touched (session.execute is typed to return Result; DML gives a CursorResult)."""
    return cast(CursorResult[Any], result).rowcount


def create_engine(url: str, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> AsyncEngine:
    parsed = async_database_url(url)
    options: dict[str, Any] = {"hide_parameters": True}
    if parsed.get_backend_name() == "postgresql":
        milliseconds = str(round(timeout * 1000))
        options |= {
            # No ping before every transaction (a round trip each): a connection a PostgreSQL restart broke is
            # noticed by the transaction itself, which then runs again on a fresh one (bot/transactions.py).
            "pool_pre_ping": False,
            "pool_timeout": timeout,
            "connect_args": {
                "timeout": timeout,
                "command_timeout": timeout * 2,
                # Server-side limits, so a stalled statement or a lock held elsewhere ends in an error the bot
                # can apologise for, and a transaction left open by a dead client is ended by the server.
                "server_settings": {
                    "statement_timeout": milliseconds,
                    "lock_timeout": milliseconds,
                    "idle_in_transaction_session_timeout": str(round(timeout * 4000)),
                },
            },
        }
    engine = create_async_engine(parsed, **options)
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine.sync_engine, timeout)
        _BUSY_TIMEOUTS[engine.sync_engine] = timeout
    return engine


def _configure_sqlite(engine: Engine, timeout: float) -> None:
    busy_ms = round(timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling skips BEGIN for SELECT and DDL; SQLAlchemy emits it
        # instead (see _on_begin), which makes DDL transactional and reads repeatable.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first: switching to WAL needs a lock another process may briefly hold.
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms:d}")
            # WAL lets the bot and a CLI command share the file, readers never blocking the writer.
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL, said rather than assumed: a turn is on disk before its reply goes out, so it survives a power
            # cut. Group commit (bot/transactions.py) only shares one fsync between turns.
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "deferred")
        connection.exec_driver_sql(_SQLITE_BEGIN_STATEMENTS[mode])


AnyEngine = TypeVar("AnyEngine", Engine, AsyncEngine)
_BUSY_TIMEOUTS: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()


def _busy_timeout_seconds(engine: AsyncEngine) -> float:
    return _BUSY_TIMEOUTS.get(engine.sync_engine, DEFAULT_TIMEOUT_SECONDS)


def writer(engine: AnyEngine) -> AnyEngine:
    """The same engine and pool, with SQLite write transactions taking the write lock at BEGIN."""
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "immediate"})


@dataclass(frozen=True)
class SqliteCompanion:
    """A synchronous engine on the same SQLite file, and the one thread that uses it."""

    engine: Engine
    thread: ThreadPoolExecutor


_companions: weakref.WeakKeyDictionary[Engine, SqliteCompanion] = weakref.WeakKeyDictionary()


def sqlite_companion(engine: AsyncEngine) -> SqliteCompanion | None:
    """For a SQLite database, its synchronous companion (None for any other database), one per async engine.

    aiosqlite hops to its worker thread for every statement, cursor and fetch; running a whole transaction in
    one thread with the plain sqlite3 driver costs one hop instead (see BENCHMARKS.md). Same PRAGMAs, same
    BEGIN IMMEDIATE for writers, so both engines share the file safely.
    """
    if engine.url.get_backend_name() != "sqlite":
        return None
    companion = _companions.get(engine.sync_engine)
    if companion is None:
        sync = create_sync_engine(
            engine.url.set(drivername="sqlite"),
            # The connections are used from the companion's own thread, not the one that opened the pool.
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
        _configure_sqlite(sync, _busy_timeout_seconds(engine))
        # One thread: SQLite takes one writer at a time anyway, and its connections stay in that thread.
        companion = SqliteCompanion(sync, ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite"))
        _companions[engine.sync_engine] = companion
    return companion


async def dispose_engine(engine: AsyncEngine) -> None:
    """Close the engine's pool and, for SQLite, its companion's connections and thread."""
    companion = _companions.pop(engine.sync_engine, None)
    if companion is not None:
        companion.thread.shutdown(wait=True)
        companion.engine.dispose()
    await engine.dispose()


def alembic_config(url: str) -> Config:
    """Alembic's configuration without an alembic.ini: the scripts live in the installed package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Through attributes, not set_main_option: configparser would read a `%` in a password as interpolation.
    config.attributes["database_url"] = async_database_url(url).render_as_string(hide_password=False)
    return config


def upgrade_database(url: str, revision: str = "head") -> None:
    """Apply the migrations up to `revision`. Runs its own event loop: not from inside a running one."""
    command.upgrade(alembic_config(url), revision)


async def upgrade_database_async(url: str, revision: str = "head") -> None:
    """`upgrade_database` in a worker thread. One at a time per process: alembic's `context` is global."""
    await asyncio.to_thread(upgrade_database, url, revision)


async def database_reachable(engine: AsyncEngine, within_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> bool:
    """Whether the database answers `SELECT 1` in time."""
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        return False
    return True


async def database_writable(engine: AsyncEngine, within_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> bool:
    """Whether a write commits in time (for /healthz): a full disk or a read-only database still answers
    `SELECT 1`, but every turn would fail. Touches the one row of `health_probe`."""
    from bot.clock import utcnow
    from bot.models import HealthProbe

    try:
        async with asyncio.timeout(within_seconds), writer(engine).begin() as connection:
            now = utcnow()
            touched = await connection.execute(update(HealthProbe).where(HealthProbe.id == 1).values(checked_at=now))
            if not rowcount(touched):
                await connection.execute(insert(HealthProbe).values(id=1, checked_at=now))
    except (SQLAlchemyError, OSError, TimeoutError):
        return False
    return True
