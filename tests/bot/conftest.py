"""Storage fixtures: every test that asks for `database_url` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.database import create_engine, default_database_url, dispose_engine, upgrade_database_async
from bot.state_store import StateStore


async def _reset_public_schema(url: str) -> None:
    """Every PostgreSQL test starts from an empty database, whatever an earlier test or run left behind."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    finally:
        await dispose_engine(engine)


@pytest.fixture(params=[pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)])
def _backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    # Sync on purpose: postgres_url probes with asyncio.run, which must not run inside the test's loop.
    if request.param == "sqlite":
        return default_database_url(tmp_path / "data")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def empty_database_url(_backend_url: str) -> str:
    """A database without any tables, not migrated yet."""
    if make_url(_backend_url).get_backend_name() == "postgresql":
        await _reset_public_schema(_backend_url)
    return _backend_url


@pytest.fixture
async def database_url(empty_database_url: str) -> str:
    """An empty database migrated to head."""
    await upgrade_database_async(empty_database_url)
    return empty_database_url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await dispose_engine(engine)


@pytest.fixture
def store(engine: AsyncEngine) -> StateStore:
    return StateStore(engine)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def process_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for real bot processes: a fresh SQLite file, or PostgreSQL with an empty schema."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'processes.sqlite3'}"
    url = str(request.getfixturevalue("postgres_url"))
    # Sync fixture: asyncio.run must not run inside a test's event loop.
    asyncio.run(_reset_public_schema(url))
    return url
