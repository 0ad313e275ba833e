"""Deadlines that follow from the law, for reminders: when must an investment be reported to RVO?"""

from __future__ import annotations

import calendar
import datetime as dt

from rules.parameters import Parameters
from rules.rekenblad import Rekenblad

MELDTERMIJN_EIA_MIA = "investeringsaftrek/meldtermijn_eia_mia"


def plus_maanden(dag: dt.date, maanden: int) -> dt.date:
    """The same day `maanden` months later, or the month's last day when it is shorter (31 jan + 1 → 28 feb)."""
    index = dag.month - 1 + maanden
    jaar, maand = dag.year + index // 12, index % 12 + 1
    return dag.replace(year=jaar, month=maand, day=min(dag.day, calendar.monthrange(jaar, maand)[1]))


def einde_meldtermijn_eia_mia(verplichting: dt.date, parameters: Parameters | None = None) -> dt.date:
    """EIA/MIA meldtermijn as RVO states it: report within the term after entering the investment commitment."""
    blad = Rekenblad("kia", verplichting.year, parameters)
    maanden = int(blad.waarde(MELDTERMIJN_EIA_MIA, op=verplichting))
    return plus_maanden(verplichting, maanden)
