"""The one fake Telegram Bot API of the tests and the benchmarks, with fault injection.

`FakeBotApi` answers Bot API methods as Telegram does, as far as the bot uses them: it parses HTML like
Telegram (the visible text and bold entities; a tag it does not know is "can't parse entities"), gives
messages ids, answers a callback query once, and serves `getUpdates` long polls from a queue. Two transports
share that one core:
- `request()`: a python-telegram-bot `BaseRequest` in the same process (handler tests, the benchmark);
- `start()` / `with FakeBotApi() as api`: an HTTP server on 127.0.0.1 for real `adviesbot run` processes
  (`BotProcess`). Nothing here talks beyond 127.0.0.1, and everything waits with a deadline.

Faults (`fail`, `rate_limit`, `delay`, `hang`) apply to the next calls of a method. Every request is kept in
`attempts()`; `calls()` and `sent_texts()` are what Telegram accepted: what the user sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from telegram.request import BaseRequest, RequestData

TOKEN = "123456:TEST"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Adviesbot", "username": "advies_bot"}
# Form-encoded parameters that PTB sends as JSON text; everything else (text, url, ...) stays a string.
JSON_PARAMETERS = frozenset(
    {"reply_markup", "commands", "allowed_updates", "entities", "link_preview_options", "scope"}
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CANT_PARSE = "Bad Request: can't parse entities: unsupported start tag"
TOO_LONG = "Bad Request: message is too long"
MESSAGE_LIMIT = 4096
# A long poll never holds the line longer than this, whatever timeout the bot asks for.
MAX_LONG_POLL_SECONDS = 1.0
_KNOWN_TAGS = re.compile(r"<(?!/?b>)")


# Telegram's HTML ---------------------------------------------------------------------------------------------
class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.entities: list[dict[str, Any]] = []
        self._open: list[int] = []
        self._length = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._open.append(self._length)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            start = self._open.pop()
            if self._length > start:
                self.entities.append({"type": "bold", "offset": start, "length": self._length - start})

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        # Telegram counts offsets in UTF-16 code units.
        self._length += len(data.encode("utf-16-le")) // 2


def visible(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]] | None:
    """What the user sees of `text` and its bold entities; None when Telegram would refuse to parse it."""
    if parse_mode is None:
        return text, []
    if _KNOWN_TAGS.search(text):
        return None
    parser = _Visible()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts), parser.entities


# Faults ------------------------------------------------------------------------------------------------------
@dataclass
class _Fault:
    method: str
    kind: str  # "status", "delay" or "hang"
    remaining: int | None = None
    until: float | None = None
    status: int = 500
    retry_after: int | None = None
    seconds: float = 0.0
    description: str | None = None

    def active(self) -> bool:
        if self.until is not None:
            return time.monotonic() < self.until
        return self.remaining is None or self.remaining > 0

    def use(self) -> None:
        if self.remaining is not None:
            self.remaining -= 1


@dataclass(frozen=True)
class Attempt:
    method: str
    params: dict[str, Any]
    status: int
    result: Any
    at: float = field(default_factory=time.monotonic)


class FakeBotApi:
    """The Bot API as far as the bot uses it; see the module docstring."""

    def __init__(self, token: str = TOKEN, *, record: bool = True, parse_html: bool = True) -> None:
        self.token = token
        self.record = record
        # The benchmark turns this off: reading HTML is Telegram's work, not the bot's, and the baseline sends none.
        self.parse_html = parse_html
        self.counts: Counter[str] = Counter()
        self.last_keyboard: dict[int, dict[str, Any]] = {}
        self.last_text: dict[int, str] = {}
        self.documents: list[tuple[str, bytes]] = []
        self._lock = threading.Condition()
        self._attempts: list[Attempt] = []
        self._updates: list[dict[str, Any]] = []
        self._message_ids = itertools.count(5000)
        self._answered_queries: set[str] = set()
        self._faults: list[_Fault] = []
        self._released = threading.Event()
        self._stopping = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # The transports ---------------------------------------------------------------------------------------------
    def request(self) -> FakeRequest:
        """A python-telegram-bot BaseRequest answered by this fake, in this process."""
        return FakeRequest(self)

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the HTTP server first"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    def start(self) -> FakeBotApi:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-bot-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self._released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # Faults -----------------------------------------------------------------------------------------------------
    def fail(
        self,
        method: str = "sendMessage",
        *,
        status: int = 500,
        count: int | None = None,
        seconds: float | None = None,
        description: str | None = None,
    ) -> None:
        """Answer `method` with HTTP `status` for the next `count` calls, or for `seconds` from now."""
        until = time.monotonic() + seconds if seconds is not None else None
        fault = _Fault(method, "status", remaining=count, until=until, status=status, description=description)
        with self._lock:
            self._faults.append(fault)

    def rate_limit(self, retry_after: int, *, count: int = 1, method: str = "sendMessage") -> None:
        """429 Too Many Requests with `retry_after` for the next `count` calls of `method`."""
        with self._lock:
            self._faults.append(_Fault(method, "status", remaining=count, status=429, retry_after=retry_after))

    def delay(self, seconds: float, *, count: int = 1, method: str = "sendMessage") -> None:
        """Accept the next `count` calls at once (the user sees them) but answer only after `seconds`."""
        with self._lock:
            self._faults.append(_Fault(method, "delay", remaining=count, seconds=seconds))

    def hang(self, *, count: int = 1, method: str = "sendMessage") -> None:
        """Accept the next `count` calls (the user sees them) and never answer, until `release()`."""
        self._released.clear()
        with self._lock:
            self._faults.append(_Fault(method, "hang", remaining=count))

    def release(self) -> None:
        self._released.set()

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def _fault(self, method: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.method == method and fault.active():
                    fault.use()
                    return fault
        return None

    # What the tests read ----------------------------------------------------------------------------------------
    def attempts(self, method: str | None = None) -> list[Attempt]:
        """Every request of `method` (of any method when None), answered or refused, oldest first."""
        with self._lock:
            return [a for a in self._attempts if method is None or a.method == method]

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """The parameters of every call of `method` that Telegram accepted, oldest first."""
        return [dict(a.params) for a in self.attempts(method) if a.status == 200]

    def results(self, method: str) -> list[Any]:
        """What the fake answered to every accepted call of `method`, e.g. the Message objects of sendMessage."""
        return [a.result for a in self.attempts(method) if a.status == 200]

    def methods(self) -> list[str]:
        return [a.method for a in self.attempts()]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """What the user sees of every accepted sendMessage (to `chat_id`), non-breaking spaces made plain."""
        return [
            str(message.get("text", "")).replace("\xa0", " ")
            for message in self.results("sendMessage")
            if chat_id is None or int(message["chat"]["id"]) == chat_id
        ]

    def texts(self, chat_id: int | None = None) -> str:
        return "\n".join(self.sent_texts(chat_id))

    def clear(self) -> None:
        with self._lock:
            self._attempts.clear()
            self.documents.clear()

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

    # The Bot API ------------------------------------------------------------------------------------------------
    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], float | None]:
        """Status, JSON body and how long to hold the answer (None: until released)."""
        self.counts[method] += 1
        fault = self._fault(method)
        hold: float | None = 0.0
        if fault is not None and fault.kind == "status":
            body: dict[str, Any] = {"ok": False, "error_code": fault.status, "description": _description(fault)}
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            self._keep(Attempt(method, params, fault.status, None))
            return fault.status, body, 0.0
        if fault is not None:
            hold = fault.seconds if fault.kind == "delay" else None
        status, body = self._result(method, params)
        self._keep(Attempt(method, params, status, body.get("result")))
        return status, body, hold

    def _keep(self, attempt: Attempt) -> None:
        if attempt.status == 200 and attempt.method == "sendMessage":
            message = attempt.result
            chat = int(message["chat"]["id"])
            self.last_text[chat] = message["text"]
            if "reply_markup" in message:
                self.last_keyboard[chat] = message
        if self.record:
            with self._lock:
                self._attempts.append(attempt)

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "answerCallbackQuery":
            return self._answer_callback_query(str(params.get("callback_query_id", "")))
        if method in {"setWebhook", "deleteWebhook", "setMyCommands", "deleteMessage"}:
            return 200, {"ok": True, "result": True}
        if method in {"sendMessage", "editMessageText"}:
            return self._message(params)
        if method == "sendDocument":
            return 200, {"ok": True, "result": self._message_result(params, "", [])}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def _message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        seen = visible(str(params.get("text", "")), params.get("parse_mode") if self.parse_html else None)
        if seen is None:
            return 400, {"ok": False, "error_code": 400, "description": CANT_PARSE}
        text, entities = seen
        if len(text.encode("utf-16-le")) // 2 > MESSAGE_LIMIT:
            return 400, {"ok": False, "error_code": 400, "description": TOO_LONG}
        return 200, {"ok": True, "result": self._message_result(params, text, entities)}

    def _message_result(self, params: dict[str, Any], text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
        # An edit answers with the edited message; a new message gets the next id.
        message_id = int(params["message_id"]) if "message_id" in params else next(self._message_ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if entities:
            message["entities"] = entities
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

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


def _description(fault: _Fault) -> str:
    if fault.description is not None:
        return fault.description
    if fault.status == 429:
        return f"Too Many Requests: retry after {fault.retry_after}"
    if fault.status == 403:
        return "Forbidden: bot was blocked by the user"
    if fault.status == 400:
        return "Bad Request: chat not found"
    return "Internal Server Error"


class FakeRequest(BaseRequest):
    """The in-process transport: every call is answered by the fake, encoded as a real client encodes it."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        api = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        if request_data is not None:
            # The encoding a real HTTP client does, paid the same by every bot driven through this fake.
            request_data.json_payload  # noqa: B018
            params = dict(request_data.parameters)
            for name, content, *_rest in request_data.multipart_data.values() if request_data.multipart_data else ():
                self.api.documents.append((str(name), content if isinstance(content, bytes) else content.read()))
        status, body, hold = self.api.answer(api, params)
        if hold is None:
            await asyncio.get_running_loop().run_in_executor(None, self.api._released.wait)
        elif hold:
            await asyncio.sleep(hold)
        return status, json.dumps(body).encode()


def _handler_class(fake: FakeBotApi) -> type[BaseHTTPRequestHandler]:
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
            status, body, hold = fake.answer(parts[1], params)
            if hold is None:
                fake._released.wait(timeout=120)
            elif hold:
                time.sleep(hold)
            self._reply(status, body)

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
            if kind == "multipart/form-data":
                return {}
            raise ValueError(f"unsupported content type {kind!r}")

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            # The bot may hang up first (a long poll cancelled at shutdown, a killed process).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

    return Handler


# Updates as Telegram sends them ------------------------------------------------------------------------------
CHAT = {"id": 4242, "type": "private", "first_name": "Anne"}
USER = {"id": 4242, "is_bot": False, "first_name": "Anne", "username": "anne_ondernemer"}
_update_ids = itertools.count(1)
_message_ids = itertools.count(100)


def user(user_id: int) -> dict[str, Any]:
    """A Telegram user of their own, so tests never share a conversation (or a flood window)."""
    return {"id": user_id, "is_bot": False, "first_name": "Anne", "username": f"anne_{user_id}"}


def text_update(text: str, *, update_id: int | None = None, user: dict[str, Any] = USER) -> dict[str, Any]:
    """`text` typed by `user` in their private chat with the bot."""
    message: dict[str, Any] = {
        "message_id": update_id or next(_message_ids),
        "date": int(time.time()),
        "chat": {**CHAT, "id": user["id"]},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id or next(_update_ids), "message": message}


def message_update(text: str, who: dict[str, Any], *, update_id: int | None = None) -> dict[str, Any]:
    return text_update(text, user=who, update_id=update_id)


def other_update(kind: str, *, user: dict[str, Any] = USER) -> dict[str, Any]:
    content: dict[str, Any] = {
        "photo": {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        "sticker": {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        "location": {"location": {"latitude": 52.37, "longitude": 4.89}},
    }[kind]
    message = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {**CHAT, "id": user["id"]},
        "from": user,
        **content,
    }
    return {"update_id": next(_update_ids), "message": message}


def button_update(
    data: str,
    *,
    question: str = "vraag",
    keyboard: list[list[dict[str, str]]] | None = None,
    update_id: int | None = None,
    user: dict[str, Any] = USER,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`user` presses a button with `data` under `message` (by default a bare question with `keyboard`)."""
    if message is None:
        message = {"message_id": next(_message_ids), "date": int(time.time()), "text": question}
        if keyboard is not None:
            message["reply_markup"] = {"inline_keyboard": keyboard}
    update_id = update_id or next(_update_ids)
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user,
            "chat_instance": str(user["id"]),
            "data": data,
            "message": {**message, "chat": {**CHAT, "id": user["id"]}},
        },
    }


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


def press_on(message: dict[str, Any], who: dict[str, Any], label: str, *, update_id: int | None = None) -> dict:
    """`who` presses `label` under `message`, a message the bot sent them (as the fake answered it)."""
    return button_update(callback_data(message, label), user=who, message=message, update_id=update_id)


def press_update(fake: FakeBotApi, who: dict[str, Any], label: str) -> dict[str, Any]:
    """`who` presses `label` under the newest message the bot sent them that has that button."""
    for message in reversed(fake.results("sendMessage")):
        if message["chat"]["id"] == who["id"] and any(
            b.get("text") == label for row in inline_keyboard(message) for b in row
        ):
            return press_on(message, who, label)
    raise AssertionError(f"the bot sent {who['id']} no button {label!r}: {fake.sent_texts(who['id'])}")


# Real processes ----------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Short enough for tests to watch retries and take-overs happen, long enough that nothing fires by accident.
FAST_OUTBOX = {
    "ADVIESBOT_SEND_RETRY_BASE_SECONDS": "0.2",
    "ADVIESBOT_SEND_RETRY_MAX_SECONDS": "1",
    "ADVIESBOT_OUTBOX_LEASE_SECONDS": "2",
    "ADVIESBOT_OUTBOX_SCAN_SECONDS": "0.5",
    "ADVIESBOT_TELEGRAM_TIMEOUT_SECONDS": "2",
}


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

    def wait_for_exit(self, timeout: float = 30.0) -> int:
        assert self.popen is not None
        return self.popen.wait(timeout=timeout)

    def post_update(self, update: dict[str, Any], *, secret: str | None = None) -> httpx.Response:
        """POST `update` to the webhook path, as Telegram would (with this bot's secret unless given)."""
        self._alive()
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret if secret is None else secret}
        return self._client.post(self.path, json=update, headers=headers)

    def post_raw(self, body: bytes, *, secret: str | None = None) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.secret if secret is None else secret}
        return self._client.post(self.path, content=body, headers=headers)

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


def unescape(text: str) -> str:
    return html.unescape(text)
