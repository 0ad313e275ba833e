"""Telegram faults against a real `adviesbot run` (webhook mode) and the fake Bot API: the user still gets the
right reply, in order, and no wrong one; the turn is never rolled back because of Telegram.

- Telegram answers 500 for 15 seconds;
- Telegram answers 429 with retry_after;
- Telegram delivers a reply but answers only after the bot's timeout;
- the bot is killed (SIGKILL) while a reply is in flight, and started again.

Every test runs on one SQLite file and on PostgreSQL (marked `postgres`). Retries, leases and the Bot API timeout
are shortened through settings (FAST_OUTBOX), not by waiting; the 15-second outage is real.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.fake_bot_api import FAST_OUTBOX, BotProcess, FakeBotApi, message_update, press_update, running_bot, user

_user_ids = itertools.count(61_000)
QUESTIONS = (
    "Heeft u een fiscale partner?",
    "Hoeveel spaargeld",
    "beleggingen en andere bezittingen",
    "Hoeveel schulden",
)
ANSWER = "€ 417,60"
APOLOGY = "Er ging aan onze kant iets mis"


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


def count(texts: list[str], fragment: str) -> int:
    return sum(fragment in text for text in texts)


def finish_box3(bot: BotProcess, fake: FakeBotApi, who: dict[str, object]) -> list[str]:
    """The rest of the box 3 conversation from the savings question on; what the user saw in the end."""
    for text in ("150.000", "0", "0", "nee"):
        assert bot.post_update(message_update(text, who)).status_code == 200
    assert bot.post_update(press_update(fake, who, "Bereken")).status_code == 200
    uid = int(str(who["id"]))
    fake.wait_for(lambda: count(fake.sent_texts(uid), ANSWER), timeout=10)
    return fake.sent_texts(uid)


def test_fault_telegram_answering_500_for_15_seconds_delays_the_replies_in_order_and_loses_none(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with running_bot(fake, tmp_path, database_url=process_database, extra_env=FAST_OUTBOX) as bot:
        assert bot.post_update(message_update("/start box3", who)).status_code == 200
        fake.fail(seconds=15)
        outage_ends = time.monotonic() + 15
        started = time.monotonic()
        assert bot.post_update(message_update("nee", who)).status_code == 200
        assert time.monotonic() - started < 5, "acknowledged once committed, not after the outage"
        assert bot.post_update(message_update("waarom", who)).status_code == 200

        fake.wait_for(lambda: count(fake.sent_texts(who["id"]), "Waarom ik dit vraag"), timeout=30)
        texts = fake.sent_texts(who["id"])
        assert [a.status for a in fake.attempts("sendMessage") if a.status != 200], "Telegram did refuse meanwhile"
        delivered = [
            a for a in fake.attempts("sendMessage") if a.status == 200 and "Hoeveel spaargeld" in a.result["text"]
        ]
        assert delivered[0].at >= outage_ends - 0.1, "nothing got through during the outage"
        first_answer = next(i for i, t in enumerate(texts) if "Hoeveel spaargeld" in t)
        assert first_answer < next(i for i, t in enumerate(texts) if "Waarom ik dit vraag" in t), "in order"
        assert count(texts, APOLOGY) == 0

        texts = finish_box3(bot, fake, who)
    for fragment in (*QUESTIONS[2:], ANSWER):
        assert count(texts, fragment) == 1, (fragment, texts)
    assert count(texts, APOLOGY) == 0


# PTB itself warns, while building RetryAfter, that retry_after will become a timedelta (in the bot process).
def test_fault_a_rate_limit_is_waited_out_as_long_as_telegram_asks(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with running_bot(fake, tmp_path, database_url=process_database, extra_env=FAST_OUTBOX) as bot:
        assert bot.post_update(message_update("/start box3", who)).status_code == 200
        fake.rate_limit(retry_after=2, count=2)
        assert bot.post_update(message_update("nee", who)).status_code == 200
        fake.wait_for(lambda: count(fake.sent_texts(who["id"]), "Hoeveel spaargeld"), timeout=15)

        attempts = [a for a in fake.attempts("sendMessage") if "Hoeveel spaargeld" in str(a.params.get("text"))]
        assert [a.status for a in attempts] == [429, 429, 200]
        assert attempts[1].at - attempts[0].at >= 2.0 and attempts[2].at - attempts[1].at >= 2.0
        texts = finish_box3(bot, fake, who)
    assert count(texts, "Hoeveel spaargeld") == 1 and count(texts, ANSWER) == 1
    assert count(texts, APOLOGY) == 0


def test_fault_a_reply_acknowledged_after_the_timeout_is_kept_and_the_next_answer_counts_for_the_next_question(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    with running_bot(fake, tmp_path, database_url=process_database, extra_env=FAST_OUTBOX) as bot:
        assert bot.post_update(message_update("/start box3", who)).status_code == 200
        fake.delay(3.0)  # the bot gives up after 2 s (ADVIESBOT_TELEGRAM_TIMEOUT_SECONDS); the user saw it
        assert bot.post_update(message_update("nee", who)).status_code == 200
        fake.wait_for(lambda: count(fake.sent_texts(who["id"]), "Hoeveel spaargeld") >= 1, timeout=10)
        # The question is on the user's screen: their answer must go to it, not to the one before.
        texts = finish_box3(bot, fake, who)
        assert "TimedOut" in bot.output(), "the bot did time out on the reply"
    assert 1 <= count(texts, "Hoeveel spaargeld") <= 2, "late, or twice: never lost"
    for fragment in (*QUESTIONS[2:], ANSWER):
        assert count(texts, fragment) == 1, (fragment, texts)
    assert count(texts, APOLOGY) == 0
    assert not any("Dat begrijp ik niet" in t or "geen geldig" in t for t in texts), (
        "no answer went to a wrong question"
    )


def test_fault_a_sigkill_while_a_reply_is_in_flight_is_made_good_by_the_next_process(
    fake: FakeBotApi, tmp_path: Path, process_database: str
) -> None:
    who = user(next(_user_ids))
    first = BotProcess(fake, tmp_path / "first", database_url=process_database, extra_env=FAST_OUTBOX, name="first")
    try:
        first.start()
        first.wait_until_ready()
        assert first.post_update(message_update("/start box3", who)).status_code == 200
        fake.hang()
        assert first.post_update(message_update("nee", who)).status_code == 200, "the turn is committed"
        fake.wait_for(lambda: fake.attempts("sendMessage")[-1].params.get("chat_id") == str(who["id"]), timeout=5)
        first.kill()  # SIGKILL with the reply on its way: no clean-up, the row keeps its lease
        assert first.popen is not None and first.popen.returncode == -9
    finally:
        fake.release()
        first.close()

    with running_bot(
        fake, tmp_path / "second", database_url=process_database, extra_env=FAST_OUTBOX, name="second"
    ) as bot:
        # After the dead process's lease (2 s here), the new one sends what it left.
        fake.wait_for(lambda: count(fake.sent_texts(who["id"]), "Hoeveel spaargeld") >= 2, timeout=15)
        texts = finish_box3(bot, fake, who)
    assert count(texts, "Hoeveel spaargeld") == 2, "twice after a crash in flight: the same, right question"
    for fragment in (*QUESTIONS[2:], ANSWER):
        assert count(texts, fragment) == 1, (fragment, texts)
    assert count(texts, APOLOGY) == 0
