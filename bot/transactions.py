"""Running a unit of work in one database transaction, the same way for every store of the shell.

A unit of work is plain synchronous code over a SQLAlchemy `Session`. On PostgreSQL it runs through the async
engine (`run_sync`); on SQLite in the engine's companion thread with the plain sqlite3 driver
(bot/database.py), so a transaction costs one thread hop instead of one per statement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from bot.database import sqlite_companion, writer

T = TypeVar("T")


class Transactions:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._read = async_sessionmaker(engine, expire_on_commit=False)
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)
        self._sqlite = sqlite_companion(engine)
        if self._sqlite is not None:
            self._sync_read = sessionmaker(self._sqlite.engine, expire_on_commit=False)
            self._sync_write = sessionmaker(writer(self._sqlite.engine), expire_on_commit=False)

    async def run(self, work: Callable[[Session], T], *, write: bool) -> T:
        """`work` in one transaction, committed when it returns and rolled back when it raises."""
        if self._sqlite is None:
            async with (self._write if write else self._read)() as session, session.begin():
                return await session.run_sync(work)
        maker = self._sync_write if write else self._sync_read

        def in_thread() -> T:
            with maker() as session, session.begin():
                return work(session)

        return await asyncio.get_running_loop().run_in_executor(self._sqlite.thread, in_thread)
