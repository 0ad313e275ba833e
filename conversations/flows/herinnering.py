"""Opt-in reminders of the deadline that matters after an answer: EIA/MIA reporting, WBSO, periodic gifts.

Each is a small flow started on top of its topic with the calculator input as start data: at most one
question, then the day to send and the text, as an action the shell stores (and a job sends, also after a
restart) — or, when no reminder makes sense, the sentence that says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from conversations.acties import HerinneringPlannen
from conversations.flow import Afloop, Afronding, Flow, Vraag
from conversations.replies import Bericht
from conversations.state import Frame
from rules.formatteer import datum as datum_tekst
from rules.parameters import ParameterOntbreekt
from rules.termijnen import einde_meldtermijn_eia_mia

# Two weeks' notice leaves time to act; a reminder on the deadline itself would be too late to be useful.
VOORSPRONG = dt.timedelta(days=14)
# A periodic gift agreement signed in December still counts for the whole year.
DECEMBER = 12

Plan = tuple[dt.date, str] | str
"""(the day to send, the text) — or, when no reminder makes sense, the sentence that says why."""


def _verzenddag(deadline: dt.date, vandaag: dt.date) -> dt.date:
    return max(deadline - VOORSPRONG, vandaag + dt.timedelta(days=1))


def _heeft_eia_of_mia(invoer: Mapping[str, Any]) -> bool:
    """An EIA or MIA investment still to be reported (not reported already, and not too late)."""
    return any(
        isinstance(i, Mapping) and i.get("regeling") and i.get("gemeld") is None
        for i in invoer.get("investeringen", ())
    )


def _plan_eia_mia(_: Mapping[str, Any], verplichting: Any, vandaag: dt.date) -> Plan:
    try:
        deadline = einde_meldtermijn_eia_mia(dt.date.fromisoformat(str(verplichting)))
    except ParameterOntbreekt:
        return "Voor dat jaar ken ik de meldtermijn nog niet, dus een herinnering kan ik niet betrouwbaar plannen."
    if deadline < vandaag:
        return f"De meldtermijn liep af op {datum_tekst(deadline)}; overleg met een adviseur wat nog kan."
    return _verzenddag(deadline, vandaag), (
        f"Herinnering: meld uw EIA/MIA-investering uiterlijk {datum_tekst(deadline)} bij RVO (eLoket). "
        "Zonder tijdige melding krijgt u de aftrek niet."
    )


def _plan_wbso(_: Mapping[str, Any], start: Any, vandaag: dt.date) -> Plan:
    begin = dt.date.fromisoformat(str(start))
    if begin <= vandaag:
        return "Die periode is al begonnen; een WBSO-aanvraag moet binnen zijn vóór de periode begint."
    return _verzenddag(begin, vandaag), (
        f"Herinnering: vraag de WBSO voor uw S&O-periode vanaf {datum_tekst(begin)} aan bij RVO, vóór die "
        "periode begint."
    )


def _plan_periodieke_gift(invoer: Mapping[str, Any], _: Any, vandaag: dt.date) -> Plan:
    jaar = int(invoer["jaar"])
    jaareinde = dt.date(jaar, 12, 31)
    if vandaag >= jaareinde:
        return f"Het jaar {jaar} is voorbij; een nieuwe overeenkomst telt vanaf het jaar waarin u hem sluit."
    verzenddag = max(dt.date(jaar, DECEMBER, 1), vandaag + dt.timedelta(days=1))
    return verzenddag, (
        f"Herinnering: leg uw periodieke gift vóór 31 december {jaar} vast in een schriftelijke of notariële "
        "overeenkomst van minstens vijf jaar, zodat u de gift dit jaar zonder drempel kunt aftrekken."
    )


@dataclass(frozen=True)
class Herinnering:
    """A topic's reminder: the option's label, when it is offered, and its flow."""

    label: str
    van_toepassing: Callable[[Mapping[str, Any]], bool]
    flow: Flow


def _flow(onderwerp: str, vraag: Vraag | None, plan: Callable[[Mapping[str, Any], Any, dt.date], Plan]) -> Flow:
    def einde(afronding: Afronding) -> Afloop:
        invoer = afronding.frame.start.get("invoer", {})
        antwoord = afronding.frame.antwoorden.get(vraag.id) if vraag else None
        gepland = plan(invoer, antwoord, afronding.vandaag)
        if isinstance(gepland, str):
            return Afloop((Bericht(gepland),))
        dag, tekst = gepland
        return Afloop(
            (
                Bericht(
                    f"Afgesproken: op {datum_tekst(dag)} stuur ik u een herinnering. Met /herinneringen ziet of "
                    "schrapt u die."
                ),
            ),
            (HerinneringPlannen(onderwerp, dag, tekst),),
        )

    return Flow(id=f"herinnering-{onderwerp}", titel="Herinnering", vragen=(vraag,) if vraag else (), einde=einde)


HERINNERINGEN: dict[str, Herinnering] = {
    "kia": Herinnering(
        label="Herinner mij aan de meldtermijn",
        van_toepassing=_heeft_eia_of_mia,
        flow=_flow(
            "kia",
            Vraag(
                id="datum_verplichting",
                tekst=(
                    "Op welke datum heeft u de investering besteld (de verplichting aangegaan)? Bijvoorbeeld 15-3-2026."
                ),
                waarom="De meldtermijn voor EIA en MIA loopt vanaf de datum van de bestelling.",
                soort="datum",
            ),
            _plan_eia_mia,
        ),
    ),
    "wbso": Herinnering(
        label="Herinner mij aan de aanvraag",
        van_toepassing=lambda _invoer: True,
        flow=_flow(
            "wbso",
            Vraag(
                id="start_periode",
                tekst="Wanneer wilt u met de volgende S&O-periode beginnen? Bijvoorbeeld 1-1-2027 of januari 2027.",
                waarom="De WBSO moet u aanvragen vóór de periode begint.",
                soort="datum",
            ),
            _plan_wbso,
        ),
    ),
    "anbi-contributie": Herinnering(
        label="Herinner mij vóór het jaareinde",
        van_toepassing=lambda invoer: invoer.get("periodiek") is True,
        flow=_flow("anbi-contributie", None, _plan_periodieke_gift),
    ),
}


def aangeboden(onderwerp: str, invoer: Mapping[str, Any] | None) -> str | None:
    """The label of the reminder offered after `onderwerp`'s answer for this input, or None."""
    herinnering = HERINNERINGEN.get(onderwerp)
    if herinnering is None or invoer is None or not herinnering.van_toepassing(invoer):
        return None
    return herinnering.label


def begin(onderwerp: str, antwoorden: Mapping[str, Any], invoer: Mapping[str, Any]) -> Frame:
    """The reminder's frame on top of its topic. An answer the topic already has (the order date of an EIA
    investment) is not asked again."""
    flow = HERINNERINGEN[onderwerp].flow
    bekend = {v.id: antwoorden[v.id] for v in flow.vragen if antwoorden.get(v.id)}
    return Frame(flow=flow.id, antwoorden=bekend, start={"invoer": dict(invoer)})
