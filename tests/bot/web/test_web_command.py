"""`adviesbot web`: the widget and the API without Telegram, as a real process on 127.0.0.1 and the embedded
SQLite database, stopped by SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.bot.fake_bot_api import free_port

STARTUP_SECONDS = 30.0


def test_adviesbot_web_serves_widget_chat_and_api_without_telegram_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ADVIESBOT_DATA_DIR": str(tmp_path / "data"),
        "WIDGET_ORIGINS": "https://www.jansen.nl",
    }
    log = tmp_path / "web.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"], cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while "website is klaar" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
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
