"""Box 3: de belasting over sparen en beleggen, met het forfaitaire stelsel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations.flow import Antwoorden, Controle, Flow, Plausibel, Vraag, WatAls, WeetIkNiet, vorig_jaar
from conversations.flows.gedeeld import PARTNER
from rules.formatteer import euro


def _heeft_beleggingen(antwoorden: Antwoorden) -> bool:
    """Only an answered zero rules out the question about green investments."""
    return "beleggingen" not in antwoorden or Decimal(antwoorden["beleggingen"]) > 0


def _heeft_groene_beleggingen(antwoorden: Antwoorden) -> bool:
    return _heeft_beleggingen(antwoorden) and antwoorden.get("heeft_groene_beleggingen") is True


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    # The flow asks which part of the beleggingen is green; the calculator takes the total and that part
    # (a green part above the total stands for the total).
    groen = Decimal(antwoorden.get("groene_beleggingen", "0"))
    return {
        "spaargeld": antwoorden["spaargeld"],
        "beleggingen": str(max(groen, Decimal(antwoorden["beleggingen"]))),
        "schulden": antwoorden["schulden"],
        "groene_beleggingen": str(groen),
        "fiscale_partner": antwoorden["fiscale_partner"],
    }


FLOW = Flow(
    id="box3",
    onderwerp="box3",
    titel="Box 3: sparen en beleggen",
    intro="Box 3: ik reken uit hoeveel belasting u betaalt over uw spaargeld en beleggingen.",
    vragen=(
        Vraag(
            id="fiscale_partner",
            tekst="Heeft u een fiscale partner?",
            waarom="Fiscale partners hebben samen twee keer het heffingsvrij vermogen en de schuldendrempel.",
            soort="janee",
            samenvatting="fiscale partner",
            herkenning=PARTNER,
        ),
        Vraag(
            id="spaargeld",
            tekst="Hoeveel spaargeld had u op 1 januari{samen}? Bijvoorbeeld 45.000.",
            waarom="Voor spaargeld rekent box 3 met een lager rendement dan voor beleggingen.",
            soort="bedrag",
            samenvatting="spaargeld op 1 januari",
            plausibel=Plausibel(maximum=Decimal(100_000_000)),
            trefwoorden=(
                "spaargeld",
                "gespaard",
                "spaarrekening",
                "op de bank",
                "spaar",
                "sparen",
                "banktegoed",
                "vermogen van",
                "spaartegoed",
            ),
        ),
        Vraag(
            id="beleggingen",
            tekst=(
                "Hoeveel waren uw beleggingen en andere bezittingen waard op 1 januari (aandelen, crypto, "
                "uitgeleend geld, een tweede woning voor de WOZ-waarde)? Typ 0 als u die niet heeft."
            ),
            waarom="Voor beleggingen en andere bezittingen rekent box 3 met een hoger rendement.",
            soort="bedrag",
            samenvatting="beleggingen en overige bezittingen",
            trefwoorden=(
                "beleggingen",
                "belegging",
                "beleggingsrekening",
                "belegd",
                "aandelen",
                "beleggen",
                "crypto",
                "fondsen",
                "etf",
                "bitcoin",
            ),
            plausibel=Plausibel(maximum=Decimal(100_000_000)),
        ),
        Vraag(
            id="schulden",
            tekst=(
                "Hoeveel schulden had u op 1 januari, zonder de hypotheek van het huis waarin u woont? "
                "Typ 0 als u die niet heeft."
            ),
            waarom="Schulden boven een drempel van een paar duizend euro verlagen uw box 3-belasting.",
            soort="bedrag",
            samenvatting="schulden",
            plausibel=Plausibel(maximum=Decimal(100_000_000)),
            trefwoorden=("schuld", "schulden", "lening", "geleend", "studieschuld"),
        ),
        Vraag(
            id="heeft_groene_beleggingen",
            tekst="Zit er in uw beleggingen een deel in groene beleggingen (groenfondsen)?",
            waarom="Groene beleggingen zijn tot een grens vrijgesteld en geven een kleine heffingskorting.",
            soort="janee",
            alleen_als="heeft_beleggingen",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname="Ik ben ervan uitgegaan dat u geen groene beleggingen heeft.",
            ),
            samenvatting="groene beleggingen",
        ),
        Vraag(
            id="groene_beleggingen",
            tekst="Hoeveel van uw beleggingen zijn groene beleggingen? Bijvoorbeeld 10.000.",
            waarom="Tot de vrijstelling tellen groene beleggingen niet mee in box 3.",
            soort="bedrag",
            alleen_als="heeft_groene_beleggingen",
            samenvatting="waarvan groen",
            trefwoorden=("groen", "groene", "groenfonds", "groenfondsen"),
        ),
    ),
    invoer=_invoer,
    predicaten={"heeft_beleggingen": _heeft_beleggingen, "heeft_groene_beleggingen": _heeft_groene_beleggingen},
    controles=(
        Controle(
            vraag="groene_beleggingen",
            klopt=lambda a: Decimal(a["groene_beleggingen"]) <= Decimal(a.get("beleggingen", "0")),
            uitleg=lambda a: (
                f"Dat is meer dan uw beleggingen van {euro(Decimal(a.get('beleggingen', '0')))}: de groene "
                "beleggingen zijn een deel daarvan. Typ dat deel, of typ 'terug' om uw beleggingen te wijzigen."
            ),
        ),
    ),
    tekstvelden=lambda antwoorden: {
        "samen": " (met uw fiscale partner samen)" if antwoorden.get("fiscale_partner") else ""
    },
    wat_als=(
        WatAls(
            id="partner",
            label="Met of zonder fiscale partner",
            veld="fiscale_partner",
            waarden=lambda invoer: (invoer["fiscale_partner"], not invoer["fiscale_partner"]),
        ),
        vorig_jaar(),
    ),
    trefwoorden=(
        "box 3",
        "box3",
        "vermogen",
        "spaargeld",
        "sparen",
        "beleggen",
        "beleggingen",
        "vermogensbelasting",
        "heffingsvrij",
        "spaarrekening",
        "aandelen",
        "crypto",
        "groenfonds",
        "groene beleggingen",
        "gespaard",
        "box drie",
        "spaargeld belasting",
        "belasting over spaargeld",
        "belasting op spaargeld",
        "vermogensrendementsheffing",
        "forfaitair rendement",
        "heffingsvrij vermogen",
        "savings tax",
        "wealth tax",
        "bitcoin",
        "etf",
    ),
)
