"""The webhook (bot/webhook.py) in process: only Telegram's secret gets in, only an update is processed (400 for
anything else), and /healthz is honest about writes; on SQLite and PostgreSQL. The HTTP server's own limits
against half-open connections are tested on a real `adviesbot run` at the end."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.app import BotApplication
from bot.database import async_database_url, create_engine, dispose_engine
from bot.webhook import SECRET_HEADER, build_webhook_app
from tests.bot.fake_bot_api import FakeBotApi, message_update, running_bot, text_update, user
from tests.bot.in_process import running

SECRET = "s" * 40
PATH = "/telegram/geheim"


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[BotApplication]:
    async with running(engine, fake) as (application, _):
        yield application


@pytest.fixture
async def client(app: BotApplication, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    web = build_webhook_app(app, engine, path=PATH, secret=SECRET, reply_wait=5)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as http:
        yield http


async def post(client: httpx.AsyncClient, body: Any, *, secret: str | None = SECRET) -> httpx.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return await client.post(PATH, content=content, headers=headers)


async def test_an_update_with_the_secret_is_answered_before_the_200(
    client: httpx.AsyncClient, fake: FakeBotApi
) -> None:
    response = await post(client, text_update("/start"))
    assert response.status_code == 200
    assert "Welkom" in fake.texts(), "the reply went out before the acknowledgement"


@pytest.mark.parametrize("secret", [None, "", "verkeerd", SECRET + "x", SECRET[:-1]])
async def test_a_forged_update_without_the_right_secret_gets_403_and_no_trace(
    client: httpx.AsyncClient, fake: FakeBotApi, secret: str | None
) -> None:
    assert (await post(client, text_update("/export"), secret=secret)).status_code == 403
    assert fake.methods() == ["getMe"], "nothing but the start-up call"


def test_a_webhook_without_a_secret_cannot_be_built(app: BotApplication, engine: AsyncEngine) -> None:
    with pytest.raises(ValueError, match="secret"):
        build_webhook_app(app, engine, path=PATH, secret="", reply_wait=0)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"update"',
        b"null",
        b"{}",
        b'{"update_id": "abc"}',
        b'{"update_id": true}',
        b'{"update_id": 1, "message": "x"}',
        b'{"update_id": 1, "message": {"text": "hi"}}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": "x", "chat": {"id": 1, "type": "private"}}}',
    ],
    ids=[
        "broken-json",
        "not-utf8",
        "list",
        "string",
        "null",
        "no-update-id",
        "text-update-id",
        "bool-update-id",
        "message-string",
        "message-without-date",
        "bad-date",
    ],
)
async def test_a_body_that_is_no_update_gets_400_and_nothing_else(
    client: httpx.AsyncClient, fake: FakeBotApi, body: bytes
) -> None:
    assert (await post(client, body)).status_code == 400
    assert fake.methods() == ["getMe"], "nothing but the start-up call"


async def test_a_body_too_large_to_be_an_update_gets_413(client: httpx.AsyncClient) -> None:
    big = {"update_id": 5, "message": {"text": "x" * (1 << 20)}}
    assert (await post(client, big)).status_code == 413


async def test_healthz_answers_ok_when_the_database_takes_a_write(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_healthz_fails_when_the_database_reads_but_cannot_write(app: BotApplication, database_url: str) -> None:
    """As on a full disk: SELECT 1 still works, every turn would fail."""
    if make_url(database_url).get_backend_name() == "postgresql":
        read_only = {"server_settings": {"default_transaction_read_only": "on"}}
        engine = create_async_engine(async_database_url(database_url), connect_args=read_only)
    else:
        engine = create_engine(database_url)

        @event.listens_for(engine.sync_engine, "connect")
        def query_only(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")

    try:
        web = build_webhook_app(app, engine, path=PATH, secret=SECRET, reply_wait=0)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as http:
            async with engine.connect() as connection:
                await connection.exec_driver_sql("SELECT 1")  # reads are fine
            response = await http.get("/healthz")
        assert (response.status_code, response.json()) == (503, {"status": "unavailable"})
    finally:
        await dispose_engine(engine)


# The HTTP server: a real process -----------------------------------------------------------------------------
@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as fake_api:
        yield fake_api


def half_open(port: int) -> socket.socket:
    """A connection that sends half a request line and then nothing."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"POST /telegram/x HTT")
    return sock


def test_half_open_connections_are_closed_and_cannot_crowd_out_telegram(api: FakeBotApi, tmp_path: Path) -> None:
    limits = {"ADVIESBOT_HTTP_REQUEST_TIMEOUT_SECONDS": "1", "ADVIESBOT_HTTP_MAX_CONNECTIONS": "4"}
    with running_bot(api, tmp_path, extra_env=limits) as bot:
        stalled = [half_open(bot.port) for _ in range(4)]
        try:
            # Past the limit (once the server has taken the stalled connections in): refused at once, not queued.
            refused = api.wait_for(lambda: bot.get("/healthz").status_code == 503, timeout=2, interval=0.02)
            assert refused
            started = time.monotonic()
            for sock in stalled:
                sock.settimeout(5)
                assert sock.recv(1024) == b"", "the server closed the half-open connection"
            assert time.monotonic() - started < 3, "within the request time limit (1 s here)"
        finally:
            for sock in stalled:
                sock.close()
        who = user(59_001)
        assert bot.post_update(message_update("/start", who)).status_code == 200
        assert "Welkom" in api.sent_texts(who["id"])[0]
