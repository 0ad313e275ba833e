import asyncpg  # type: ignore[import-untyped]
import pytest


@pytest.mark.postgres
async def test_the_test_database_answers_a_query(postgres_url: str) -> None:
    connection = await asyncpg.connect(postgres_url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        assert await connection.fetchval("select 1 + 1") == 2
    finally:
        await connection.close()
