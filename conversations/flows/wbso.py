"""WBSO: de S&O-afdrachtvermindering op de loonheffing, en de S&O-aftrek voor een ondernemer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from conversations.flow import Antwoorden, Flow, Herkenning, Standaard, Vraag, WatAls, WeetIkNiet, vorig_jaar
from conversations.state import JAAR_ANTWOORD
from rules.formatteer import getal
from rules.parameters import ParameterOntbreekt, standaard_parameters
from rules.wbso import URENCRITERIUM

ZERO = Decimal(0)
# Not a tax figure: more hours than a leap year has is a typo.
UREN_IN_EEN_JAAR = 366 * 24


def _met_verklaring(antwoorden: Antwoorden) -> bool:
    """Without RVO's S&O-verklaring there is no WBSO at all: the rest need not be asked."""
    return antwoorden.get("s_o_verklaring") is not False


def _heeft_s_o_kosten(antwoorden: Antwoorden) -> bool:
    """Only an answered cost of zero makes the starter question moot (the starter rate is on those costs)."""
    if not _met_verklaring(antwoorden):
        return False
    return "s_o_kosten" not in antwoorden or Decimal(antwoorden["s_o_kosten"]) > ZERO


def _ib_ondernemer(antwoorden: Antwoorden) -> bool:
    return _met_verklaring(antwoorden) and antwoorden.get("ib_ondernemer") is True


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    invoer: dict[str, Any] = {
        # Without an S&O-verklaring the costs and the rest are not asked: the answer is nil anyway.
        "s_o_kosten": antwoorden.get("s_o_kosten", "0"),
        # Without S&O costs the starter question is not asked; the calculator still wants a yes or no.
        "starter": antwoorden.get("starter", False),
        "ib_ondernemer": antwoorden.get("ib_ondernemer", False),
    }
    if _ib_ondernemer(antwoorden):
        invoer["s_o_uren"] = antwoorden["s_o_uren"]
        invoer["starter_ib"] = antwoorden["starter_ib"]
        if antwoorden.get("urencriterium") is not None:
            invoer["urencriterium"] = antwoorden["urencriterium"]
    return invoer


def urencriterium_tekst(jaar: int | None) -> str:
    """The number of hours of the urencriterium in the year asked about, as the question shows it."""
    parameter = standaard_parameters().get(URENCRITERIUM)
    try:
        periode = parameter.periode_op(dt.date(jaar, 1, 1)) if jaar is not None else parameter.perioden[-1]
    except ParameterOntbreekt:
        periode = parameter.perioden[-1]
    waarde = periode.waarde
    assert isinstance(waarde, Decimal)
    return getal(waarde)


def _met_s_o_kosten(invoer: Any) -> bool:
    return Decimal(str(invoer["s_o_kosten"])) > ZERO


FLOW = Flow(
    id="wbso",
    onderwerp="wbso",
    titel="WBSO (speur- en ontwikkelingswerk)",
    intro=(
        "WBSO: ik reken uit hoeveel S&O-afdrachtvermindering u krijgt op de loonheffing voor speur- en "
        "ontwikkelingswerk, en als ondernemer ook de S&O-aftrek."
    ),
    vragen=(
        Vraag(
            id="s_o_kosten",
            tekst=(
                "Hoeveel S&O-kosten heeft u dit jaar: het S&O-loon van de medewerkers die speur- en "
                "ontwikkelingswerk doen, plus de andere S&O-kosten en -uitgaven? Typ 0 als u geen personeel "
                "heeft. Bijvoorbeeld 150.000."
            ),
            waarom="De S&O-afdrachtvermindering is een percentage van deze kosten.",
            soort="bedrag",
            alleen_als="met_verklaring",
            samenvatting="S&O-kosten",
            veld="s_o_kosten",
            per_jaar=True,
            trefwoorden=("s o kosten", "s o loon", "loonkosten", "kosten", "loon", "salarissen", "ontwikkelaars"),
            herkenning=(
                Herkenning(("geen personeel", "zonder personeel", "geen werknemers", "geen medewerkers"), "0"),
            ),
            hoofdbedrag=True,
        ),
        Vraag(
            id="starter",
            tekst=(
                "Is uw bedrijf starter voor de WBSO? Dat is zo als het in de afgelopen vijf kalenderjaren "
                "minstens één jaar geen personeel had, en in die jaren hooguit twee keer een S&O-verklaring "
                "kreeg."
            ),
            waarom="Een starter krijgt over het eerste deel van de S&O-kosten een hoger percentage.",
            soort="janee",
            alleen_als="heeft_s_o_kosten",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname=(
                    "Ik ben ervan uitgegaan dat uw bedrijf geen starter is; als starter krijgt u meer "
                    "afdrachtvermindering."
                ),
            ),
            samenvatting="starter",
            veld="starter",
        ),
        Vraag(
            id="ib_ondernemer",
            tekst=(
                "Doet u zelf speur- en ontwikkelingswerk als ondernemer met een eenmanszaak of vof? Met een bv "
                "antwoordt u nee: de S&O-aftrek is er alleen voor ondernemers in de inkomstenbelasting."
            ),
            waarom="Dan kunt u ook de S&O-aftrek van uw winst krijgen.",
            soort="janee",
            alleen_als="met_verklaring",
            samenvatting="eigen S&O als ondernemer",
            veld="ib_ondernemer",
            herkenning=(
                Herkenning(("zzp", "zzper", "eenmanszaak", "zelfstandige", "freelancer", "doe zelf s o"), True),
                Herkenning(("bv", "b v", "mijn bv", "onze bv", "via de bv", "holding"), False),
            ),
        ),
        Vraag(
            id="s_o_uren",
            tekst="Hoeveel uur besteedt u dit jaar zelf aan speur- en ontwikkelingswerk? Bijvoorbeeld 600.",
            waarom="De S&O-aftrek krijgt u pas vanaf een minimum aantal S&O-uren per jaar.",
            soort="getal",
            alleen_als="ib_ondernemer",
            maximum=UREN_IN_EEN_JAAR,
            eenheid="uur",
            samenvatting="eigen S&O-uren",
            veld="s_o_uren",
        ),
        Vraag(
            id="urencriterium",
            tekst=(
                "Werkt u minstens {urencriterium} uur per jaar in uw onderneming (het urencriterium)? Ook uren voor "
                "administratie en acquisitie tellen mee."
            ),
            waarom="De S&O-aftrek krijgt u alleen als u ook aan het urencriterium voldoet.",
            soort="janee",
            alleen_als="ib_ondernemer",
            weet_ik_niet=WeetIkNiet(
                waarde=None,
                aanname="Of u aan het urencriterium voldoet, wist u niet; ik ben ervan uitgegaan van wel.",
            ),
            samenvatting="urencriterium",
            veld="urencriterium",
        ),
        Vraag(
            id="starter_ib",
            tekst=(
                "Bent u een startende ondernemer? Dat is zo als u in een of meer van de afgelopen vijf jaar "
                "geen ondernemer was, en in die jaren hooguit twee keer S&O-aftrek kreeg."
            ),
            waarom="Een startende ondernemer krijgt een extra S&O-aftrek.",
            soort="janee",
            alleen_als="ib_ondernemer",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname=(
                    "Ik ben ervan uitgegaan dat u geen startende ondernemer bent; als starter krijgt u een "
                    "extra S&O-aftrek."
                ),
            ),
            samenvatting="startende ondernemer",
            veld="starter_ib",
        ),
    ),
    invoer=_invoer,
    standaarden=(
        Standaard(
            veld="s_o_verklaring",
            waarde=True,
            aanname=(
                "U heeft voor dit werk een S&O-verklaring van RVO voor dit jaar (of die op tijd aangevraagd); zonder "
                "die verklaring krijgt u geen S&O-afdrachtvermindering en geen S&O-aftrek."
            ),
            vraag=Vraag(
                id="s_o_verklaring",
                tekst=(
                    "Heeft u voor dit werk een S&O-verklaring van RVO (de WBSO-beschikking) voor dit jaar, of heeft u "
                    "die op tijd aangevraagd?"
                ),
                waarom=(
                    "Zowel de S&O-afdrachtvermindering als de S&O-aftrek krijgt u alleen met een S&O-verklaring van "
                    "RVO, die u aanvraagt vóór de periode begint waarin u het werk doet."
                ),
                soort="janee",
                weet_ik_niet=WeetIkNiet(
                    waarde=None,
                    aanname="Of u een S&O-verklaring heeft, wist u niet; ik ben ervan uitgegaan van wel.",
                ),
                samenvatting="S&O-verklaring van RVO",
                veld="s_o_verklaring",
                herkenning=(
                    Herkenning(
                        (
                            "wbso beschikking",
                            "beschikking van rvo",
                            "wbso toegekend",
                            "heb een s o verklaring",
                            "s o verklaring ontvangen",
                            "s o verklaring gekregen",
                        ),
                        True,
                    ),
                    Herkenning(
                        ("geen s o verklaring", "geen wbso aangevraagd", "geen wbso", "wbso niet aangevraagd"), False
                    ),
                ),
            ),
        ),
    ),
    predicaten={
        "met_verklaring": _met_verklaring,
        "heeft_s_o_kosten": _heeft_s_o_kosten,
        "ib_ondernemer": _ib_ondernemer,
    },
    tekstvelden=lambda antwoorden: {"urencriterium": urencriterium_tekst(antwoorden.get(JAAR_ANTWOORD))},
    wat_als=(
        WatAls(
            id="starter",
            label="Als starter of niet",
            veld="starter",
            waarden=lambda invoer: (invoer["starter"], not invoer["starter"]),
            alleen_als=_met_s_o_kosten,
        ),
        vorig_jaar(),
    ),
    trefwoorden=(
        "wbso",
        "s o",
        "s en o",
        "s&o",
        "speur en ontwikkelingswerk",
        "speur en ontwikkeling",
        "r&d",
        "rnd",
        "ontwikkelen van software",
        "software ontwikkelen",
        "technisch onderzoek",
        "prototype",
        "rvo",
        "speur",
        "ontwikkelingswerk",
        "afdrachtvermindering",
        "s o aftrek",
        "s o afdracht",
        "s o kosten",
        "s o uren",
        "s o verklaring",
        "s o werk",
        "research",
        "r d",
        "innovatie",
    ),
)
