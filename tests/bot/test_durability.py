"""Durability with real processes: a SIGKILL loses no answer, and two processes share one conversation.

Every test runs on one SQLite file and on PostgreSQL (marked `postgres`; skipped without
ADVIESBOT_TEST_DATABASE_URL). Test names start with `test_durability_`, so `-k durability` selects them.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.bot.fake_bot_api import BotProcess, FakeBotApi, message_update, press_update, running_bot, user

_user_ids = itertools.count(81_000)
# The box3 questions in order (without investments there is no question about green ones), and what the bot
# says after the last one.
QUESTIONS = (
    "Heeft u een fiscale partner?",
    "Hoeveel spaargeld",
    "beleggingen en andere bezittingen",
    "Hoeveel schulden",
    "Klopt dit?",
)
ANSWER = "€ 417,60"
SOMETHING_WENT_WRONG = "Er ging aan onze kant iets mis"


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


@contextlib.contextmanager
def replicas(fake: FakeBotApi, tmp_path: Path, database_url: str, count: int = 2) -> Iterator[list[BotProcess]]:
    """`count` webhook processes started at the same moment, as replicas behind one URL and one secret."""
    first = BotProcess(fake, tmp_path / "replica-0", database_url=database_url, name="replica-0")
    processes = [first] + [
        BotProcess(
            fake,
            tmp_path / f"replica-{n}",
            database_url=database_url,
            secret=first.secret,
            path=first.path,
            name=f"replica-{n}",
        )
        for n in range(1, count)
    ]
    try:
        # Started together, so they also run their start-up migrations against each other.
        for process in processes:
            process.start()
        for process in processes:
            process.wait_until_ready()
        yield processes
    finally:
        for process in processes:
            process.close()


def count_containing(texts: list[str], fragment: str) -> int:
    return sum(fragment in text for text in texts)


def assert_whole_conversation_once(texts: list[str]) -> None:
    for fragment in (*QUESTIONS, ANSWER):
        assert count_containing(texts, fragment) == 1, (fragment, texts)
    assert count_containing(texts, SOMETHING_WENT_WRONG) == 0, texts


def test_durability_sigkill_mid_conversation_loses_no_answer(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    first = BotProcess(fake, tmp_path / "first", database_url=process_database, name="first")
    try:
        first.start()
        first.wait_until_ready()
        for text in ("/start box3", "nee", "150.000"):
            assert first.post_update(message_update(text, who)).status_code == 200
        assert "beleggingen en andere bezittingen" in fake.sent_texts(who["id"])[-1]
        first.kill()  # SIGKILL: no shutdown code runs, whatever was not committed is gone
        assert first.popen is not None and first.popen.returncode == -9
    finally:
        first.close()

    fake.clear()
    with running_bot(fake, tmp_path / "second", database_url=process_database, name="second") as second:
        assert second.post_update(message_update("0", who)).status_code == 200
        texts = fake.sent_texts(who["id"])
        assert len(texts) == 1 and "Hoeveel schulden" in texts[0], texts
        # And the answers from before the kill still count: 150.000 of savings gives this tax.
        assert second.post_update(message_update("0", who)).status_code == 200
        assert second.post_update(press_update(fake, who, "Bereken")).status_code == 200
        assert count_containing(fake.sent_texts(who["id"]), ANSWER) == 1, fake.sent_texts(who["id"])


def test_durability_two_processes_take_turns_in_one_conversation(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with replicas(fake, tmp_path, process_database) as (a, b):
        steps: list[Callable[[], dict[str, Any]]] = [
            *(lambda text=text: message_update(text, who) for text in ("/start box3", "nee", "150.000")),
            *(lambda text=text: message_update(text, who) for text in ("0", "0")),
            lambda: press_update(fake, who, "Bereken"),
        ]
        for index, step in enumerate(steps):
            bot = (a, b)[index % 2]
            assert bot.post_update(step()).status_code == 200
        assert_whole_conversation_once(fake.sent_texts(who["id"]))


def _post_to_all_at_once(processes: list[BotProcess], update: dict[str, Any]) -> list[int]:
    """The same update to every process at the same moment, as a redelivery racing the first delivery."""
    barrier = threading.Barrier(len(processes), timeout=10)

    def post(process: BotProcess) -> int:
        barrier.wait()
        return process.post_update(update).status_code

    with ThreadPoolExecutor(max_workers=len(processes)) as pool:
        return list(pool.map(post, processes, timeout=30))


def test_durability_the_same_update_to_two_processes_is_answered_once(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with replicas(fake, tmp_path, process_database) as (a, b):
        # One after the other: the second process sees the update_id the first one recorded.
        update = message_update("/start box3", who)
        assert a.post_update(update).status_code == 200
        assert b.post_update(update).status_code == 200
        assert count_containing(fake.sent_texts(who["id"]), QUESTIONS[0]) == 1
        # At the same moment, for every typed answer of the conversation: still one reply each.
        for text in ("nee", "150.000", "0", "0"):
            assert _post_to_all_at_once([a, b], message_update(text, who)) == [200, 200]
        texts = fake.sent_texts(who["id"])
        for fragment in QUESTIONS:
            assert count_containing(texts, fragment) == 1, (fragment, texts)
        assert count_containing(texts, SOMETHING_WENT_WRONG) == 0, texts


def test_durability_the_same_button_press_to_two_processes_is_answered_once(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with replicas(fake, tmp_path, process_database) as (a, b):
        for text in ("/start box3", "nee", "150.000", "0", "0"):
            assert a.post_update(message_update(text, who)).status_code == 200
        press = press_update(fake, who, "Bereken")
        assert a.post_update(press).status_code == 200
        assert b.post_update(press).status_code == 200
        assert_whole_conversation_once(fake.sent_texts(who["id"]))
