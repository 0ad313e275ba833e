"""Shared fixtures. PostgreSQL-backed tests run when ADVIESBOT_TEST_DATABASE_URL is set (CI sets it)."""

from __future__ import annotations

import asyncio
import os

import pytest

POSTGRES_URL_VARIABLE = "ADVIESBOT_TEST_DATABASE_URL"


def _postgres_reachable(url: str) -> str | None:
    """Return None when the database answers, else the reason it does not."""
    import asyncpg  # type: ignore[import-untyped]

    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)

    async def probe() -> None:
        connection = await asyncpg.connect(dsn, timeout=5)
        await connection.close()

    try:
        asyncio.run(probe())
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL URL for tests; skips locally without one, fails under CI when it is unreachable."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set under CI=true")
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    problem = _postgres_reachable(url)
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL_VARIABLE} is unreachable under CI: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    return url
