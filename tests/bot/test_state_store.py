from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.database import create_engine, database_reachable, default_database_url, dispose_engine
from bot.state_store import StaleState, StateStore, StoredState

NOW = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
IDLE = timedelta(hours=24)
CHAT, USER = -100123456789, 987654321  # group chat ids are negative and beyond 32 bits


async def commit(
    store: StateStore,
    state: dict[str, object] | None,
    expected_version: int | None,
    *,
    update_id: int | None = None,
    now: datetime = NOW,
    chat_id: int = CHAT,
    user_id: int = USER,
) -> int | None:
    """The new version, or None for a redelivered update."""
    committed = await store.commit_turn(
        update_id=update_id,
        chat_id=chat_id,
        user_id=user_id,
        state=state,
        expected_version=expected_version,
        idle_timeout=IDLE,
        now=now,
    )
    return None if committed is None else committed.version


async def test_a_new_state_is_inserted_with_version_1_and_read_back(store: StateStore) -> None:
    state = {"fase": "vraag", "onderwerp": "box3", "antwoorden": {"spaargeld": "12500.00"}, "v": 1}

    assert await commit(store, state, None, update_id=1) == 1

    assert await store.load(CHAT, USER) == StoredState(state=state, version=1, expires_at=NOW + IDLE)
    assert await store.load(CHAT, USER + 1) is None


async def test_writing_with_the_right_version_increments_it(store: StateStore) -> None:
    await commit(store, {"fase": "menu"}, None, update_id=1)
    later = NOW + timedelta(minutes=3)

    assert await commit(store, {"fase": "vraag"}, 1, update_id=2, now=later) == 2
    assert await commit(store, {"fase": "samenvatting"}, 2, update_id=3, now=later) == 3

    assert await store.load(CHAT, USER) == StoredState({"fase": "samenvatting"}, 3, later + IDLE)


async def test_writing_with_a_stale_version_raises_and_leaves_state_and_update_id_untouched(
    store: StateStore,
) -> None:
    await commit(store, {"fase": "menu"}, None, update_id=1)
    await commit(store, {"fase": "vraag"}, 1, update_id=2)

    with pytest.raises(StaleState):
        await commit(store, {"fase": "klaar"}, 1, update_id=3, now=NOW + timedelta(hours=1))

    assert await store.load(CHAT, USER) == StoredState({"fase": "vraag"}, 2, NOW + IDLE)
    # update 3 was not recorded: handled again from the fresh state, it goes through.
    assert await commit(store, {"fase": "klaar"}, 2, update_id=3) == 3


async def test_starting_a_conversation_that_already_exists_is_stale(store: StateStore) -> None:
    await commit(store, {"fase": "menu"}, None, update_id=1)

    with pytest.raises(StaleState):
        await commit(store, {"fase": "vraag"}, None, update_id=2)

    assert await store.load(CHAT, USER) == StoredState({"fase": "menu"}, 1, NOW + IDLE)
    assert await commit(store, {"fase": "vraag"}, 1, update_id=2) == 2


async def test_the_same_update_id_committed_twice_returns_none_and_changes_nothing(store: StateStore) -> None:
    assert await commit(store, {"fase": "menu"}, None, update_id=42) == 1

    assert await commit(store, {"fase": "vraag"}, 1, update_id=42, now=NOW + timedelta(hours=2)) is None

    assert await store.load(CHAT, USER) == StoredState({"fase": "menu"}, 1, NOW + IDLE)


async def test_a_redelivered_update_is_recognised_before_the_version_is_checked(store: StateStore) -> None:
    await commit(store, {"fase": "menu"}, None, update_id=42)

    # The redelivery was computed from the state before update 42: stale, but already answered.
    assert await commit(store, {"fase": "menu"}, None, update_id=42) is None


async def test_turns_without_an_update_id_are_not_deduplicated(store: StateStore) -> None:
    assert await commit(store, {"fase": "menu"}, None) == 1
    assert await commit(store, {"fase": "vraag"}, 1) == 2


async def test_deleting_ends_the_conversation(store: StateStore) -> None:
    await commit(store, {"fase": "klaar"}, None, update_id=1)

    assert await commit(store, None, 1, update_id=2) == 0

    assert await store.load(CHAT, USER) is None
    assert await commit(store, {"fase": "menu"}, None, update_id=3) == 1


async def test_deleting_with_a_stale_version_keeps_the_conversation(store: StateStore) -> None:
    await commit(store, {"fase": "menu"}, None, update_id=1)
    await commit(store, {"fase": "vraag"}, 1, update_id=2)

    with pytest.raises(StaleState):
        await commit(store, None, 1, update_id=3)
    with pytest.raises(StaleState):
        await commit(store, None, None, update_id=3)

    assert await store.load(CHAT, USER) == StoredState({"fase": "vraag"}, 2, NOW + IDLE)


async def test_ending_a_conversation_that_never_started_is_a_no_op(store: StateStore) -> None:
    assert await commit(store, None, None, update_id=1) == 0
    assert await store.load(CHAT, USER) is None
    assert await commit(store, None, None, update_id=1) is None


async def test_expires_at_is_stored_aware_and_survives_a_restart(database_url: str) -> None:
    # 01:30 CET on the night the clocks go forward: wall-clock arithmetic would give 23 hours, not 24.
    amsterdam_now = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    engine = create_engine(database_url)
    try:
        await commit(StateStore(engine), {"fase": "vraag"}, None, update_id=1, now=amsterdam_now)
    finally:
        await dispose_engine(engine)

    restarted = create_engine(database_url)
    try:
        stored = await StateStore(restarted).load(CHAT, USER)
    finally:
        await dispose_engine(restarted)

    assert stored is not None
    assert stored.expires_at == datetime(2026, 3, 30, 0, 30, tzinfo=UTC)
    assert stored.expires_at.utcoffset() == timedelta(0)
    assert stored.expires_at - amsterdam_now == IDLE
    assert not stored.is_expired(datetime(2026, 3, 30, 0, 29, tzinfo=UTC))
    assert stored.is_expired(datetime(2026, 3, 30, 2, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))


async def test_two_concurrent_turns_on_the_same_version_let_exactly_one_win(database_url: str) -> None:
    engines = [create_engine(database_url), create_engine(database_url)]
    try:
        first, second = (StateStore(engine) for engine in engines)
        await commit(first, {"fase": "menu"}, None, update_id=1)

        outcomes = await asyncio.gather(
            commit(first, {"fase": "vraag", "door": "eerste"}, 1, update_id=2),
            commit(second, {"fase": "vraag", "door": "tweede"}, 1, update_id=3),
            return_exceptions=True,
        )

        assert sorted(map(type, outcomes), key=lambda kind: kind.__name__) == [StaleState, int]
        winner = "eerste" if outcomes[0] == 2 else "tweede"
        stored = await second.load(CHAT, USER)
        assert stored is not None
        assert (stored.version, stored.state["door"]) == (2, winner)
    finally:
        for engine in engines:
            await dispose_engine(engine)


async def test_two_concurrent_first_turns_let_exactly_one_win(database_url: str) -> None:
    engines = [create_engine(database_url), create_engine(database_url)]
    try:
        outcomes = await asyncio.gather(
            *(commit(StateStore(engine), {"door": n}, None, update_id=n) for n, engine in enumerate(engines)),
            return_exceptions=True,
        )

        assert sorted(map(type, outcomes), key=lambda kind: kind.__name__) == [StaleState, int]
        stored = await StateStore(engines[0]).load(CHAT, USER)
        assert stored is not None
        assert stored.state == {"door": outcomes.index(1)}
    finally:
        for engine in engines:
            await dispose_engine(engine)


async def test_the_same_update_delivered_to_two_workers_at_once_is_handled_once(database_url: str) -> None:
    engines = [create_engine(database_url), create_engine(database_url)]
    try:
        outcomes = await asyncio.gather(
            *(commit(StateStore(engine), {"fase": "menu"}, None, update_id=7) for engine in engines)
        )
        assert sorted(outcomes, key=str) == [1, None]
    finally:
        for engine in engines:
            await dispose_engine(engine)


async def test_delete_user_removes_every_conversation_of_that_user_only(store: StateStore) -> None:
    await commit(store, {"waar": "groep"}, None, chat_id=-1001)
    await commit(store, {"waar": "privé"}, None, chat_id=USER)
    await commit(store, {"waar": "groep"}, None, chat_id=-1001, user_id=USER + 1)

    assert await store.delete_user(USER) == 2
    assert await store.delete_user(USER) == 0

    assert await store.load(-1001, USER) is None
    assert await store.load(USER, USER) is None
    assert await store.load(-1001, USER + 1) is not None


async def test_pruning_forgets_only_updates_older_than_the_cut_off(store: StateStore) -> None:
    await commit(store, {"n": 1}, None, update_id=1, now=NOW - timedelta(days=3))
    await commit(store, {"n": 2}, 1, update_id=2, now=NOW)

    assert await store.prune_processed_updates(NOW - timedelta(days=1)) == 1

    assert await commit(store, {"n": 3}, 2, update_id=1) == 3
    assert await commit(store, {"n": 4}, 3, update_id=2) is None


async def test_naive_datetimes_are_refused(store: StateStore) -> None:
    with pytest.raises(ValueError, match="aware"):
        await commit(store, {"fase": "menu"}, None, now=datetime(2026, 1, 5, 9, 30))
    with pytest.raises(ValueError, match="aware"):
        await store.prune_processed_updates(datetime(2026, 1, 5))
    assert await store.load(CHAT, USER) is None


async def test_the_database_is_reachable(engine: AsyncEngine) -> None:
    assert await database_reachable(engine)


async def test_a_database_that_cannot_be_read_is_unreachable(tmp_path: Path) -> None:
    # A damaged file rather than a missing directory: aiosqlite 0.22 leaves a worker thread behind after a
    # failed open, which then reports to the closed test loop.
    (tmp_path / "adviesbot.sqlite3").write_bytes(b"dit is geen SQLite-bestand " * 200)
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'adviesbot.sqlite3'}")
    try:
        assert not await database_reachable(engine)
    finally:
        await dispose_engine(engine)


def test_the_default_database_is_a_file_in_the_data_directory(tmp_path: Path) -> None:
    url = default_database_url(tmp_path / "nieuw" / "data")

    assert (tmp_path / "nieuw" / "data").is_dir()
    assert url == f"sqlite+aiosqlite:///{tmp_path / 'nieuw' / 'data' / 'adviesbot.sqlite3'}"
