"""The funnel statistics per week and with adviser requests (LeadStore.stats), which `adviesbot leads stats`,
/stats and the dashboard all show; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.clock import AMSTERDAM
from bot.lead_storage import LeadStore, week_starts
from bot.lead_texts import stats_text
from bot.models import FunnelEvent

# Monday 23 November 2026 is the first day of ISO week 48; the Netherlands are on CET (UTC+1) then.
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMSTERDAM)


async def add_events(engine: AsyncEngine, *events: tuple[str, dt.datetime, str | None]) -> None:
    async with async_sessionmaker(engine)() as session, session.begin():
        for naam, moment, onderwerp in events:
            session.add(
                FunnelEvent(
                    naam=naam,
                    onderwerp=onderwerp,
                    campagne=None,
                    user_id=None,
                    created_at=moment,
                    channel="telegram",
                )
            )


def test_the_weeks_start_on_monday_midnight_in_amsterdam_also_across_the_change_to_winter_time() -> None:
    starts = week_starts(NOW, 6)
    assert [s.astimezone(AMSTERDAM).strftime("%a %d-%m %H:%M") for s in starts] == [
        "Mon 19-10 00:00",
        "Mon 26-10 00:00",
        "Mon 02-11 00:00",
        "Mon 09-11 00:00",
        "Mon 16-11 00:00",
        "Mon 23-11 00:00",
    ]
    assert starts[0] == dt.datetime(2026, 10, 18, 22, 0, tzinfo=dt.UTC), "summer time: UTC+2"
    assert starts[-1] == dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC), "winter time: UTC+1"


async def test_events_are_counted_per_week_in_dutch_time_with_every_week_present(engine: AsyncEngine) -> None:
    await add_events(
        engine,
        ("gesprek_gestart", local(2026, 11, 22, 23, 30), "box3"),  # Sunday night: week 47
        ("gesprek_gestart", local(2026, 11, 23, 0, 30), "box3"),  # Monday just after midnight: week 48
        ("berekening", local(2026, 11, 23, 0, 31), "box3"),
        ("adviseur_gevraagd", local(2026, 11, 24, 9, 0), "box3"),
        ("lead", local(2026, 11, 24, 9, 5), "box3"),
        ("gesprek_gestart", local(2026, 6, 1, 12, 0), "kia"),  # long ago: in the totals, not in the weeks
    )

    stats = await LeadStore(engine).stats(now=NOW)

    assert len(stats.per_week) == 12
    assert stats.per_week[0].sleutel == "2026-09-07" and stats.per_week[-1].sleutel == "2026-11-23"
    week47, week48 = stats.per_week[-2], stats.per_week[-1]
    assert (week47.gesprekken, week47.berekeningen, week47.adviseur_gevraagd, week47.leads) == (1, 0, 0, 0)
    assert (week48.gesprekken, week48.berekeningen, week48.adviseur_gevraagd, week48.leads) == (1, 1, 1, 1)
    assert week48.conversie == 1.0 and stats.per_week[0].conversie is None
    assert all(row.gesprekken == 0 for row in stats.per_week[:-2])
    assert (stats.totaal.gesprekken, stats.totaal.adviseur_gevraagd) == (3, 1)
    box3 = next(row for row in stats.per_onderwerp if row.sleutel == "box3")
    assert box3.adviseur_gevraagd == 1


async def test_the_number_of_weeks_can_be_chosen(engine: AsyncEngine) -> None:
    await add_events(engine, ("gesprek_gestart", local(2026, 11, 10, 12, 0), None))
    stats = await LeadStore(engine).stats(weeks=2, now=NOW)
    assert [(row.sleutel, row.gesprekken) for row in stats.per_week] == [("2026-11-16", 0), ("2026-11-23", 0)]
    assert stats.totaal.gesprekken == 1


async def test_the_statistics_text_lists_the_weeks_newest_first_with_adviser_requests(engine: AsyncEngine) -> None:
    await add_events(engine, ("gesprek_gestart", local(2026, 11, 24, 9, 0), "box3"))
    await add_events(engine, ("adviseur_gevraagd", local(2026, 11, 24, 9, 1), "box3"))
    text = stats_text(await LeadStore(engine).stats(now=NOW))
    weeks = text.split("Per week (de laatste 12, nieuwste eerst):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert weeks[0] == (
        "week 48 (vanaf 23-11-2026): 1 gesprekken, 0 berekeningen, 1 keer adviseur gevraagd, 0 leads, conversie 0,0%"
    )
    assert weeks[-1].startswith("week 37 (vanaf 07-09-2026): 0 gesprekken")
    assert "Totaal: 1 gesprekken, 0 berekeningen, 1 keer adviseur gevraagd" in text
