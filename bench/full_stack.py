"""Benchmark 1 (and the driver of benchmark 2): simulated users through `Application.process_update`.

Our stack is the real composition root (`build_services`, `build_application`) on a real database: a SQLite
file in a temporary directory, or the PostgreSQL database `adviesbot_bench` (created when missing, emptied and
migrated before every run). Only the Bot API is fake. Each scenario runs in a fresh process, started by
`python -m bench`, so that its peak RSS is its own:

    python -m bench.full_stack --scenario sqlite|postgresql|baseline --mode sequential|concurrent --users 1000

prints one JSON object with the figures of that run on its last line of output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from bench.stats import peak_rss_mb, run_figures
from bench.users import (
    FIRST_UPDATE_ID,
    FIRST_USER_ID,
    IN_FLIGHT,
    UPDATES_PER_CONVERSATION,
    WARM_UP_UPDATE_ID,
    WARM_UP_USER_ID,
    drive,
    drive_concurrent,
)
from tests.bot.fake_bot_api import TOKEN, FakeBotApi

SCENARIOS = ("sqlite", "postgresql", "baseline")
BENCH_DATABASE = "adviesbot_bench"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
POSTGRES_URL_VARIABLES = ("ADVIESBOT_BENCH_POSTGRES_URL", "ADVIESBOT_TEST_DATABASE_URL")
MODES = ("sequential", "concurrent")


# PostgreSQL ------------------------------------------------------------------------------------------------------
def postgres_server_url() -> str:
    """Where the bench connects first (normally the `test` database) to create its own database."""
    for variable in POSTGRES_URL_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable]
    return DEFAULT_POSTGRES_URL


def bench_database_url() -> str:
    """ADVIESBOT_BENCH_POSTGRES_URL as it is (its schema is emptied before every run), or else the database
    `adviesbot_bench` next to the test database."""
    from bot.database import async_database_url

    if os.environ.get(POSTGRES_URL_VARIABLES[0]):
        return async_database_url(os.environ[POSTGRES_URL_VARIABLES[0]]).render_as_string(hide_password=False)
    return async_database_url(postgres_server_url()).set(database=BENCH_DATABASE).render_as_string(hide_password=False)


def _asyncpg_dsn(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def ensure_bench_database() -> str | None:
    """Create `adviesbot_bench` when it is missing; None when it is ready, else why PostgreSQL is unusable."""
    import asyncpg  # type: ignore[import-untyped]

    try:
        connection = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", BENCH_DATABASE)
        if not exists:
            # A concurrent bench run may have created it in the meantime.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    except asyncpg.PostgresError as error:
        return f"{type(error).__name__}: {error}"
    finally:
        await connection.close()
    return None


async def postgres_version() -> str | None:
    import asyncpg

    try:
        connection = await asyncpg.connect(_asyncpg_dsn(postgres_server_url()), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return None
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


async def _empty_bench_database(url: str) -> str | None:
    """Drop everything in the bench database; None when done, else why PostgreSQL is unusable."""
    import asyncpg

    try:
        connection = await asyncpg.connect(_asyncpg_dsn(url), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        await connection.execute("CREATE SCHEMA public")
    finally:
        await connection.close()
    return None


# Our stack ----------------------------------------------------------------------------------------------------
def _settings() -> Any:
    from pydantic import SecretStr

    from bot.settings import Settings

    # Explicit values and no .env: a developer's own configuration must not change the figures.
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(TOKEN),
        firm_name="Kantoor Bench",
        ADVIESBOT_IDLE_TIMEOUT_HOURS=24,
        ADVIESBOT_FLOOD_MAX_MESSAGES=20,
        ADVIESBOT_FLOOD_WINDOW_SECONDS=60,
    )


def _state_bytes_query(backend: str) -> str:
    if backend == "postgresql":
        return "SELECT octet_length(state::text) FROM conversation_state WHERE user_id >= :first"
    return "SELECT length(CAST(state AS BLOB)) FROM conversation_state WHERE user_id >= :first"


async def run_ours(
    backend: str, users: int, url: str, mode: str = "sequential", rate: float | None = None
) -> dict[str, Any]:
    from sqlalchemy import text
    from telegram import Update

    from bot.app import build_application, build_services, processing
    from bot.database import create_engine, dispose_engine
    from bot.outbox import collecting_settlements
    from bot.runner import settle_heap

    settings = _settings()
    engine = create_engine(url)
    network = FakeBotApi(record=False, parse_html=False)
    services = build_services(settings, engine)
    application = build_application(settings, services, request=network.request(), polling=False, rate_limit=False)
    through_processor = processing(application)

    async def process(update: Update) -> None:
        # As the webhook does: through the per-chat processor; the update's turn is committed, then its
        # replies go out, then it is acknowledged.
        with collecting_settlements() as settled:
            await through_processor(update)
        if settled:
            await asyncio.gather(*settled)

    in_progress: list[int] = []
    finished: list[int] = []
    rows_per_round: list[int] = []

    async def measure_state(round_index: int) -> None:
        # A connection of its own: it sees only what the turns committed (before they replied).
        async with engine.connect() as connection:
            result = await connection.execute(text(_state_bytes_query(backend)), {"first": FIRST_USER_ID})
            sizes = [int(size) for size in result.scalars()]
        rows_per_round.append(len(sizes))
        (finished if round_index == UPDATES_PER_CONVERSATION - 1 else in_progress).extend(sizes)

    try:
        async with application:
            # One untimed conversation first: lazy imports, the parameter files and the pool are warm.
            await drive(application, network, [WARM_UP_USER_ID], first_update_id=WARM_UP_UPDATE_ID, process=process)
            settle_heap()  # as `adviesbot run` does once it is ready
            rss_before = peak_rss_mb()
            counts_before = dict(network.counts)
            writes = services.transactions.counts
            units_before, commits_before, groups_before = writes.units, writes.commits, len(writes.sizes)
            user_ids = range(FIRST_USER_ID, FIRST_USER_ID + users)
            if mode == "sequential":
                result = await drive(
                    application,
                    network,
                    user_ids,
                    first_update_id=FIRST_UPDATE_ID,
                    after_round=measure_state,
                    process=process,
                )
            else:
                result = await drive_concurrent(
                    application,
                    network,
                    user_ids,
                    first_update_id=FIRST_UPDATE_ID,
                    in_flight=IN_FLIGHT,
                    rate=rate,
                    process=process,
                )
                await measure_state(UPDATES_PER_CONVERSATION - 1)
            await services.sender.idle()
            calls = {k: (v - counts_before.get(k, 0)) / users for k, v in network.counts.items()}
            commits = writes.commits - commits_before
            groups = writes.sizes[groups_before:]
            units = writes.units - units_before
    finally:
        await dispose_engine(engine)
    return {
        **run_figures(result, users, rss_before, calls),
        "mode": mode,
        "rate": rate,
        "commits": commits,
        "commits_per_update": commits / result.updates if result.updates else None,
        "write_units_per_update": units / result.updates if result.updates else None,
        "mean_group_size": statistics.fmean(groups) if groups else None,
        "state_bytes_in_progress_median": statistics.median(in_progress) if in_progress else None,
        "state_bytes_in_progress_max": max(in_progress, default=None),
        "state_bytes_finished_median": statistics.median(finished) if finished else None,
        "state_bytes_finished_max": max(finished, default=None),
        # Every round left one committed row per user, read over another connection without any flush.
        "durable_before_reply": bool(rows_per_round) and all(rows == users for rows in rows_per_round)
        if mode == "sequential"
        else None,
    }


def prepare(scenario: str, workdir: Path) -> tuple[str | None, str | None]:
    """The database URL for the scenario, migrated and empty (before any event loop runs); or why not."""
    from bot.database import default_database_url, upgrade_database

    if scenario == "baseline":
        return None, None
    if scenario == "sqlite":
        url = default_database_url(workdir / "data")
    else:
        if not os.environ.get(POSTGRES_URL_VARIABLES[0]):
            problem = asyncio.run(ensure_bench_database())
            if problem is not None:
                return None, problem
        url = bench_database_url()
        problem = asyncio.run(_empty_bench_database(url))
        if problem is not None:
            return None, problem
    upgrade_database(url)
    return url, None


def run_scenario(
    scenario: str,
    users: int,
    workdir: Path,
    profile: Path | None = None,
    mode: str = "sequential",
    rate: float | None = None,
) -> dict[str, Any]:
    """One run; with `profile`, a pyinstrument profile of the run itself (not the imports or the migrations)."""
    url, problem = prepare(scenario, workdir)
    if problem is not None:
        return {"scenario": scenario, "skipped": problem}
    # Each scenario imports only what it uses (the baseline never loads SQLAlchemy), before any profile starts.
    if scenario == "baseline":
        from bench.baseline import run_baseline
    else:
        import bot.app  # noqa: F401
    recording: contextlib.AbstractContextManager[None] = contextlib.nullcontext()
    if profile is not None:
        from bench.profiling import profiled

        recording = profiled(profile)
    with recording:
        if scenario == "baseline":
            figures = asyncio.run(run_baseline(users, workdir, mode, rate))
        else:
            assert url is not None
            figures = asyncio.run(run_ours(scenario, users, url, mode, rate))
    return {"scenario": scenario, **figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.full_stack")
    parser.add_argument("--scenario", choices=SCENARIOS, required=True)
    parser.add_argument("--mode", choices=MODES, default="sequential")
    parser.add_argument(
        "--rate", type=float, help="concurrent mode: updates arriving per second (default: as fast as answered)"
    )
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--profile", type=Path, help="write a pyinstrument text profile of the run here")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # PTB's per_message advice for the baseline; nothing else warns here
    with tempfile.TemporaryDirectory(prefix=f"bench-{args.scenario}-") as tmp:
        figures = run_scenario(args.scenario, args.users, Path(tmp), args.profile, args.mode, args.rate)
    print(json.dumps(figures))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
