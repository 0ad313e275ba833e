"""`adviesbot beheer gebruiker toevoegen|verwijderen|lijst`, `adviesbot beheer` without a secret key, and the
dashboard inside the webhook server."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli import main
from bot.dashboard.accounts import InvalidAccount, verify_password
from bot.dashboard.commands import read_password
from bot.dashboard.server import optional_dashboard
from bot.dashboard.staff_store import StaffStore
from bot.webhook import build_webhook_app
from tests.bot.dashboard_site import SECRET_KEY
from tests.bot.fake_bot_api import FakeBotApi, free_port, running_bot
from tests.bot.in_process import make_settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    return database_url


async def run(args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """The command as from a script: the password on standard input, which is not a terminal."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return await asyncio.to_thread(main, args)


async def test_a_user_added_from_a_script_is_stored_with_an_argon2_hash_of_the_password(
    cli_env: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run(["beheer", "gebruiker", "toevoegen", " Anne@Kantoor.NL "], "een lang wachtwoord\n", monkeypatch)
    assert code == 0
    assert "Gebruiker anne@kantoor.nl toegevoegd." in capsys.readouterr().out
    user = await StaffStore(engine).user_by_email("anne@kantoor.nl")
    assert user is not None and user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "een lang wachtwoord").ok
    assert not verify_password(user.password_hash, "een lang wachtwoord\n").ok, "the newline is not the password"


async def test_adding_an_existing_user_a_short_password_or_a_bad_address_fails_with_a_reason(
    cli_env: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run(["beheer", "gebruiker", "toevoegen", "a@kantoor.nl"], "een lang wachtwoord\n", monkeypatch) == 0
    capsys.readouterr()
    assert await run(["beheer", "gebruiker", "toevoegen", "a@kantoor.nl"], "nog een wachtwoord!\n", monkeypatch) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert await run(["beheer", "gebruiker", "toevoegen", "b@kantoor.nl"], "kort\n", monkeypatch) == 2
    assert "te kort: gebruik minstens 12 tekens" in capsys.readouterr().err
    assert await run(["beheer", "gebruiker", "toevoegen", "geen-adres"], "een lang wachtwoord\n", monkeypatch) == 2
    assert "geen geldig e-mailadres" in capsys.readouterr().err
    assert [u.email for u in await StaffStore(engine).users()] == ["a@kantoor.nl"]


async def test_a_removed_user_is_gone_and_the_list_shows_who_is_left(
    cli_env: str, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for email in ("a@kantoor.nl", "b@kantoor.nl"):
        assert await run(["beheer", "gebruiker", "toevoegen", email], "een lang wachtwoord\n", monkeypatch) == 0
    assert await run(["beheer", "gebruiker", "verwijderen", "A@kantoor.nl"], "", monkeypatch) == 0
    assert await run(["beheer", "gebruiker", "verwijderen", "a@kantoor.nl"], "", monkeypatch) == 1
    capsys.readouterr()
    assert await run(["beheer", "gebruiker", "lijst"], "", monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "b@kantoor.nl"


def test_adviesbot_beheer_without_a_secret_key_refuses_to_start_and_says_why(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"ADVIESBOT_SECRET_KEY", "DATABASE_URL"}}
    env.update(ADVIESBOT_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "beheer"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Het beheerscherm start niet: ADVIESBOT_SECRET_KEY ontbreekt" in result.stderr
    assert not (tmp_path / "data").exists(), "it stops before it touches the database"


async def test_the_webhook_server_serves_the_dashboard_under_beheer_when_it_has_a_secret_key(
    engine: AsyncEngine,
) -> None:
    dashboard = optional_dashboard(make_settings(ADVIESBOT_SECRET_KEY=SECRET_KEY), engine)
    assert dashboard is not None
    web = build_webhook_app(
        object(), engine, path="/telegram/x", secret="s", reply_wait=1, process=_no_updates, dashboard=dashboard
    )  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as client:
        assert (await client.get("/beheer/inloggen")).status_code == 200
        assert (await client.get("/beheer/aanvragen")).headers[
            "location"
        ] == "/beheer/inloggen?volgende=%2Fbeheer%2Faanvragen"
        assert (await client.get("/healthz")).status_code == 200


async def test_without_a_secret_key_the_webhook_server_runs_without_the_dashboard_and_logs_why(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert optional_dashboard(make_settings(), engine) is None
    assert "ADVIESBOT_SECRET_KEY ontbreekt" in caplog.text
    web = build_webhook_app(
        object(), engine, path="/telegram/x", secret="s", reply_wait=1, process=_no_updates, dashboard=None
    )  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bot") as client:
        assert (await client.get("/beheer/inloggen")).status_code == 404


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_adviesbot_beheer_serves_the_dashboard_and_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        ADVIESBOT_DATA_DIR=str(tmp_path / "data"),
        ADVIESBOT_SECRET_KEY=SECRET_KEY,
        HOST="127.0.0.1",
        PORT=str(port),
        PYTHONPATH=str(ROOT),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "beheer"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.communicate()[0]
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2, trust_env=False)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "adviesbot beheer did not start serving"
                time.sleep(0.1)
        assert response.status_code == 303 and response.headers["location"] == "/beheer/"
        process.send_signal(stop)
        output = process.communicate(timeout=20)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert "nog geen gebruikers" in output, "it says how to make the first account"


def test_e2e_the_bot_in_webhook_mode_serves_the_dashboard_with_a_secret_key(tmp_path: Path) -> None:
    with FakeBotApi() as fake, running_bot(fake, tmp_path, extra_env={"ADVIESBOT_SECRET_KEY": SECRET_KEY}) as bot:
        assert bot.get("/beheer/inloggen").status_code == 200
        redirect = bot.get("/beheer/aanvragen")
        assert redirect.status_code == 303 and redirect.headers["location"].startswith("/beheer/inloggen")
        assert bot.get("/healthz").status_code == 200
    assert SECRET_KEY not in bot.output(), "the key is never logged"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_the_password_is_asked_twice_and_must_match(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["een lang wachtwoord", "een lang wachtwoord", "een lang wachtwoord", "een ander wachtwoord"])
    prompts: list[str] = []

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("getpass.getpass", getpass)
    assert read_password(_Terminal()) == "een lang wachtwoord"
    assert prompts == ["Wachtwoord: ", "Nog een keer: "]
    with pytest.raises(InvalidAccount, match="De twee wachtwoorden verschillen"):
        read_password(_Terminal())


async def _no_updates(_update: object) -> None:
    raise AssertionError("no Telegram update is posted in these tests")
