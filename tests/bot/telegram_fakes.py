"""A recording Bot API for offline handler tests, and builders for Telegram update JSON."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from telegram.request import BaseRequest, RequestData

CHAT = {"id": 4242, "type": "private", "first_name": "Anne"}
USER = {"id": 4242, "is_bot": False, "first_name": "Anne", "username": "anne_ondernemer"}
_update_ids = itertools.count(1)
_message_ids = itertools.count(100)


class RecordingRequest(BaseRequest):
    """Answers every Bot API call at once and remembers it; `fail_next` makes sendMessage fail."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_next = 0

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
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((api, params))
        if api == "sendMessage" and self.fail_next:
            self.fail_next -= 1
            return 500, json.dumps({"ok": False, "error_code": 500, "description": "Internal Server Error"}).encode()
        result: Any = True
        if api == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Adviesbot", "username": "advies_bot"}
        elif api in {"sendMessage", "editMessageText"}:
            result = {
                "message_id": next(_message_ids),
                "date": int(time.time()),
                "chat": {
                    "id": int(params["chat_id"]) if "chat_id" in params else CHAT["id"],
                    "type": "private",
                },
                "text": params.get("text", ""),
            }
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def sent(self, api: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == api]

    def texts(self) -> str:
        return "\n".join(str(p.get("text", "")) for p in self.sent()).replace("\xa0", " ")

    def clear(self) -> None:
        self.calls.clear()


def text_update(text: str, *, update_id: int | None = None, user: dict[str, Any] = USER) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {**CHAT, "id": user["id"]},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id or next(_update_ids), "message": message}


def other_update(kind: str) -> dict[str, Any]:
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
        "chat": CHAT,
        "from": USER,
        **content,
    }
    return {"update_id": next(_update_ids), "message": message}


def button_update(
    data: str,
    *,
    question: str = "vraag",
    keyboard: list[list[dict[str, str]]] | None = None,
    update_id: int | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": CHAT,
        "text": question,
    }
    if keyboard is not None:
        message["reply_markup"] = {"inline_keyboard": keyboard}
    return {
        "update_id": update_id or next(_update_ids),
        "callback_query": {
            "id": str(next(_message_ids)),
            "from": USER,
            "chat_instance": "ci",
            "data": data,
            "message": message,
        },
    }
