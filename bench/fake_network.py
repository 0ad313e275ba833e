"""The bench's fake Telegram: an in-process Bot API that answers at once, a tiny HTTP one, and update builders.

`FakeNetwork` is a python-telegram-bot `BaseRequest`: every Bot API call is encoded as a real client would
encode it, answered at once, and counted. It remembers, per chat, only the newest message that carried an inline
keyboard (what a simulated user presses next), so memory stays flat however many users talk to it.
`FakeBotApiServer` answers the handful of calls `adviesbot run` makes at start-up, on 127.0.0.1 only.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from telegram.request import BaseRequest, RequestData

TOKEN = "123456:BENCH"  # noqa: S105 (a fake token for the fake Bot API)
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Adviesbot", "username": "advies_bot"}


def _as_dict(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, str):
        return json.loads(value)
    return value


class FakeNetwork(BaseRequest):
    """Answers every Bot API call at once: sendMessage and editMessageText with the message, the rest True."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.last_keyboard: dict[int, dict[str, Any]] = {}
        self.last_text: dict[int, str] = {}
        self._message_ids = itertools.count(1_000)

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
        self.counts[api] += 1
        if request_data is not None:
            request_data.json_payload  # noqa: B018 (the encoding a real HTTP client would do, paid the same by all)
        params = request_data.parameters if request_data else {}
        result: Any = True
        if api == "getMe":
            result = BOT_USER
        elif api in {"sendMessage", "editMessageText"}:
            chat_id = int(params["chat_id"]) if "chat_id" in params else 0
            message_id = int(params["message_id"]) if "message_id" in params else next(self._message_ids)
            result = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
            markup = _as_dict(params.get("reply_markup"))
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                result["reply_markup"] = markup
                if api == "sendMessage":
                    self.last_keyboard[chat_id] = result
            if api == "sendMessage":
                self.last_text[chat_id] = result["text"]
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent_messages(self) -> int:
        return self.counts["sendMessage"]


# Updates as Telegram sends them ------------------------------------------------------------------------------
def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Anne", "username": f"anne_{user_id}"}


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private", "first_name": "Anne"},
        "from": user(user_id),
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def press_update(update_id: int, user_id: int, message: dict[str, Any], label: str) -> dict[str, Any]:
    """`user_id` presses the button labelled `label` under `message` (a message the bot sent them)."""
    data = next(
        (b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row if b["text"] == label),
        None,
    )
    if data is None:
        raise LookupError(f"no button {label!r} under the bot's last message to {user_id}: {message.get('text')!r}")
    return {
        "update_id": update_id,
        "callback_query": {
            "id": str(update_id),
            "from": user(user_id),
            "chat_instance": str(user_id),
            "data": data,
            "message": {**message, "chat": {"id": user_id, "type": "private", "first_name": "Anne"}},
        },
    }


# A Bot API server for the start-up measurement -----------------------------------------------------------------
class FakeBotApiServer:
    """`POST /bot<token>/<method>` on 127.0.0.1, answered from a thread; enough for `adviesbot run` to start."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.methods: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-bot-api", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def __enter__(self) -> FakeBotApiServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _answer(self, method: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.methods.append(method)
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            time.sleep(0.2)
            return 200, {"ok": True, "result": []}
        if method in {"sendMessage", "editMessageText"}:
            return 200, {
                "ok": True,
                "result": {"message_id": 1, "date": int(time.time()), "chat": {"id": 1, "type": "private"}},
            }
        return 200, {"ok": True, "result": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parts = self.path.split("?")[0].strip("/").split("/")
                if len(parts) != 2 or parts[0] != f"bot{fake.token}":
                    status, payload = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
                else:
                    status, payload = fake._answer(parts[1])
                body = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler
