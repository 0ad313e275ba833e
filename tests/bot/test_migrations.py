from __future__ import annotations

import ast
import asyncio
import shutil
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from bot.database import MIGRATIONS_DIR, alembic_config, create_engine, upgrade_database_async
from bot.models import Base

TABLES = {
    "alembic_version",
    "conversation_state",
    "processed_update",
    "lead",
    "outbox",
    "lead_announcement",
    "health_probe",
    "reminder",
    "funnel_event",
    "staff_user",
    "lead_status_change",
    "audit_log",
}


async def _inspect(url: str) -> tuple[set[str], str | None]:
    def read(connection: Connection) -> tuple[set[str], str | None]:
        return set(inspect(connection).get_table_names()), MigrationContext.configure(connection).get_current_revision()

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(read)
    finally:
        await engine.dispose()


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://")).get_current_head()


async def test_upgrade_creates_the_tables_on_an_empty_database_and_can_run_twice(
    empty_database_url: str,
) -> None:
    assert await _inspect(empty_database_url) == (set(), None)

    await upgrade_database_async(empty_database_url)
    await upgrade_database_async(empty_database_url)

    assert await _inspect(empty_database_url) == (TABLES, _head())


async def test_the_models_and_the_migrations_are_in_sync(database_url: str) -> None:
    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


async def test_downgrade_to_base_removes_the_tables_and_upgrade_brings_them_back(database_url: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(database_url), "base")
    assert await _inspect(database_url) == ({"alembic_version"}, None)

    await upgrade_database_async(database_url)
    assert await _inspect(database_url) == (TABLES, _head())


async def test_two_processes_upgrading_at_once_both_succeed(empty_database_url: str, tmp_path: Path) -> None:
    # Separate processes, like the bot and `adviesbot db upgrade` starting together; alembic keeps global
    # state, so threads in one process would not be a fair test.
    script = "import sys; from bot.database import upgrade_database; upgrade_database(sys.argv[1])"
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            script,
            empty_database_url,
            cwd=tmp_path,  # no alembic.ini nearby: the migrations are found through the package
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = [await asyncio.wait_for(process.communicate(), timeout=120) for process in processes]

    for process, (_, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr.decode()
    assert await _inspect(empty_database_url) == (TABLES, _head())


def test_a_new_revision_follows_the_last_and_is_valid_python(tmp_path: Path) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    config = alembic_config("sqlite+aiosqlite://")
    config.set_main_option("script_location", str(scripts))
    head = _head()

    command.revision(config, message="probe", rev_id="9999")

    (generated,) = (scripts / "versions").glob("9999_*.py")
    tree = ast.parse(generated.read_text(encoding="utf-8"))
    assignments = {
        node.target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
    }
    assert assignments["revision"] == "9999"
    assert assignments["down_revision"] == head


async def test_the_staff_outbox_moves_into_the_one_outbox_and_back(empty_database_url: str) -> None:
    """0003: a pending announcement becomes an outbox row, a delivered one a record of where it landed."""
    import datetime as dt

    from sqlalchemy import text

    await upgrade_database_async(empty_database_url, "0002")
    when = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    engine = create_engine(empty_database_url)
    lead = (
        "INSERT INTO lead (id, user_id, naam, kanaal, moment, antwoorden, privacy_versie, toestemming_op, status, "
        "created_at, updated_at) VALUES (:id, 1, 'Anne', 'telefoon', 'ochtend', '[]', 'v1', :t, 'nieuw', :t, :t)"
    )
    outbox = (
        "INSERT INTO lead_outbox (lead_id, soort, created_at, attempts, next_attempt_at, delivered_at, chat_id, "
        "message_id) VALUES (:lead, :soort, :t, :attempts, :t, :delivered, :chat, :message)"
    )
    try:
        async with engine.begin() as connection:
            for lead_id in (1, 2):
                await connection.execute(text(lead), {"id": lead_id, "t": when})
            await connection.execute(
                text(outbox),
                {"lead": 1, "soort": "nieuw", "t": when, "attempts": 1, "delivered": when, "chat": -5, "message": 9},
            )
            await connection.execute(
                text(outbox),
                {
                    "lead": 2,
                    "soort": "nieuw",
                    "t": when,
                    "attempts": 3,
                    "delivered": None,
                    "chat": None,
                    "message": None,
                },
            )
    finally:
        await engine.dispose()

    await upgrade_database_async(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as connection:
            pending = (await connection.execute(text("SELECT lead_id, method, attempts FROM outbox"))).all()
            landed = (
                await connection.execute(text("SELECT lead_id, chat_id, message_id FROM lead_announcement"))
            ).all()
        assert [tuple(row) for row in pending] == [(2, "announceLead", 3)]
        assert [tuple(row) for row in landed] == [(1, -5, 9)]
    finally:
        await engine.dispose()

    await asyncio.to_thread(command.downgrade, alembic_config(empty_database_url), "0002")
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(text("SELECT lead_id, message_id FROM lead_outbox ORDER BY lead_id"))
            ).all()
        assert [tuple(row) for row in rows] == [(1, 9), (2, None)]
    finally:
        await engine.dispose()


async def test_conversations_are_keyed_by_channel_and_id_and_leads_keep_their_channel(
    empty_database_url: str,
) -> None:
    """0020: Telegram's conversations get the id "<chat>:<user>", the terminal's (user 0) their own channel;
    leads and funnel events from before are Telegram's or the terminal's. Down again, the website's go."""
    import datetime as dt

    from sqlalchemy import text

    await upgrade_database_async(empty_database_url, "0010")
    when = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    state = (
        "INSERT INTO conversation_state (chat_id, user_id, state, version, expires_at, updated_at) "
        "VALUES (:chat, :user, '{}', 3, :t, :t)"
    )
    lead = (
        "INSERT INTO lead (id, user_id, naam, kanaal, moment, antwoorden, privacy_versie, toestemming_op, status, "
        "created_at, updated_at) VALUES (:id, :user, 'Anne', 'telefoon', 'ochtend', '[]', 'v1', :t, 'nieuw', :t, :t)"
    )
    event = "INSERT INTO funnel_event (naam, user_id, created_at) VALUES ('lead', :user, :t)"
    engine = create_engine(empty_database_url)
    try:
        async with engine.begin() as connection:
            for chat, user in ((-1001, 42), (42, 42), (0, 0)):
                await connection.execute(text(state), {"chat": chat, "user": user, "t": when})
            for lead_id, user in ((1, 42), (2, 0)):
                await connection.execute(text(lead), {"id": lead_id, "user": user, "t": when})
            for user in (42, 0, None):
                await connection.execute(text(event), {"user": user, "t": when})
    finally:
        await engine.dispose()

    await upgrade_database_async(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        async with engine.begin() as connection:
            keys = (
                await connection.execute(
                    text("SELECT channel, conversation_id, chat_id, user_id, version FROM conversation_state")
                )
            ).all()
            leads = (await connection.execute(text("SELECT id, channel FROM lead ORDER BY id"))).all()
            events = (await connection.execute(text("SELECT user_id, channel FROM funnel_event ORDER BY id"))).all()
            await connection.execute(
                text(
                    "INSERT INTO conversation_state (channel, conversation_id, chat_id, user_id, state, version, "
                    "expires_at, updated_at) VALUES ('web', :id, -7, -7, '{}', 1, :t, :t)"
                ),
                {"id": "0f" * 16, "t": when},
            )
        assert sorted(tuple(row) for row in keys) == [
            ("telegram", "-1001:42", -1001, 42, 3),
            ("telegram", "42:42", 42, 42, 3),
            ("terminal", "0:0", 0, 0, 3),
        ]
        assert [tuple(row) for row in leads] == [(1, "telegram"), (2, "terminal")]
        assert [tuple(row) for row in events] == [(42, "telegram"), (0, "terminal"), (None, "telegram")]
    finally:
        await engine.dispose()

    await asyncio.to_thread(command.downgrade, alembic_config(empty_database_url), "0010")
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT chat_id, user_id FROM conversation_state"))).all()
            lead_columns = {
                column["name"] for column in await connection.run_sync(lambda sync: inspect(sync).get_columns("lead"))
            }
        assert sorted(tuple(row) for row in rows) == [(-1001, 42), (0, 0), (42, 42)]
        assert "channel" not in lead_columns
    finally:
        await engine.dispose()
