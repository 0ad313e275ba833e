"""`adviesbot web`: the widget and the API without Telegram, as a real process on 127.0.0.1 and the embedded
SQLite database, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.bot.fake_bot_api import TOKEN, FakeBotApi, free_port
from tests.bot.web.site import ORIGIN, Visitor, box3_result, leave_lead

STARTUP_SECONDS = 30.0


def start_web(tmp_path: Path, **extra: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    """`adviesbot web` on a free port, once it says it is ready: the process, its base URL and its log."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ADVIESBOT_DATA_DIR": str(tmp_path / "data"),
        "WIDGET_ORIGINS": "https://www.jansen.nl",
        **extra,
    }
    log = tmp_path / "web.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"], cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while "website is klaar" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(log.read_text())
        time.sleep(0.1)
    return process, f"http://127.0.0.1:{port}", log


def test_adviesbot_web_serves_widget_chat_and_api_without_telegram_and_stops_on_sigterm(tmp_path: Path) -> None:
    process, base, log = start_web(tmp_path)
    try:
        with httpx.Client(base_url=base, trust_env=False, timeout=10) as client:
            health = client.get("/healthz")
            script = client.get("/widget.js")
            chat = client.post("/api/v1/chat", json={"tekst": "/start"}, headers={"Origin": "https://www.jansen.nl"})
            calculation = client.post(
                "/api/v1/bereken/box3",
                json={"jaar": 2026, "spaargeld": 150000, "beleggingen": 0, "schulden": 0, "fiscale_partner": False},
            )
            beheer = client.get("/beheer/")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    assert health.json() == {"status": "ok"}
    assert "attachShadow" in script.text
    assert chat.status_code == 200 and chat.headers["access-control-allow-origin"] == "https://www.jansen.nl"
    assert calculation.json()["uitkomst"]["box3_belasting"] == 417.6
    assert beheer.status_code == 404, "no dashboard without ADVIESBOT_SECRET_KEY"
    assert (tmp_path / "data" / "adviesbot.sqlite3").exists()
    assert "Traceback" not in log.read_text()


async def test_adviesbot_web_with_a_bot_token_announces_a_website_lead_in_the_staff_chat_once(tmp_path: Path) -> None:
    staff_chat = -100_4242
    with FakeBotApi() as fake:
        process, base, log = start_web(
            tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, LEADS_CHAT_ID=str(staff_chat)
        )
        try:
            async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=10) as client:
                visitor = Visitor(client, origin=ORIGIN)
                await box3_result(visitor)
                await leave_lead(visitor)
            announced = fake.wait_for(lambda: fake.sent_texts(staff_chat))
            # A second announcement would come from the outbox scan (every 2 s), or not at all.
            await asyncio.sleep(2.5)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0, log.read_text()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        staff_messages = fake.sent_texts(staff_chat)

    assert len(announced) == 1 and "Anne de Vries" in announced[0] and "Gesprek via: de website" in announced[0]
    assert staff_messages == announced, "announced once, also after the outbox scan and the stop"
    assert TOKEN not in log.read_text()
    assert "Traceback" not in log.read_text()
