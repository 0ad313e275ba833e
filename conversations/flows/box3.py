"""Box 3: de belasting over sparen en beleggen, met het forfaitaire stelsel."""

from __future__ import annotations

from typing import Any

from conversations.flow import Antwoorden, Flow, Vraag, WatAls


def _heeft_groene_beleggingen(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("heeft_groene_beleggingen") is True


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    return {
        "spaargeld": antwoorden["spaargeld"],
        "beleggingen": antwoorden["beleggingen"],
        "schulden": antwoorden["schulden"],
        "groene_beleggingen": antwoorden.get("groene_beleggingen", "0"),
        "fiscale_partner": antwoorden["fiscale_partner"],
    }


FLOW = Flow(
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
        ),
        Vraag(
            id="spaargeld",
            tekst="Hoeveel spaargeld had u (samen) op 1 januari? Bijvoorbeeld 45.000.",
            waarom="Spaargeld telt in box 3 tegen een lager forfaitair rendement dan beleggingen.",
            soort="bedrag",
            samenvatting="spaargeld op 1 januari",
        ),
        Vraag(
            id="beleggingen",
            tekst=(
                "Hoeveel waren uw beleggingen en andere bezittingen waard op 1 januari (aandelen, tweede "
                "woning, uitgeleend geld)? Typ 0 als u die niet heeft."
            ),
            waarom="Beleggingen en overige bezittingen hebben hun eigen forfaitaire rendement.",
            soort="bedrag",
            samenvatting="beleggingen en overige bezittingen",
        ),
        Vraag(
            id="schulden",
            tekst=(
                "Hoeveel schulden had u op 1 januari, zonder de hypotheek van uw eigen woning? "
                "Typ 0 als u die niet heeft."
            ),
            waarom="Schulden boven de schuldendrempel verlagen uw rendementsgrondslag.",
            soort="bedrag",
            samenvatting="schulden",
        ),
        Vraag(
            id="heeft_groene_beleggingen",
            tekst="Zit er in uw beleggingen een deel in groene beleggingen (groenfondsen)?",
            waarom="Groene beleggingen zijn tot een grens vrijgesteld en geven een kleine heffingskorting.",
            soort="janee",
            samenvatting="groene beleggingen",
        ),
        Vraag(
            id="groene_beleggingen",
            tekst="Hoeveel van uw beleggingen zijn groene beleggingen?",
            waarom="Tot de vrijstelling tellen groene beleggingen niet mee in box 3.",
            soort="bedrag",
            alleen_als="heeft_groene_beleggingen",
            samenvatting="waarvan groen",
        ),
    ),
    invoer=_invoer,
    predicaten={"heeft_groene_beleggingen": _heeft_groene_beleggingen},
    wat_als=(
        WatAls(
            id="partner",
            label="Met of zonder fiscale partner",
            veld="fiscale_partner",
            waarden=lambda invoer: (invoer["fiscale_partner"], not invoer["fiscale_partner"]),
        ),
        WatAls(
            id="vorig_jaar",
            label="Vergelijk met vorig jaar",
            veld="jaar",
            waarden=lambda invoer: (invoer["jaar"], invoer["jaar"] - 1),
        ),
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
    ),
)
