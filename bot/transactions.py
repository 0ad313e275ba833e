"""Running a unit of work in one database transaction, the same way for every store of the shell, with group
commit for writes.

A unit of work is plain synchronous code over a SQLAlchemy `Session`. On PostgreSQL it runs through the async
engine (`run_sync`); on SQLite in the engine's companion thread with the plain sqlite3 driver
(bot/database.py), so a transaction costs one thread hop instead of one per statement.

Group commit: writes that are ready within a short window (`group_window`, at most 2 ms) share one
transaction, so one commit and one fsync serve them all; while a group commits, the next one gathers. A unit
that raises `Expected` (a redelivered update, a version conflict) has written nothing and is simply answered
with its exception; any other error rolls the group back, and each of its units then runs on its own, so one
bad unit never takes the others down. Durability is unchanged: a unit's caller hears back only after the
commit that holds its writes (SQLite `synchronous=FULL`, a normal PostgreSQL commit).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from bot.database import sqlite_companion, writer

T = TypeVar("T")
MAX_GROUP_WINDOW = 0.002
# A group larger than this commits and the rest waits for the next one: bounded latency per commit.
MAX_GROUP = 128
# PostgreSQL takes concurrent transactions, and every statement is a round trip: several smaller groups in
# flight at once beat one large one (SQLite has one writer, so one group at a time).
POSTGRES_GROUPS_IN_FLIGHT = 2
POSTGRES_MAX_GROUP = 16


class Expected(Exception):
    """Raised by a unit of work that wrote nothing: in a group, only this unit fails."""


@dataclass(eq=False)
class _Unit(Generic[T]):
    work: Callable[[Session], T]
    done: asyncio.Future[T]


@dataclass
class Counts:
    """What the writes cost: units of work against the commits that made them durable."""

    units: int = 0
    commits: int = 0
    regrouped: int = 0
    """Groups rolled back by an unexpected error, whose units then ran one by one."""
    sizes: list[int] = field(default_factory=list)


class Transactions:
    def __init__(self, engine: AsyncEngine, *, group_window: float = 0.0) -> None:
        if not 0 <= group_window <= MAX_GROUP_WINDOW:
            raise ValueError(f"group_window must be between 0 and {MAX_GROUP_WINDOW} s, got {group_window}")
        self.engine = engine
        self.group_window = group_window
        self.counts = Counts()
        self._read = async_sessionmaker(engine, expire_on_commit=False)
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)
        self._sqlite = sqlite_companion(engine)
        if self._sqlite is not None:
            self._sync_read = sessionmaker(self._sqlite.engine, expire_on_commit=False)
            self._sync_write = sessionmaker(writer(self._sqlite.engine), expire_on_commit=False)
        self._waiting: list[_Unit[Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._gatherers = 0
        self._max_gatherers = 1 if self._sqlite is not None else POSTGRES_GROUPS_IN_FLIGHT
        self._max_group = MAX_GROUP if self._sqlite is not None else POSTGRES_MAX_GROUP

    async def run(self, work: Callable[[Session], T], *, write: bool) -> T:
        """`work` in a transaction, committed when it returns and rolled back when it raises; a write may share
        its transaction (and its commit) with others that are ready at the same moment."""
        if not write:
            return await self._once(work, write=False)
        unit: _Unit[T] = _Unit(work, asyncio.get_running_loop().create_future())
        self._waiting.append(unit)
        if self._gatherers < self._max_gatherers:
            self._gatherers += 1
            task = asyncio.get_running_loop().create_task(self._gather_and_commit())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await unit.done

    async def _gather_and_commit(self) -> None:
        try:
            # The window only opens when the writer was idle: while a group commits, the next one gathers anyway.
            if self.group_window:
                await asyncio.sleep(self.group_window)
            while self._waiting:
                group, self._waiting = self._waiting[: self._max_group], self._waiting[self._max_group :]
                await self._commit(group)
        finally:
            # No await between the last look at the queue and this: a unit queued after it starts a new gatherer.
            self._gatherers -= 1

    async def _commit(self, group: list[_Unit[Any]]) -> None:
        def all_units(session: Session) -> list[Any]:
            outcomes: list[Any] = []
            for unit in group:
                try:
                    outcomes.append(unit.work(session))
                except Expected as expected:
                    outcomes.append(expected)
            return outcomes

        self.counts.units += len(group)
        try:
            outcomes = await self._once(all_units, write=True)
        except Exception as error:
            if len(group) == 1:
                _settle(group[0], error=error)
                return
            self.counts.regrouped += 1
            for unit in group:
                try:
                    _settle(unit, await self._once(unit.work, write=True))
                except Exception as own:
                    _settle(unit, error=own)
            return
        self.counts.sizes.append(len(group))
        for unit, outcome in zip(group, outcomes, strict=True):
            if isinstance(outcome, Expected):
                _settle(unit, error=outcome)
            else:
                _settle(unit, outcome)

    async def _once(self, work: Callable[[Session], T], *, write: bool) -> T:
        try:
            return await self._attempt(work, write=write)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            # The connection was gone: the database restarted, and took every pooled connection with it. Start
            # the pool afresh and run the transaction once more (nothing of it was committed).
            await self.engine.dispose(close=False)
            return await self._attempt(work, write=write)

    async def _attempt(self, work: Callable[[Session], T], *, write: bool) -> T:
        if write:
            self.counts.commits += 1
        if self._sqlite is None:
            async with (self._write if write else self._read)() as session, session.begin():
                return await session.run_sync(work)
        maker = self._sync_write if write else self._sync_read

        def in_thread() -> T:
            with maker() as session, session.begin():
                return work(session)

        return await asyncio.get_running_loop().run_in_executor(self._sqlite.thread, in_thread)


def _settle(unit: _Unit[Any], outcome: Any = None, *, error: BaseException | None = None) -> None:
    if unit.done.done():  # its caller gave up waiting (cancelled): the outcome stands all the same
        return
    if error is not None:
        unit.done.set_exception(error)
    else:
        unit.done.set_result(outcome)
