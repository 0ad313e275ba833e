"""The jobs `adviesbot web` runs itself (bot/web/jobs.py): when the nightly retention job comes round."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.retention import DAILY_AT
from bot.web.jobs import seconds_until


@pytest.mark.parametrize(
    ("now", "hours"),
    [
        pytest.param(dt.datetime(2026, 11, 29, 16, 0, tzinfo=dt.UTC), 10.5, id="in the evening: tonight at 03:30"),
        pytest.param(dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC), 0.5, id="at 03:00 Dutch time: in half an hour"),
        pytest.param(dt.datetime(2026, 11, 29, 2, 30, tzinfo=dt.UTC), 24.0, id="at 03:30 itself: the next night"),
        pytest.param(dt.datetime(2026, 3, 28, 16, 0, tzinfo=dt.UTC), 9.5, id="the night the clocks go forward"),
    ],
)
def test_the_retention_job_runs_next_at_half_past_three_dutch_time(now: dt.datetime, hours: float) -> None:
    assert seconds_until(DAILY_AT, now) == pytest.approx(hours * 3600)
