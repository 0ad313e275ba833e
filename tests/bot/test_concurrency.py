"""One transaction per turn, ordered per chat, concurrent across chats, group commit (issue #17): many updates at
once in one chat are answered in order without an apology; many chats at once share commits; a reply leaves
only after its turn's commit; a conflict with another process is retried, up to a bound. On SQLite and
PostgreSQL unless said otherwise."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session
from telegram import Update

from bot import turns
from bot.app import BotApplication, processing
from bot.database import create_engine, dispose_engine
from bot.state_store import StaleState
from bot.transactions import Expected, Transactions
from tests.bot.fake_bot_api import FakeBotApi, text_update, user
from tests.bot.in_process import idle, make_settings, running, send

APOLOGY = "Er ging aan onze kant iets mis"
# Twenty messages that each get an answer of their own, in a conversation that moves on.
TWENTY = (
    "/start box3",
    "waarom",
    "nee",
    "waarom",
    "150.000",
    "terug",
    "150.000",
    "0",
    "waarom",
    "0",
    "nee",
    "terug",
    "nee",
    "bereken",
    "/help",
    "/onderwerpen",
    "/start kia",
    "waarom",
    "/stop",
    "/start box3",
)


async def all_at_once(application: BotApplication, updates: list[dict[str, Any]], *, apart: float = 0.0) -> None:
    """The updates arrive in this order, `apart` seconds after each other, and are handled at the same time, as
    from Telegram's parallel webhook connections."""
    process = processing(application)
    handling = []
    for update in updates:
        handling.append(asyncio.ensure_future(process(Update.de_json(update, application.bot))))
        await asyncio.sleep(apart)
    await asyncio.gather(*handling)


@pytest.mark.parametrize("apart", [0.0, 0.0005], ids=["together", "half-a-millisecond-apart"])
async def test_twenty_messages_at_once_in_one_chat_get_twenty_answers_in_order_and_no_apology(
    engine: AsyncEngine, apart: float
) -> None:
    sequential, concurrent = user(57_001), user(57_002)
    fake = FakeBotApi()
    # No waiting for others to share a commit: the turns of one chat would otherwise mostly share one group.
    async with running(engine, fake, make_settings(ADVIESBOT_GROUP_COMMIT_MS=0)) as (application, services):
        for message in TWENTY:
            await send(application, text_update(message, user=sequential))
        await all_at_once(application, [text_update(message, user=concurrent) for message in TWENTY], apart=apart)
        await idle(services)
    expected = fake.sent_texts(sequential["id"])
    answers = fake.sent_texts(concurrent["id"])
    assert len(expected) >= 20
    assert answers == expected, "the same answers, in the same order, as one by one"
    assert not any(APOLOGY in answer for answer in answers)


async def test_many_chats_at_once_share_commits_and_each_gets_its_own_answer(engine: AsyncEngine) -> None:
    fake = FakeBotApi()
    people = [user(57_100 + n) for n in range(40)]
    async with running(engine, fake, make_settings(ADVIESBOT_GROUP_COMMIT_MS=2)) as (application, services):
        counts = services.transactions.counts
        before = (counts.units, counts.commits)
        for message in ("/start box3", "nee", "150.000"):
            await all_at_once(application, [text_update(message, user=who) for who in people])
        await idle(services)
        units, commits = counts.units - before[0], counts.commits - before[1]
    for who in people:
        assert "beleggingen en andere bezittingen" in fake.sent_texts(who["id"])[-1], who["id"]
    assert units >= 120, "every turn (and every delivered reply) is a unit of work"
    assert commits < units / 2, f"{commits} commits for {units} units: turns share their commits"


async def test_a_reply_leaves_only_after_its_turns_commit(tmp_path: Any) -> None:
    """SQLite: while Telegram receives a reply, another connection already reads the turn that made it."""
    from bot.database import default_database_url, upgrade_database_async

    url = default_database_url(tmp_path)
    await upgrade_database_async(url)
    seen: list[tuple[int, int | None]] = []
    database = str(make_url(url).database)

    class Watching(FakeBotApi):
        def answer(self, method: str, params: dict[str, Any]) -> Any:
            if method == "sendMessage":
                with sqlite3.connect(database) as other:
                    row = other.execute(
                        "SELECT version FROM conversation_state WHERE chat_id = ?", (int(params["chat_id"]),)
                    ).fetchone()
                seen.append((int(params["chat_id"]), row[0] if row else None))
            return super().answer(method, params)

    engine = create_engine(url)
    people = [user(57_200 + n) for n in range(10)]
    try:
        async with running(engine, Watching(), make_settings(ADVIESBOT_GROUP_COMMIT_MS=2)) as (application, services):
            for message in ("/start box3", "nee"):
                await all_at_once(application, [text_update(message, user=who) for who in people])
            await idle(services)
    finally:
        await dispose_engine(engine)
    versions: dict[int, list[int | None]] = {}
    for chat, version in seen:
        versions.setdefault(chat, []).append(version)
    for who in people:
        assert versions[who["id"]][0] == 1 and versions[who["id"]][-1] == 2, "committed before it was sent"


async def test_a_conflict_with_another_process_is_retried_not_apologised_for(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = turns.turn_in
    conflicts = iter([True, True])

    def losing_twice(session: Session, **kwargs: Any) -> Any:
        if next(conflicts, False):
            raise StaleState("another process won")
        return real(session, **kwargs)

    monkeypatch.setattr(turns, "turn_in", losing_twice)
    fake = FakeBotApi()
    async with running(engine, fake) as (application, _):
        await send(application, text_update("/start box3"))
    assert "Heeft u een fiscale partner?" in fake.texts()
    assert APOLOGY not in fake.texts()


async def test_a_conflict_that_never_ends_is_given_up_after_a_bound(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = []

    def always_losing(session: Session, **kwargs: Any) -> Any:
        attempts.append(1)
        raise StaleState("another process keeps winning")

    monkeypatch.setattr(turns, "turn_in", always_losing)
    fake = FakeBotApi()
    async with running(engine, fake) as (application, _):
        await send(application, text_update("/start box3"))
    assert len(attempts) == turns.MAX_ATTEMPTS
    assert APOLOGY in fake.texts()


# The group commit itself -------------------------------------------------------------------------------------
class Refused(Expected):
    pass


async def test_units_in_one_group_fail_alone(engine: AsyncEngine) -> None:
    transactions = Transactions(engine, group_window=0.002)

    def insert(n: int) -> Any:
        def work(session: Session) -> int:
            session.execute(text("INSERT INTO health_probe (id, checked_at) VALUES (:n, '2026-01-01')"), {"n": n})
            return n

        return work

    def refuse(session: Session) -> int:
        raise Refused("wrote nothing")

    def broken(session: Session) -> int:
        session.execute(text("INSERT INTO health_probe (id, checked_at) VALUES (2, '2026-01-01')"))
        raise RuntimeError("a bug halfway")

    outcomes = await asyncio.gather(
        transactions.run(insert(1), write=True),
        transactions.run(refuse, write=True),
        transactions.run(broken, write=True),
        transactions.run(insert(3), write=True),
        return_exceptions=True,
    )
    assert outcomes[0] == 1 and outcomes[3] == 3
    assert isinstance(outcomes[1], Refused) and isinstance(outcomes[2], RuntimeError)
    async with engine.connect() as connection:
        ids = sorted((await connection.execute(text("SELECT id FROM health_probe"))).scalars())
    assert ids == [1, 3], "the bug's half-done write is rolled back, the others are kept"
    assert transactions.counts.regrouped == 1


def test_the_group_window_is_bounded_to_two_milliseconds(engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="group_window"):
        Transactions(engine, group_window=0.003)
    with pytest.raises(ValueError):
        make_settings(ADVIESBOT_GROUP_COMMIT_MS=3)


async def test_sqlite_commits_are_synchronous_full(tmp_path: Any) -> None:
    from bot.database import default_database_url, sqlite_companion

    engine = create_engine(default_database_url(tmp_path))
    try:
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA synchronous")).scalar() == 2
        companion = sqlite_companion(engine)
        assert companion is not None
        with companion.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        await dispose_engine(engine)


@pytest.mark.postgres
async def test_a_postgresql_restart_does_not_turn_the_next_message_into_an_error(postgres_url: str) -> None:
    """Without a ping before every transaction: the broken connection is dropped and the turn runs again."""
    import asyncpg  # type: ignore[import-untyped]

    from tests.bot.conftest import _reset_public_schema

    await _reset_public_schema(postgres_url)
    from bot.database import upgrade_database_async

    await upgrade_database_async(postgres_url)
    engine = create_engine(postgres_url)
    fake = FakeBotApi()
    try:
        async with running(engine, fake) as (application, _):
            await send(application, text_update("/start box3"))
            # What a restart does to every open connection of the bot.
            dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
            admin = await asyncpg.connect(dsn)
            try:
                await admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            finally:
                await admin.close()
            await send(application, text_update("nee"))
        assert "Hoeveel spaargeld" in fake.sent_texts()[-1]
        assert APOLOGY not in fake.texts()
    finally:
        await dispose_engine(engine)
