"""A fake Telegram Bot API on 127.0.0.1, and a runner for real `adviesbot run` processes that talk to it.

`FakeBotApi` answers `POST /bot<token>/<method>` in a background thread, records every call with its parsed
parameters (PTB posts form-encoded bodies; JSON bodies work too) and serves `getUpdates` long polls from a
queue filled with `push_update`. `BotProcess` starts `python -m bot run` as a child process with a minimal
environment and always ends it. Everything waits with a deadline; nothing here talks beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from tests.bot.telegram_fakes import CHAT, button_update, text_update

TOKEN = "123456:TEST"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Adviesbot", "username": "advies_bot"}
# Form-encoded parameters that PTB sends as JSON text; everything else (text, url, ...) stays a string.
JSON_PARAMETERS = frozenset(
    {"reply_markup", "commands", "allowed_updates", "entities", "link_preview_options", "scope"}
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
# A long poll never holds the line longer than this, whatever timeout the bot asks for.
MAX_LONG_POLL_SECONDS = 1.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeBotApi:
    """The Bot API as far as the bot uses it; `calls()` is the record of what the bot sent."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self._lock = threading.Condition()
        self._calls: list[tuple[str, dict[str, Any], Any]] = []
        self._updates: list[dict[str, Any]] = []
        self._message_ids = itertools.count(5000)
        self._answered_queries: set[str] = set()
        self._stopping = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # What the tests use

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """The parameters of every call of `method` (of every call when None), oldest first."""
        with self._lock:
            return [dict(params) for name, params, _ in self._calls if method is None or name == method]

    def results(self, method: str) -> list[Any]:
        """What the fake answered to every call of `method`, e.g. the Message objects of sendMessage."""
        with self._lock:
            return [result for name, _, result in self._calls if name == method]

    def methods(self) -> list[str]:
        with self._lock:
            return [name for name, _, _ in self._calls]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """The text of every sendMessage (to `chat_id`), with non-breaking spaces made plain."""
        return [
            str(params.get("text", "")).replace("\xa0", " ")
            for params in self.calls("sendMessage")
            if chat_id is None or int(params["chat_id"]) == chat_id
        ]

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0, interval: float = 0.05) -> Any:
        """Poll `predicate` until it returns something truthy, which is returned; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result:
                return result
            if time.monotonic() >= deadline:
                raise AssertionError(f"not seen within {timeout} s; Bot API calls so far: {self.methods()}")
            time.sleep(interval)

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for the bot's next getUpdates."""
        with self._lock:
            self._updates.append(update)
            self._lock.notify_all()

    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._updates)

    # The server side

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        status, payload = self._result(method, params)
        with self._lock:
            self._calls.append((method, params, payload.get("result")))
        return status, payload

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "answerCallbackQuery":
            return self._answer_callback_query(str(params.get("callback_query_id", "")))
        if method in {"setWebhook", "deleteWebhook", "setMyCommands"}:
            return 200, {"ok": True, "result": True}
        if method in {"sendMessage", "editMessageText"}:
            # An edit answers with the edited message; a new message gets the next id.
            message_id = int(params["message_id"]) if "message_id" in params else next(self._message_ids)
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
            if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
                message["reply_markup"] = params["reply_markup"]
            return 200, {"ok": True, "result": message}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _answer_callback_query(self, query_id: str) -> tuple[int, dict[str, Any]]:
        # Telegram takes one answer per callback query; a second one is refused like an expired query.
        with self._lock:
            repeated = query_id in self._answered_queries
            self._answered_queries.add(query_id)
        if repeated:
            return 400, {"ok": False, "error_code": 400, "description": QUERY_INVALID}
        return 200, {"ok": True, "result": True}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        wait = min(float(params.get("timeout") or 0), MAX_LONG_POLL_SECONDS)
        deadline = time.monotonic() + wait
        with self._lock:
            while True:
                # An offset confirms every update before it: Telegram forgets those for good.
                self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
                remaining = deadline - time.monotonic()
                if self._updates or remaining <= 0 or self._stopping:
                    return self._updates[:limit]
                self._lock.wait(remaining)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                parts = urlparse(self.path).path.strip("/").split("/")
                if len(parts) != 2 or not parts[0].startswith("bot"):
                    self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                if parts[0].removeprefix("bot") != fake.token:
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                try:
                    params = self._params()
                except ValueError as error:
                    self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"})
                    return
                self._reply(*fake._answer(parts[1], params))

            def _params(self) -> dict[str, Any]:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                if not body:
                    return {}
                if kind == "application/json":
                    parsed = json.loads(body)
                    if not isinstance(parsed, dict):
                        raise ValueError("the JSON body is not an object")
                    return parsed
                if kind == "application/x-www-form-urlencoded":
                    fields = parse_qs(body.decode(), keep_blank_values=True, strict_parsing=True)
                    return {
                        name: json.loads(values[-1]) if name in JSON_PARAMETERS else values[-1]
                        for name, values in fields.items()
                    }
                raise ValueError(f"unsupported content type {kind!r}")

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                body = json.dumps(payload).encode()
                # The bot may hang up first (a long poll cancelled at shutdown): nobody is left to answer.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

        return Handler


def inline_keyboard(message: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The inline keyboard of a sent message (its recorded parameters or the Message), [] when none."""
    markup = message.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return list(markup.get("inline_keyboard", [])) if isinstance(markup, dict) else []


def callback_data(message: dict[str, Any], label: str) -> str:
    """The callback_data of the button labelled `label` in a sent message."""
    for row in inline_keyboard(message):
        for button in row:
            if button.get("text") == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r} in {inline_keyboard(message)}")


def user(user_id: int) -> dict[str, Any]:
    """A Telegram user of its own, so tests never share a conversation (or a flood window)."""
    return {"id": user_id, "is_bot": False, "first_name": "Anne", "username": f"anne_{user_id}"}


def message_update(text: str, who: dict[str, Any], *, update_id: int | None = None) -> dict[str, Any]:
    """`text` typed by `who` in their private chat with the bot."""
    return text_update(text, user=who, update_id=update_id)


def press_update(fake: FakeBotApi, who: dict[str, Any], label: str) -> dict[str, Any]:
    """`who` presses `label` under the newest message the bot sent them that has that button."""
    for message in reversed(fake.results("sendMessage")):
        if message["chat"]["id"] == who["id"] and any(
            b.get("text") == label for row in inline_keyboard(message) for b in row
        ):
            break
    else:
        raise AssertionError(f"the bot sent {who['id']} no button {label!r}: {fake.sent_texts(who['id'])}")
    update = button_update(callback_data(message, label))
    query = update["callback_query"]
    query["from"] = who
    query["message"] = {**message, "chat": {**CHAT, "id": who["id"]}}
    return update


class BotProcess:
    """One `python -m bot run` child process; its stdout and stderr go to one log file."""

    STARTUP_SECONDS = 20.0

    def __init__(
        self,
        fake: FakeBotApi,
        workdir: Path,
        *,
        database_url: str | None = None,
        webhook: bool = True,
        secret: str | None = None,
        path: str | None = None,
        extra_env: dict[str, str] | None = None,
        name: str = "bot",
    ) -> None:
        self.fake = fake
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.webhook = webhook
        self.secret = secret or secrets.token_urlsafe(24)
        self.path = path or f"/telegram/{secrets.token_urlsafe(12)}"
        self.webhook_url = f"https://bot.example.test{self.path}"
        self.log_file = workdir / f"{name}-{self.port}.log"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", str(workdir)),
            "PYTHONUNBUFFERED": "1",
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "ADVIESBOT_DATA_DIR": str(workdir),
            "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{workdir / 'db.sqlite3'}",
        }
        if webhook:
            env |= {"WEBHOOK_URL": self.webhook_url, "WEBHOOK_SECRET": self.secret}
        env |= extra_env or {}
        self.env = env
        self.popen: subprocess.Popen[bytes] | None = None
        self._client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=10.0, trust_env=False)

    def start(self) -> BotProcess:
        with self.log_file.open("ab") as log:
            # cwd is the test's own directory, so a developer's .env in the checkout is never read.
            self.popen = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=self.workdir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def output(self) -> str:
        return self.log_file.read_text(errors="replace") if self.log_file.exists() else ""

    def _alive(self) -> None:
        assert self.popen is not None
        if self.popen.poll() is not None:
            raise AssertionError(f"the bot exited with {self.popen.returncode}:\n{self.output()}")

    def wait_until_ready(self, timeout: float = STARTUP_SECONDS) -> None:
        """Webhook: setWebhook reached the fake and /healthz answers 200. Polling: the first getUpdates."""
        deadline = time.monotonic() + timeout
        while True:
            self._alive()
            if self._ready():
                return
            if time.monotonic() >= deadline:
                raise AssertionError(f"the bot was not ready within {timeout} s:\n{self.output()}")
            time.sleep(0.1)

    def _ready(self) -> bool:
        if not self.webhook:
            return bool(self.fake.calls("getUpdates"))
        if not any(c.get("url") == self.webhook_url for c in self.fake.calls("setWebhook")):
            return False
        try:
            return self._client.get("/healthz", timeout=2.0).status_code == 200
        except httpx.TransportError:
            return False

    def post_update(self, update: dict[str, Any], *, secret: str | None = None) -> httpx.Response:
        """POST `update` to the webhook path, as Telegram would (with this bot's secret unless given)."""
        self._alive()
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret if secret is None else secret}
        return self._client.post(self.path, json=update, headers=headers)

    def post_update_without_secret(self, update: dict[str, Any]) -> httpx.Response:
        return self._client.post(self.path, json=update)

    def get(self, path: str) -> httpx.Response:
        return self._client.get(path)

    def terminate(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then the exit code; None when it did not exit within `timeout` (it is then killed)."""
        assert self.popen is not None
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        """SIGKILL: no clean-up runs in the bot at all."""
        if self.popen is not None and self.popen.poll() is None:
            self.popen.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=10)

    def close(self) -> None:
        self.kill()
        self._client.close()


@contextlib.contextmanager
def running_bot(fake: FakeBotApi, workdir: Path, **options: Any) -> Iterator[BotProcess]:
    """A started, ready bot process that is killed on the way out, whatever happened."""
    process = BotProcess(fake, workdir, **options)
    try:
        process.start()
        process.wait_until_ready()
        yield process
    finally:
        process.close()
