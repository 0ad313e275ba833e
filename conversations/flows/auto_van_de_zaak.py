"""Auto van de zaak: de bijtelling, de pseudo-eindheffing van de werkgever en de btw voor een ondernemer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from conversations.flow import (
    Antwoorden,
    Flow,
    Herkenning,
    Keuze,
    Plausibel,
    Standaard,
    Vraag,
    WatAls,
    WeetIkNiet,
    vorig_jaar,
)
from conversations.state import JAAR_ANTWOORD as JAAR
from rules.auto_van_de_zaak import dagwaarde_kan_nodig_zijn, pseudo_eindheffing_kan_gelden, pseudo_eindheffing_vanaf
from rules.formatteer import datum

WERKNEMER, DGA, ONDERNEMER = "werknemer", "dga", "ondernemer"
BRANDSTOF, ELEKTRISCH = "brandstof", "elektrisch"
VEEL_PRIVE, WEINIG_PRIVE = "meer_dan_500_km", "max_500_km"
PSEUDO_VANAF = pseudo_eindheffing_vanaf()


def _mogelijk_youngtimer(antwoorden: Antwoorden) -> bool:
    """Only an answered date of first admission can rule out the question about the dagwaarde (a rule of the
    rules core: could the car be a youngtimer, or old enough for the levy on its dagwaarde, in this year?)."""
    toelating = antwoorden.get("datum_eerste_toelating")
    return toelating is None or dagwaarde_kan_nodig_zijn(dt.date.fromisoformat(toelating), antwoorden.get(JAAR))


def _heffing_mogelijk(antwoorden: Antwoorden) -> bool:
    return pseudo_eindheffing_kan_gelden(antwoorden.get(JAAR), antwoorden.get("aandrijving"), antwoorden.get("rol"))


def _overgang_beslist(antwoorden: Antwoorden) -> bool:
    """Whether the employer had this car before the levy started decides the amount only for a car that
    existed then; a car first admitted later cannot have been made available before."""
    toelating = antwoorden.get("datum_eerste_toelating")
    return _heffing_mogelijk(antwoorden) and toelating is not None and dt.date.fromisoformat(toelating) < PSEUDO_VANAF


def _niet_sinds_nieuw(antwoorden: Antwoorden) -> bool:
    if "sinds_nieuw" not in antwoorden:
        return "ter_beschikking_sinds" in antwoorden
    return antwoorden.get("sinds_nieuw") is False


def _start_onbekend(antwoorden: Antwoorden) -> bool:
    """A start date read from the user's message ("sinds maart 2021") answers the question before it."""
    return "ter_beschikking_sinds" not in antwoorden


def _weinig_prive(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("privegebruik") == WEINIG_PRIVE


def _eigen_bijdrage(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("rol") in {WERKNEMER, DGA} and not _weinig_prive(antwoorden)


def _aannames(_antwoorden: Antwoorden) -> tuple[str, ...]:
    return ("Ik ga ervan uit dat u de auto tot het eind van het jaar houdt.",)


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    invoer: dict[str, Any] = {
        veld: antwoorden[veld] for veld in ("rol", "cataloguswaarde", "aandrijving", "datum_eerste_toelating")
    }
    for veld in ("waarde_economisch_verkeer", "ter_beschikking_sinds", "eigen_bijdrage"):
        if veld in antwoorden:
            invoer[veld] = antwoorden[veld]
    if antwoorden.get("sinds_nieuw") is True:
        # Said, not assumed: the calculator then does not ask the user to check it.
        invoer["ter_beschikking_sinds"] = antwoorden["datum_eerste_toelating"]
    overgang = antwoorden.get("al_voor_heffing")
    if overgang is True:
        # Made available before the levy started: from the day it could first be, its first admission.
        invoer["eerste_terbeschikkingstelling"] = antwoorden["datum_eerste_toelating"]
    elif overgang is False:
        eigen = invoer.get("ter_beschikking_sinds") or antwoorden["datum_eerste_toelating"]
        invoer["eerste_terbeschikkingstelling"] = max(dt.date.fromisoformat(eigen), PSEUDO_VANAF).isoformat()
    return invoer


def _had_de_auto_in(invoer: Any, jaar: int) -> bool:
    sinds = invoer.get("ter_beschikking_sinds") or invoer["datum_eerste_toelating"]
    return dt.date.fromisoformat(str(sinds)).year <= jaar


def _ander_aandrijving(invoer: Any) -> tuple[Any, ...]:
    eigen = invoer["aandrijving"]
    return (eigen, ELEKTRISCH if eigen == BRANDSTOF else BRANDSTOF)


FLOW = Flow(
    id="auto-van-de-zaak",
    onderwerp="auto-van-de-zaak",
    titel="Auto van de zaak",
    intro=(
        "Auto van de zaak: ik reken uit hoeveel bijtelling u heeft, wat uw werkgever of bv aan "
        "pseudo-eindheffing betaalt, en voor een ondernemer de btw over het privégebruik."
    ),
    vragen=(
        Vraag(
            id="rol",
            tekst=(
                "Hoe rijdt u in de auto van de zaak?\n"
                "• Werknemer: u krijgt de auto van uw werkgever.\n"
                "• DGA: u bent directeur-grootaandeelhouder en krijgt de auto van uw eigen bv.\n"
                "• Ondernemer (IB): de auto hoort bij uw eenmanszaak of vof."
            ),
            waarom=(
                "Een werkgever (ook uw eigen bv) betaalt soms pseudo-eindheffing over de auto; een ondernemer "
                "corrigeert de btw voor het privégebruik."
            ),
            soort="keuze",
            keuzes=(
                Keuze(
                    waarde=WERKNEMER,
                    label="Werknemer",
                    synoniemen=(
                        "werknemer",
                        "in loondienst",
                        "mijn werkgever",
                        "van mijn baas",
                        "leaseauto van mijn werk",
                        "van de baas",
                        "employee",
                    ),
                ),
                Keuze(
                    waarde=DGA,
                    label="DGA",
                    synoniemen=(
                        "dga",
                        "onze bv",
                        "mijn bv",
                        "eigen bv",
                        "de bv",
                        "via de bv",
                        "directeur",
                        "directeur grootaandeelhouder",
                        "holding",
                    ),
                ),
                Keuze(
                    waarde=ONDERNEMER,
                    label="Ondernemer (IB)",
                    synoniemen=(
                        "eenmanszaak",
                        "zzp",
                        "zzper",
                        "vof",
                        "ib ondernemer",
                        "zelfstandige",
                        "freelancer",
                        "op mijn zaak",
                        "ondernemer",
                    ),
                ),
            ),
            samenvatting="u rijdt als",
            veld="rol",
        ),
        Vraag(
            id="cataloguswaarde",
            tekst=(
                "Wat is de cataloguswaarde van de auto: de nieuwprijs met btw en bpm, zonder korting? U vindt "
                "hem op de leaseofferte of bij het kenteken op ovi.rdw.nl. Bijvoorbeeld 45.000."
            ),
            waarom="De bijtelling is een percentage van de cataloguswaarde.",
            soort="bedrag",
            samenvatting="cataloguswaarde",
            veld="cataloguswaarde",
            trefwoorden=(
                "cataloguswaarde",
                "catalogusprijs",
                "nieuwprijs",
                "kost",
                "kostte",
                "waarde",
                "prijs",
                "tesla",
                "auto",
                "model",
                "van",
            ),
            plausibel=Plausibel(minimum=Decimal(5_000), maximum=Decimal(500_000)),
            hoofdbedrag=True,
        ),
        Vraag(
            id="aandrijving",
            tekst="Waarop rijdt de auto? Een (plug-in) hybride telt als brandstof.",
            waarom="Voor een auto zonder CO2-uitstoot is de bijtelling lager.",
            soort="keuze",
            keuzes=(
                Keuze(
                    waarde=ELEKTRISCH,
                    label="Elektrisch",
                    synoniemen=(
                        "elektrisch",
                        "elektrische",
                        "ev",
                        "ev6",
                        "id 3",
                        "id 4",
                        "e tron",
                        "ioniq",
                        "polestar",
                        "e 208",
                        "e 2008",
                        "e 3008",
                        "enyaq",
                        "model y",
                        "volledig elektrisch",
                        "tesla",
                        "stroom",
                        "electric",
                        "bev",
                    ),
                ),
                Keuze(
                    waarde=BRANDSTOF,
                    label="Brandstof of hybride",
                    synoniemen=(
                        "benzine",
                        "diesel",
                        "hybride",
                        "plug in",
                        "plugin",
                        "phev",
                        "lpg",
                        "brandstof",
                        "fossiel",
                        "fossiele",
                    ),
                ),
                Keuze(waarde="waterstof", label="Waterstof", synoniemen=("waterstof", "h2", "hyundai nexo")),
                Keuze(waarde="zonnecel", label="Zonnecelauto", synoniemen=("zonnecel", "zonnecelauto", "lightyear")),
            ),
            samenvatting="aandrijving",
            veld="aandrijving",
        ),
        Vraag(
            id="datum_eerste_toelating",
            tekst=(
                "Wat is de datum eerste toelating van de auto? Die staat op het kentekenbewijs; bij een "
                "nieuwe auto is het de datum van aflevering. Bijvoorbeeld 15-3-2026."
            ),
            waarom="Het bijtellingspercentage hangt af van wanneer de auto voor het eerst op kenteken kwam.",
            soort="datum",
            samenvatting="datum eerste toelating",
            veld="datum_eerste_toelating",
            trefwoorden=(
                "eerste toelating",
                "toelating",
                "kenteken",
                "bouwjaar",
                "nieuw in",
                "nieuw sinds",
                "geleverd",
                "afgeleverd",
                "aflevering",
            ),
            in_het_verleden=True,
        ),
        Vraag(
            id="waarde_economisch_verkeer",
            tekst=(
                "Uw auto is oud genoeg om als youngtimer te kunnen tellen; dan gaat de bijtelling over de "
                "dagwaarde in plaats van de cataloguswaarde. Wat is de auto nu ongeveer waard? "
                "Bijvoorbeeld 12.000."
            ),
            waarom="Voor een youngtimer is de bijtelling een percentage van de dagwaarde.",
            soort="bedrag",
            alleen_als="mogelijk_youngtimer",
            samenvatting="dagwaarde",
            veld="waarde_economisch_verkeer",
            trefwoorden=("dagwaarde", "nu waard", "waard"),
            plausibel=Plausibel(minimum=Decimal(500), maximum=Decimal(500_000)),
        ),
        Vraag(
            id="sinds_nieuw",
            tekst="Heeft u deze auto al sinds hij nieuw was (sinds de datum eerste toelating)?",
            waarom="De bijtelling telt alleen over de maanden dat u de auto heeft.",
            soort="janee",
            alleen_als="start_onbekend",
            samenvatting="auto sinds hij nieuw was",
        ),
        Vraag(
            id="ter_beschikking_sinds",
            tekst="Sinds welke datum heeft u deze auto van de zaak? Bijvoorbeeld 1-4-2026.",
            waarom="De bijtelling telt alleen over de maanden dat u de auto heeft.",
            soort="datum",
            alleen_als="niet_sinds_nieuw",
            samenvatting="auto sinds",
            veld="ter_beschikking_sinds",
            trefwoorden=("sinds", "vanaf", "rijd ik sinds", "heb ik sinds", "heb hem sinds"),
        ),
        Vraag(
            id="eigen_bijdrage",
            tekst=(
                "Hoeveel eigen bijdrage voor privégebruik betaalt u dit jaar aan uw werkgever of bv, uit uw "
                "nettoloon? Typ 0 als u niets betaalt. Bijvoorbeeld 1.200."
            ),
            waarom="Een eigen bijdrage voor het privégebruik gaat van de bijtelling af.",
            soort="bedrag",
            alleen_als="eigen_bijdrage",
            weet_ik_niet=WeetIkNiet(waarde="0", aanname="Ik ben uitgegaan van geen eigen bijdrage."),
            samenvatting="eigen bijdrage",
            veld="eigen_bijdrage",
            per_jaar=True,
            trefwoorden=("eigen bijdrage", "bijdrage", "betaal ik zelf", "zelf betaal"),
            plausibel=Plausibel(maximum=Decimal(12_000)),
        ),
        Vraag(
            id="al_voor_heffing",
            tekst=(
                "Stelde uw werkgever (of uw bv) deze auto vóór {heffing_vanaf} al ter beschikking, aan u of aan een "
                "collega? Dan valt hij onder de overgangsregeling."
            ),
            waarom=(
                "Over een auto die al vóór de start van de pseudo-eindheffing ter beschikking stond, betaalt de "
                "werkgever die heffing voorlopig niet, ook als hij nu naar een andere werknemer gaat."
            ),
            soort="janee",
            alleen_als="overgang_beslist",
            weet_ik_niet=WeetIkNiet(
                waarde=None,
                aanname="Of de auto al vóór de start van de pseudo-eindheffing ter beschikking stond, wist u niet.",
            ),
            samenvatting="al vóór de heffing ter beschikking",
        ),
    ),
    invoer=_invoer,
    standaarden=(
        Standaard(
            veld="privegebruik",
            waarde=VEEL_PRIVE,
            aanname=(
                "Ik ga ervan uit dat u meer dan 500 km per jaar privé rijdt; rijdt u aantoonbaar minder, dan "
                "heeft u geen bijtelling (wijzig dit in de samenvatting)."
            ),
            vraag=Vraag(
                id="privegebruik",
                tekst=(
                    "Hoeveel rijdt u privé met de auto? Woon-werkverkeer telt hierbij niet als privé.\n"
                    "• Meer dan 500 km per jaar.\n"
                    "• Hooguit 500 km per jaar, en dat kunt u aantonen met een rittenregistratie of een "
                    "verklaring geen privégebruik."
                ),
                waarom="Wie aantoonbaar niet meer dan 500 km per jaar privé rijdt, heeft geen bijtelling.",
                soort="keuze",
                keuzes=(
                    Keuze(waarde=VEEL_PRIVE, label="Meer dan 500 km", synoniemen=("meer dan 500", "ook prive")),
                    Keuze(
                        waarde=WEINIG_PRIVE,
                        label="Hooguit 500 km",
                        synoniemen=(
                            "minder dan 500",
                            "verklaring geen privegebruik",
                            "geen privegebruik",
                            "rittenregistratie",
                            "alleen zakelijk",
                        ),
                    ),
                ),
                samenvatting="privé gereden",
                veld="privegebruik",
            ),
        ),
        Standaard(
            veld="woon_werk",
            waarde=True,
            aanname=(
                "Ik ga ervan uit dat u met de auto naar uw werk rijdt; voor de pseudo-eindheffing en de btw telt "
                "dat als privégebruik, ook al is er geen bijtelling."
            ),
            vraag=Vraag(
                id="woon_werk",
                tekst="Rijdt u met de auto van huis naar uw werk?",
                waarom=(
                    "Voor de pseudo-eindheffing en de btw telt woon-werkverkeer wel als privégebruik, ook al is "
                    "er geen bijtelling."
                ),
                soort="janee",
                samenvatting="woon-werkverkeer",
                veld="woon_werk",
                herkenning=(
                    Herkenning(("woon werk", "naar mijn werk", "naar kantoor", "woon werkverkeer"), True),
                    Herkenning(("geen woon werk", "niet naar mijn werk", "werk thuis", "thuiswerker"), False),
                ),
            ),
            alleen_als="weinig_prive",
        ),
        Standaard(
            veld="privegebruik_verbod",
            waarde=False,
            aanname=(
                "Uw werkgever heeft privégebruik niet schriftelijk verboden. Alleen een auto die uitsluitend "
                "zakelijk ter beschikking staat, valt buiten de pseudo-eindheffing."
            ),
            vraag=Vraag(
                id="privegebruik_verbod",
                tekst=(
                    "Heeft uw werkgever privégebruik van de auto schriftelijk verboden, en houdt u zich daaraan "
                    "(ook geen woon-werkverkeer)?"
                ),
                waarom="Alleen een auto die uitsluitend zakelijk ter beschikking staat, valt buiten de heffing.",
                soort="janee",
                samenvatting="privégebruik verboden",
                veld="privegebruik_verbod",
            ),
            alleen_als="heffing_mogelijk",
        ),
        Standaard(
            veld="schijf",
            waarde=2,
            aanname=(
                "Voor wat de auto u netto kost, ga ik uit van de middelste belastingschijf; valt uw inkomen lager "
                "of hoger, wijzig dit dan in het overzicht."
            ),
            vraag=Vraag(
                id="schijf",
                tekst="In welke belastingschijf valt uw inkomen ongeveer?",
                waarom="Wat de bijtelling u netto kost, hangt af van het tarief over uw hoogste euro's inkomen.",
                soort="keuze",
                keuzes=(
                    Keuze(waarde=1, label="Eerste schijf (lager inkomen)", synoniemen=("eerste", "laag")),
                    Keuze(waarde=2, label="Tweede schijf (modaal)", synoniemen=("tweede", "midden", "modaal")),
                    Keuze(waarde=3, label="Hoogste schijf", synoniemen=("hoogste", "derde", "hoog", "topinkomen")),
                ),
                samenvatting="belastingschijf",
                veld="schijf",
            ),
        ),
    ),
    aannames=_aannames,
    tekstvelden=lambda _antwoorden: {"heffing_vanaf": datum(PSEUDO_VANAF)},
    predicaten={
        "mogelijk_youngtimer": _mogelijk_youngtimer,
        "niet_sinds_nieuw": _niet_sinds_nieuw,
        "start_onbekend": _start_onbekend,
        "heffing_mogelijk": _heffing_mogelijk,
        "overgang_beslist": _overgang_beslist,
        "weinig_prive": _weinig_prive,
        "eigen_bijdrage": _eigen_bijdrage,
    },
    wat_als=(
        WatAls(
            id="aandrijving",
            label="Elektrisch of brandstof",
            veld="aandrijving",
            waarden=_ander_aandrijving,
        ),
        WatAls(
            id="pseudo_eindheffing",
            label=f"Vergelijk met {PSEUDO_VANAF.year}",
            veld="jaar",
            waarden=lambda invoer: (invoer["jaar"], PSEUDO_VANAF.year),
            alleen_als=lambda invoer: invoer["jaar"] < PSEUDO_VANAF.year,
            # Another year may have other months with the car: compare the yearly equivalents.
            op="bijtelling_per_jaar",
        ),
        vorig_jaar(
            alleen_als=lambda invoer: (
                invoer["jaar"] >= PSEUDO_VANAF.year and _had_de_auto_in(invoer, invoer["jaar"] - 1)
            ),
            op="bijtelling_per_jaar",
        ),
    ),
    trefwoorden=(
        "auto van de zaak",
        "auto vd zaak",
        "auto v d zaak",
        "auto van mijn",
        "auto van de",
        "auto via de bv",
        "auto op de bv",
        "auto op de zaak",
        "auto op naam van",
        "bijtelling",
        "bijtellen",
        "lease",
        "leaseauto",
        "leasewagen",
        "private lease",
        "tesla",
        "youngtimer",
        "pseudo eindheffing",
        "eindheffing",
        "bedrijfsauto",
        "bedrijfswagen",
        "zakenauto",
        "zakelijke auto",
        "auto zakelijk",
        "elektrische auto",
        "elektrisch rijden",
        "ev",
        "hybride",
        "cataloguswaarde",
        "privegebruik auto",
        "verklaring geen privegebruik",
        "company car",
        "car",
    ),
)
