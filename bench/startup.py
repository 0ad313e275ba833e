"""Benchmark 4: start-up, measured from outside the process as a user or an orchestrator sees it.

- `python -m bot chat` with stdin a pipe: from just before the process is spawned until the first line with
  "Kies een onderwerp" arrives on its stdout.
- `adviesbot run` in webhook mode against the bench's own fake Bot API on 127.0.0.1, on a fresh SQLite database
  (so the migrations run, as on a first start): from spawn until GET /healthz answers 200.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bot.fake_bot_api import FakeBotApi

TOKEN = "123456:BENCH"  # noqa: S105 (a fake token for the fake Bot API)

FIRST_PROMPT = "Kies een onderwerp"
TIMEOUT_SECONDS = 30.0


class StartupFailed(Exception):
    pass


def _base_env(workdir: Path) -> dict[str, str]:
    # A minimal environment: nothing of the developer's configuration (or a .env in the checkout) leaks in.
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "PYTHONUNBUFFERED": "1",
    }


def chat_first_prompt_seconds() -> float:
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as tmp:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat"],
            cwd=tmp,
            env=_base_env(Path(tmp)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert process.stdout is not None
            selector = selectors.DefaultSelector()
            selector.register(process.stdout, selectors.EVENT_READ)
            seen = b""
            deadline = started + TIMEOUT_SECONDS
            while FIRST_PROMPT.encode() not in seen:
                if not selector.select(timeout=max(0.0, deadline - time.perf_counter())):
                    raise StartupFailed(f"no {FIRST_PROMPT!r} within {TIMEOUT_SECONDS} s: {seen[-500:]!r}")
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    raise StartupFailed(f"chat exited before the first prompt: {seen[-500:]!r}")
                seen += chunk
            elapsed = time.perf_counter() - started
        finally:
            if process.stdin is not None:
                with contextlib.suppress(BrokenPipeError):
                    process.stdin.close()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        return elapsed


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthz(port: int) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def _adviesbot_command() -> list[str]:
    script = Path(sys.executable).parent / "adviesbot"
    return [str(script), "run"] if script.exists() else [sys.executable, "-m", "bot", "run"]


def run_ready_seconds() -> float:
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp, FakeBotApi(TOKEN, record=False) as api:
        workdir = Path(tmp)
        port = _free_port()
        env = _base_env(workdir) | {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "ADVIESBOT_DATA_DIR": str(workdir),
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}",
            "WEBHOOK_URL": "https://bot.example.test/telegram/bench",
            "WEBHOOK_SECRET": "bench-secret-bench-secret-bench-secret",
        }
        log = (workdir / "run.log").open("wb")
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter or console script)
            _adviesbot_command(), cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = started + TIMEOUT_SECONDS
            while _healthz(port) != 200:
                if process.poll() is not None:
                    raise StartupFailed(f"adviesbot run exited with {process.returncode}: {_tail(workdir)}")
                if time.perf_counter() > deadline:
                    raise StartupFailed(f"/healthz not 200 within {TIMEOUT_SECONDS} s: {_tail(workdir)}")
                time.sleep(0.005)
            elapsed = time.perf_counter() - started
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        return elapsed


def _tail(workdir: Path) -> str:
    path = workdir / "run.log"
    return path.read_text(errors="replace")[-1500:] if path.exists() else ""


def profile_chat(output: Path) -> None:
    """A pyinstrument profile of `adviesbot chat` up to its first prompt (stdin empty: it ends right after)."""
    import io

    from bench.profiling import profiled

    with profiled(output, interval=0.0002):
        from bot.cli import main

        sys.stdin = io.StringIO("")
        main(["chat"])


if __name__ == "__main__":
    profile_chat(Path(sys.argv[sys.argv.index("--profile") + 1]))
