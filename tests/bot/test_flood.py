"""The flood guard (bot/flood.py): a sliding window per user, one notice, then silence; idle users are forgotten
by the repeating job of `adviesbot run`, so memory stays bounded by the recently active users."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application, build_services, schedule_jobs
from bot.flood import FloodGuard, Verdict
from tests.bot.fake_bot_api import FakeBotApi
from tests.bot.in_process import make_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_past_the_limit_one_notice_then_silence_and_a_quiet_window_forgives() -> None:
    clock = Clock()
    guard = FloodGuard(max_messages=2, window_seconds=60, clock=clock)
    assert [guard.check(1) for _ in range(4)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY, Verdict.IGNORE]
    assert guard.check(2) is Verdict.ALLOW, "another user is not affected"
    clock.now += 61
    assert guard.check(1) is Verdict.ALLOW


def test_idle_users_are_forgotten_and_active_ones_kept() -> None:
    clock = Clock()
    guard = FloodGuard(max_messages=5, window_seconds=60, clock=clock)
    for user_id in range(1000):
        guard.check(user_id)
    clock.now += 30
    guard.check(7)
    clock.now += 31
    guard.forget_idle()
    assert guard.tracked == 1, "only the user active within the window is remembered"


async def test_the_repeating_job_of_adviesbot_run_forgets_idle_users(engine: AsyncEngine) -> None:
    settings = make_settings(ADVIESBOT_FLOOD_WINDOW_SECONDS=60)
    services = build_services(settings, engine)
    clock = Clock()
    services.flood = FloodGuard(20, 60, clock=clock)
    application = build_application(settings, services, request=FakeBotApi().request(), polling=False)
    schedule_jobs(application, settings, services)
    assert application.job_queue is not None
    [job] = [job for job in application.job_queue.jobs() if job.name == "flood"]
    assert job.trigger.interval_length == 60, "as often as the window is long"  # type: ignore[attr-defined]
    services.flood.check(42)
    clock.now += 61
    context: Any = None
    await job.callback(context)
    assert services.flood.tracked == 0
