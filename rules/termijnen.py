"""Deadlines that follow from the law and RVO's rules, for answers and reminders, given the day it is.

"Vandaag" is always passed in: the rules never read a clock, so the same question on the same day gives the
same answer, and a test can ask about any day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from rules.formatteer import datum
from rules.parameters import Parameters
from rules.rekenblad import Rekenblad

MELDTERMIJN_EIA_MIA = "investeringsaftrek/meldtermijn_eia_mia"
WBSO_LAATSTE_AANVRAAGDATUM = "wbso/laatste_aanvraagdatum"
WBSO_AANVRAAG_1_JANUARI = "wbso/aanvraag_vanaf_1_januari_uiterlijk"


def plus_maanden(dag: dt.date, maanden: int) -> dt.date:
    """The same day `maanden` months later, or the month's last day when it is shorter (31 jan + 1 → 28 feb)."""
    index = dag.month - 1 + maanden
    jaar, maand = dag.year + index // 12, index % 12 + 1
    return dag.replace(year=jaar, month=maand, day=min(dag.day, calendar.monthrange(jaar, maand)[1]))


def _laatste_dag_van_de_maand(dag: dt.date) -> dt.date:
    return dag.replace(day=calendar.monthrange(dag.year, dag.month)[1])


# EIA and MIA ----------------------------------------------------------------------------------------------


def einde_meldtermijn_eia_mia(verplichting: dt.date, parameters: Parameters | None = None) -> dt.date:
    """EIA/MIA meldtermijn as RVO states it: report within the term after entering the investment commitment."""
    blad = Rekenblad("kia", verplichting.year, parameters)
    maanden = int(blad.waarde(MELDTERMIJN_EIA_MIA, op=verplichting))
    return plus_maanden(verplichting, maanden)


def meldtermijn_maanden(op: dt.date, parameters: Parameters | None = None) -> int:
    """How many months after the order an EIA or MIA investment must be reported to RVO."""
    return int(Rekenblad("kia", op.year, parameters).waarde(MELDTERMIJN_EIA_MIA, op=op))


def meldtermijn_eia_mia_zin(verplichting: dt.date, vandaag: dt.date, parameters: Parameters | None = None) -> str:
    """'Meld de investering uiterlijk 15 juni 2026 bij RVO …', or that the term has passed on `vandaag`."""
    uiterlijk = einde_meldtermijn_eia_mia(verplichting, parameters)
    if vandaag > uiterlijk:
        return (
            f"De meldtermijn voor de EIA of MIA is op {datum(uiterlijk)} verstreken; zonder tijdige melding bij RVO "
            "krijgt u voor deze investering geen EIA of MIA."
        )
    return (
        f"Meld de investering uiterlijk {datum(uiterlijk)} bij RVO (binnen de termijn na de opdracht van "
        f"{datum(verplichting)}); anders krijgt u er geen EIA of MIA voor."
    )


# WBSO -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WbsoAanvraag:
    """A WBSO period that can still be applied for: when it runs and by which day to apply."""

    periode_van: dt.date
    periode_tot: dt.date
    indienen_uiterlijk: dt.date


def wbso_aanvraagmogelijkheden(
    vandaag: dt.date, *, met_personeel: bool, parameters: Parameters | None = None
) -> tuple[WbsoAanvraag, ...]:
    """The WBSO periods that can still be applied for on `vandaag`, following RVO's WBSO calendar.

    Every application runs through 31 December and lasts at least three months, so the last day to apply for
    the current year is in the parameter files (30 September). With personnel (S&O-inhoudingsplichtig) the
    period starts on the first of the month after the application; a period starting on 1 January must be
    applied for by a day in December (20 December), after which the next year's period starts on 1 February.
    A self-employed person's period starts on the day of the application. The next year is offered once the
    current one is closed.
    """
    blad = Rekenblad("wbso", vandaag.year, parameters)
    laatste = blad.datum(WBSO_LAATSTE_AANVRAAGDATUM)
    einde_jaar = dt.date(vandaag.year, 12, 31)
    if vandaag <= laatste:
        if met_personeel:
            start = _laatste_dag_van_de_maand(vandaag) + dt.timedelta(days=1)
            uiterlijk = min(_laatste_dag_van_de_maand(vandaag), laatste)
        else:
            start, uiterlijk = vandaag, laatste
        return (WbsoAanvraag(start, einde_jaar, uiterlijk),)
    if not met_personeel:
        return ()
    volgend_jaar = vandaag.year + 1
    grens_januari = blad.datum(WBSO_AANVRAAG_1_JANUARI)
    if vandaag <= grens_januari:
        return (WbsoAanvraag(dt.date(volgend_jaar, 1, 1), dt.date(volgend_jaar, 12, 31), grens_januari),)
    return (WbsoAanvraag(dt.date(volgend_jaar, 2, 1), dt.date(volgend_jaar, 12, 31), dt.date(volgend_jaar, 1, 31)),)


def wbso_aanvraag_zin(vandaag: dt.date, *, met_personeel: bool, parameters: Parameters | None = None) -> str:
    """What a client can still apply for on `vandaag`, in one or two Dutch sentences."""
    blad = Rekenblad("wbso", vandaag.year, parameters)
    laatste = blad.datum(WBSO_LAATSTE_AANVRAAGDATUM)
    mogelijk = wbso_aanvraagmogelijkheden(vandaag, met_personeel=met_personeel, parameters=parameters)
    if mogelijk and mogelijk[0].periode_van.year == vandaag.year:
        aanvraag = mogelijk[0]
        if met_personeel:
            return (
                f"Vraagt u uiterlijk {datum(aanvraag.indienen_uiterlijk)} WBSO aan bij RVO, dan loopt uw periode van "
                f"{datum(aanvraag.periode_van)} tot en met {datum(aanvraag.periode_tot)}. Voor {vandaag.year} kunt "
                f"u aanvragen tot en met {datum(laatste)}."
            )
        return (
            f"Uw WBSO-aanvraag geldt vanaf de dag dat u haar bij RVO indient tot en met "
            f"{datum(aanvraag.periode_tot)}; voor {vandaag.year} kunt u aanvragen tot en met {datum(laatste)}."
        )
    zin = f"Voor {vandaag.year} kunt u geen WBSO meer aanvragen; dat kon tot en met {datum(laatste)}."
    if mogelijk:
        aanvraag = mogelijk[0]
        zin += (
            f" Voor {aanvraag.periode_van.year} dient u uw aanvraag uiterlijk {datum(aanvraag.indienen_uiterlijk)} "
            f"in; dan loopt de periode van {datum(aanvraag.periode_van)} tot en met {datum(aanvraag.periode_tot)}."
        )
    else:
        zin += f" Voor {vandaag.year + 1} vraagt u aan voordat u met het S&O-werk begint."
    return zin


# Periodieke giften ----------------------------------------------------------------------------------------


def periodieke_gift_vastleggen_uiterlijk(vandaag: dt.date) -> dt.date:
    """Art. 6.38 Wet IB 2001: a gift is periodic, and deductible in a year, only once it is laid down in a
    notariële or onderhandse akte; for this calendar year's deduction that is by 31 December at the latest."""
    return dt.date(vandaag.year, 12, 31)


def periodieke_gift_zin(vandaag: dt.date) -> str:
    uiterlijk = periodieke_gift_vastleggen_uiterlijk(vandaag)
    return (
        f"Wilt u de aftrek al over {uiterlijk.year}, leg de periodieke gift dan uiterlijk {datum(uiterlijk)} vast "
        "in een schriftelijke overeenkomst of notariële akte, vóór u de eerste termijn betaalt."
    )
