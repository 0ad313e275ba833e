"""Engines, migrations and the health probe for the bot's database (embedded SQLite or PostgreSQL).

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
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event, make_url, text
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_FILE_NAME = "adviesbot.sqlite3"

# How long a SQLite connection waits for another process's write lock before failing with "database is
# locked". Writes here are a few rows each, so waiting seconds means something is wrong elsewhere.
SQLITE_BUSY_TIMEOUT_MS = 10_000

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


def create_engine(url: str) -> AsyncEngine:
    parsed = async_database_url(url)
    # pool_pre_ping: a PostgreSQL restart must not turn the next user's message into an error.
    engine = create_async_engine(parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql")
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine.sync_engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The driver's own transaction handling skips BEGIN for SELECT and DDL; SQLAlchemy emits it
        # instead (see _on_begin), which makes DDL transactional and reads repeatable.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # busy_timeout first: switching to WAL needs a lock another process may briefly hold.
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS:d}")
            # WAL lets the bot and a CLI command share the file, readers never blocking the writer.
            # synchronous stays FULL: state is written before the reply, so it must survive a power cut.
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "deferred")
        connection.exec_driver_sql(_SQLITE_BEGIN_STATEMENTS[mode])


AnyEngine = TypeVar("AnyEngine", Engine, AsyncEngine)


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
        )
        _configure_sqlite(sync)
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


async def database_reachable(engine: AsyncEngine, within_seconds: float = 5.0) -> bool:
    """Whether the database answers `SELECT 1` in time (for /healthz, which must not hang on it)."""
    try:
        async with asyncio.timeout(within_seconds), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        return False
    return True
