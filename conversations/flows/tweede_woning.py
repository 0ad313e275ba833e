"""Tweede woning: de overdrachtsbelasting bij aankoop, en wat de woning u daarna in box 3 kost."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations.flow import (
    Antwoorden,
    Controle,
    Flow,
    Herkenning,
    Keuze,
    Plausibel,
    Standaard,
    Vraag,
    WeetIkNiet,
)
from conversations.flows.gedeeld import PARTNER
from conversations.state import JAAR_ANTWOORD
from rules import jaar_niet_berekenbaar

NOG_KOPEN = "nog_kopen"
ALLEEN_KOPEN = "alleen_overdrachtsbelasting"
IN_BEZIT = "in_bezit"

HUURBESCHERMING = "huurbescherming"
TIJDELIJK = "tijdelijk"
GELIEERD = "gelieerd"
ZONDER_HUURBESCHERMING = "zonder_huurbescherming"


def _alleen_overdrachtsbelasting(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("situatie") == ALLEEN_KOPEN


def _nog_kopen(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("situatie") == NOG_KOPEN


def _koopt(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("situatie") in {NOG_KOPEN, ALLEEN_KOPEN}


def _in_bezit(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("situatie") == IN_BEZIT


def _box3(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("situatie") in {NOG_KOPEN, IN_BEZIT}


def _verhuurd(antwoorden: Antwoorden) -> bool:
    return _box3(antwoorden) and antwoorden.get("verhuurd") is True


def _starter_mogelijk(antwoorden: Antwoorden) -> bool:
    """Buying a home to live in: the startersvrijstelling may apply, and it depends on the buyer's age."""
    return (
        _koopt(antwoorden) and antwoorden.get("hoofdverblijf") is True and antwoorden.get("soort", "woning") == "woning"
    )


def _met_huurbescherming(antwoorden: Antwoorden) -> bool:
    return _verhuurd(antwoorden) and antwoorden.get("huurvorm") == HUURBESCHERMING


def _later_uitleg(antwoorden: Antwoorden) -> str:
    """A transfer after the year being calculated: that year's figures are not all known yet, so say so."""
    jaar = antwoorden.get(JAAR_ANTWOORD)
    if jaar is None:
        return "Kies het jaar van de overdracht met bijvoorbeeld 'jaar 2026'."
    reden = jaar_niet_berekenbaar("tweede-woning", int(jaar) + 1)
    if reden is None:
        return f"Typ dan 'jaar {int(jaar) + 1}': dan reken ik met de bedragen van het jaar van de overdracht."
    return (
        f"{reden}. Ik kan wel rekenen alsof u de woning nog in {jaar} krijgt, als indicatie: antwoord dan 'ja'. "
        "Een adviseur rekent het graag met u door zodra de bedragen bekend zijn (typ 'adviseur')."
    )


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    invoer: dict[str, Any] = {}
    situatie = antwoorden["situatie"]
    if antwoorden.get("leeftijd") is not None:
        invoer["leeftijd"] = antwoorden["leeftijd"]
    if situatie == ALLEEN_KOPEN:
        invoer["aankoopprijs"] = antwoorden["koopprijs"]
        return invoer
    if situatie == NOG_KOPEN:
        # A home bought now gets its first WOZ-waarde later; the price is the best estimate of it.
        invoer["aankoopprijs"] = antwoorden["koopprijs"]
        invoer["woz_waarde"] = antwoorden["koopprijs"]
        if antwoorden.get("overdracht_dit_jaar") is True and antwoorden.get(JAAR_ANTWOORD):
            # Any day after 1 January gives the same answer: this year's rate, and box 3 from next year.
            invoer["datum_aankoop"] = f"{antwoorden[JAAR_ANTWOORD]}-12-31"
    else:
        invoer["woz_waarde"] = antwoorden["woz_waarde"]
    invoer["verhuurd"] = antwoorden["verhuurd"]
    if antwoorden["verhuurd"]:
        huurvorm = antwoorden["huurvorm"]
        invoer["huurbescherming"] = huurvorm == HUURBESCHERMING
        invoer["tijdelijk_huurcontract"] = huurvorm == TIJDELIJK
        invoer["huurder_gelieerd"] = huurvorm == GELIEERD
        if huurvorm == HUURBESCHERMING:
            invoer["jaarhuur"] = antwoorden["jaarhuur"]
    for veld in ("fiscale_partner", "hypotheek", "spaargeld", "beleggingen"):
        invoer[veld] = antwoorden[veld]
    return invoer


FLOW = Flow(
    id="tweede-woning",
    onderwerp="tweede-woning",
    titel="Tweede woning",
    intro=(
        "Tweede woning: ik reken uit hoeveel overdrachtsbelasting u bij aankoop betaalt, en wat de woning u "
        "daarna per jaar in box 3 kost."
    ),
    vragen=(
        Vraag(
            id="situatie",
            tekst=(
                "Koopt u de woning nog, of heeft u hem al?\n"
                "• Nog kopen: de overdrachtsbelasting én wat de woning daarna per jaar in box 3 kost.\n"
                "• Heb hem al: alleen wat de woning in box 3 kost.\n"
                "• Alleen overdrachtsbelasting: alleen wat u bij de koop betaalt."
            ),
            waarom="Zo vraag ik alleen wat nodig is voor wat u wilt weten.",
            soort="keuze",
            keuzes=(
                Keuze(
                    waarde=NOG_KOPEN,
                    label="Nog kopen",
                    synoniemen=("kopen", "ga kopen", "wil kopen", "gaan kopen", "wil ik kopen", "aankoop", "overweeg"),
                ),
                Keuze(
                    waarde=IN_BEZIT,
                    label="Heb hem al",
                    synoniemen=(
                        "heb al",
                        "heb ik al",
                        "heb er al een",
                        "heb er al 1",
                        "al gekocht",
                        "al eigenaar",
                        "al in bezit",
                        "in bezit",
                        "ik bezit",
                        "mijn vakantiehuis",
                        "ik verhuur",
                        "dat ik verhuur",
                        "verhuur ik",
                        "ik heb een appartement",
                        "ik heb een huis",
                    ),
                ),
                Keuze(
                    waarde=ALLEEN_KOPEN,
                    label="Alleen overdrachtsbelasting",
                    synoniemen=("alleen overdrachtsbelasting", "alleen de overdrachtsbelasting"),
                ),
            ),
            samenvatting="wat u wilt weten",
        ),
        Vraag(
            id="koopprijs",
            tekst="Wat is de koopprijs? Bijvoorbeeld 350.000.{als_woz}",
            waarom=(
                "De overdrachtsbelasting is een percentage van de koopprijs. Houdt u de woning, dan reken ik in "
                "box 3 met de koopprijs als WOZ-waarde: die ligt bij een net gekochte woning er meestal dichtbij."
            ),
            soort="bedrag",
            alleen_als="koopt",
            samenvatting="koopprijs",
            trefwoorden=(
                "koopprijs",
                "aankoopprijs",
                "kost",
                "kopen voor",
                "gekocht voor",
                "prijs",
                "vraagprijs",
                "pand",
                "winkelpand",
                "bedrijfspand",
                "kantoorpand",
                "woning",
                "huis",
                "appartement",
                "vakantiehuis",
                "vakantiewoning",
                "chalet",
            ),
            plausibel=Plausibel(minimum=Decimal(10_000)),
            hoofdbedrag=True,
        ),
        Vraag(
            id="overdracht_dit_jaar",
            tekst="Krijgt u de woning nog in {jaar} (de overdracht bij de notaris)?",
            waarom=(
                "Box 3 kijkt naar wat u op 1 januari bezit: een woning die u in de loop van het jaar krijgt, telt "
                "pas vanaf het jaar daarna mee. En het tarief van de overdrachtsbelasting is dat van het jaar van "
                "de overdracht."
            ),
            soort="janee",
            alleen_als="nog_kopen",
            samenvatting="overdracht nog in het jaar",
        ),
        Vraag(
            id="woz_waarde",
            tekst=(
                "Wat is de WOZ-waarde van de woning? Die staat op de laatste WOZ-beschikking van de "
                "gemeente. Bijvoorbeeld 320.000."
            ),
            waarom="In box 3 telt de woning mee voor haar WOZ-waarde.",
            soort="bedrag",
            alleen_als="in_bezit",
            samenvatting="WOZ-waarde",
            veld="woz_waarde",
            trefwoorden=("woz", "woz waarde", "waard", "getaxeerd", "taxatie"),
            plausibel=Plausibel(minimum=Decimal(10_000)),
        ),
        Vraag(
            id="verhuurd",
            tekst="Verhuurt u de woning (of gaat u dat doen)?",
            waarom=("Een verhuurde woning met huurbescherming telt in box 3 voor minder dan de WOZ-waarde mee."),
            soort="janee",
            alleen_als="box3",
            samenvatting="verhuurd",
            veld="verhuurd",
            herkenning=(
                Herkenning(("verhuur", "verhuren", "verhuurd", "huurder", "huurders", "airbnb", "huurinkomsten"), True),
                Herkenning(
                    ("niet verhuurd", "niet verhuren", "geen huurder", "zelf gebruiken", "eigen gebruik"), False
                ),
            ),
        ),
        Vraag(
            id="huurvorm",
            tekst=(
                "Hoe verhuurt u de woning?\n"
                "• Vaste huurder: huurcontract voor onbepaalde tijd, met huurbescherming.\n"
                "• Tijdelijk contract: huurcontract voor bepaalde tijd.\n"
                "• Familie of eigen bv: een huurder die bij u hoort.\n"
                "• Vakantieverhuur: korte verhuur zonder huurbescherming."
            ),
            waarom=(
                "Alleen bij een vaste huurder met huurbescherming, die niet bij u hoort, telt de woning voor "
                "minder dan de WOZ-waarde mee."
            ),
            soort="keuze",
            keuzes=(
                Keuze(
                    waarde=HUURBESCHERMING,
                    label="Vaste huurder",
                    synoniemen=("vaste huurder", "onbepaalde tijd", "huurbescherming", "vast huurcontract"),
                ),
                Keuze(
                    waarde=TIJDELIJK,
                    label="Tijdelijk contract",
                    synoniemen=("tijdelijk", "bepaalde tijd", "tijdelijk contract", "tijdelijke huur"),
                ),
                Keuze(
                    waarde=GELIEERD,
                    label="Familie of eigen bv",
                    synoniemen=(
                        "familie",
                        "mijn zoon",
                        "mijn dochter",
                        "onze zoon",
                        "onze dochter",
                        "mijn ouders",
                        "eigen bv",
                        "mijn bv",
                        "kinderen",
                    ),
                ),
                Keuze(
                    waarde=ZONDER_HUURBESCHERMING,
                    label="Vakantieverhuur",
                    synoniemen=(
                        "vakantieverhuur",
                        "airbnb",
                        "booking",
                        "kort verhuren",
                        "short stay",
                        "toeristen",
                        "vakantiehuis",
                        "vakantiehuisje",
                        "vakantiewoning",
                        "recreatiewoning",
                        "chalet",
                    ),
                ),
            ),
            alleen_als="verhuurd",
            samenvatting="soort verhuur",
        ),
        Vraag(
            id="jaarhuur",
            tekst="Hoeveel huur ontvangt u per jaar? Bijvoorbeeld 14.400, of 1.200 per maand.",
            waarom=(
                "De huur als percentage van de WOZ-waarde bepaalt voor welk deel van de WOZ-waarde de woning "
                "in box 3 meetelt (de leegwaarderatio)."
            ),
            soort="bedrag",
            alleen_als="met_huurbescherming",
            samenvatting="huur per jaar",
            veld="jaarhuur",
            per_jaar=True,
            trefwoorden=("huur", "huurprijs", "huuropbrengst", "verhuur voor", "verhuren voor", "ontvang"),
        ),
        Vraag(
            id="leeftijd",
            tekst=(
                "Hoe oud bent u? Wie 18 tot 35 jaar is en voor het eerst een huis koopt om er zelf te wonen, "
                "betaalt tot een grens geen overdrachtsbelasting (de startersvrijstelling)."
            ),
            waarom="De startersvrijstelling hangt af van uw leeftijd op de dag van de overdracht.",
            soort="getal",
            alleen_als="starter_mogelijk",
            minimum=0,
            maximum=130,
            eenheid="jaar oud",
            voorwoorden=("ik ben", "ben ik", "ik ben nu", "leeftijd", "leeftijd van"),
            weet_ik_niet=WeetIkNiet(
                waarde=None,
                aanname="Uw leeftijd weet ik niet: de startersvrijstelling heb ik daarom niet getoetst.",
            ),
            samenvatting="leeftijd",
            veld="leeftijd",
        ),
        Vraag(
            id="fiscale_partner",
            tekst="Heeft u een fiscale partner?",
            waarom=(
                "Fiscale partners hebben samen twee keer het heffingsvrij vermogen; dat bepaalt mee wat de "
                "woning in box 3 kost."
            ),
            soort="janee",
            alleen_als="box3",
            samenvatting="fiscale partner",
            veld="fiscale_partner",
            herkenning=PARTNER,
        ),
        Vraag(
            id="hypotheek",
            tekst=(
                "Hoeveel hypotheek of andere lening heeft u voor deze woning? Typ 0 als u niets leent. "
                "Bijvoorbeeld 200.000."
            ),
            waarom="Een lening voor de woning is in box 3 een schuld en verlaagt wat u betaalt.",
            soort="bedrag",
            alleen_als="box3",
            samenvatting="lening voor de woning",
            veld="hypotheek",
            trefwoorden=("hypotheek", "lening", "geleend", "lenen", "financiering", "schuld"),
        ),
        Vraag(
            id="spaargeld",
            tekst=("Hoeveel spaargeld heeft u daarnaast{samen}? Een schatting is goed genoeg. Bijvoorbeeld 40.000."),
            waarom=(
                "Box 3 belast uw hele vermogen boven het heffingsvrij vermogen; wat de woning kost, hangt "
                "daarom ook af van wat u verder heeft."
            ),
            soort="bedrag",
            alleen_als="box3",
            samenvatting="spaargeld",
            veld="spaargeld",
            trefwoorden=("spaargeld", "gespaard", "spaarrekening", "op de bank", "spaar", "sparen"),
        ),
        Vraag(
            id="beleggingen",
            tekst=(
                "Hoeveel beleggingen en andere bezittingen heeft u daarnaast, zonder deze woning (aandelen, "
                "crypto, uitgeleend geld, ander vastgoed)? Typ 0 als u die niet heeft."
            ),
            waarom=(
                "Ook beleggingen tellen mee in box 3; samen met uw spaargeld bepalen zij hoeveel van het "
                "heffingsvrij vermogen al gebruikt is."
            ),
            soort="bedrag",
            alleen_als="box3",
            samenvatting="beleggingen",
            veld="beleggingen",
            trefwoorden=("beleggingen", "belegd", "aandelen", "beleggen", "crypto", "fondsen"),
        ),
    ),
    invoer=_invoer,
    predicaten={
        "alleen_overdrachtsbelasting": _alleen_overdrachtsbelasting,
        "nog_kopen": _nog_kopen,
        "koopt": _koopt,
        "woning": lambda antwoorden: antwoorden.get("soort", "woning") == "woning",
        "in_bezit": _in_bezit,
        "box3": _box3,
        "verhuurd": _verhuurd,
        "met_huurbescherming": _met_huurbescherming,
        "starter_mogelijk": _starter_mogelijk,
    },
    standaarden=(
        Standaard(
            veld="soort",
            waarde="woning",
            aanname=("Het is een woning, geen bedrijfspand, grond of garagebox (daarvoor geldt een ander tarief)."),
            vraag=Vraag(
                id="soort",
                tekst="Is het een woning, of een ander pand (bedrijfspand, grond, garagebox)?",
                waarom="Voor een pand dat geen woning is, geldt een ander tarief overdrachtsbelasting.",
                soort="keuze",
                keuzes=(
                    Keuze(
                        waarde="woning",
                        label="Woning",
                        synoniemen=(
                            "woonhuis",
                            "appartement",
                            "vakantiehuis",
                            "vakantiewoning",
                            "huurwoning",
                            "recreatiewoning",
                            "chalet",
                        ),
                    ),
                    Keuze(
                        waarde="niet-woning",
                        label="Ander pand",
                        synoniemen=(
                            "winkelpand",
                            "bedrijfspand",
                            "kantoorpand",
                            "kantoor",
                            "garagebox",
                            "bouwgrond",
                            "grond",
                            "loods",
                            "bedrijfsruimte",
                            "winkel",
                            "praktijkruimte",
                            "bedrijfshal",
                        ),
                    ),
                ),
                samenvatting="soort pand",
                veld="soort",
            ),
        ),
        Standaard(
            veld="hoofdverblijf",
            waarde=False,
            aanname=(
                "De woning wordt niet uw hoofdverblijf (dan gold een lager tarief overdrachtsbelasting en viel "
                "zij in box 1)."
            ),
            alleen_als="woning",
            vraag=Vraag(
                id="hoofdverblijf",
                tekst="Gaat u zelf in de woning wonen, als uw hoofdverblijf?",
                waarom=(
                    "Voor een woning die uw hoofdverblijf wordt, geldt een lager tarief overdrachtsbelasting "
                    "en valt zij in box 1 in plaats van box 3."
                ),
                soort="janee",
                samenvatting="wordt uw hoofdverblijf",
                veld="hoofdverblijf",
                herkenning=(
                    Herkenning(
                        (
                            "zelf gaan wonen",
                            "ga er zelf wonen",
                            "ga erin wonen",
                            "om zelf te wonen",
                            "om er zelf te wonen",
                            "om in te wonen",
                            "zelf in wonen",
                            "hoofdverblijf",
                            "eerste woning",
                            "eerste huis",
                            "eerste koophuis",
                            "starterswoning",
                        ),
                        True,
                    ),
                    Herkenning(
                        (
                            "niet zelf wonen",
                            "tweede woning",
                            "tweede huis",
                            "vakantiewoning",
                            "vakantiehuis",
                            "belegging",
                            "verhuren",
                            "investering",
                        ),
                        False,
                    ),
                ),
            ),
        ),
        Standaard(
            veld="overige_schulden",
            waarde="0",
            aanname=(
                "Voor box 3: naast de lening voor deze woning heeft u geen andere schulden (zoals een "
                "persoonlijke lening)."
            ),
            vraag=Vraag(
                id="overige_schulden",
                tekst=(
                    "Hoeveel andere schulden heeft u, naast de lening voor deze woning en de hypotheek van "
                    "uw eigen huis? Bijvoorbeeld 10.000."
                ),
                waarom="Andere schulden boven de schuldendrempel verlagen uw box 3-belasting.",
                soort="bedrag",
                samenvatting="andere schulden",
                veld="overige_schulden",
                trefwoorden=("andere schulden", "persoonlijke lening", "studieschuld"),
            ),
            alleen_als="box3",
        ),
    ),
    wat_als=(),
    controles=(
        Controle(
            vraag="overdracht_dit_jaar",
            klopt=lambda antwoorden: antwoorden["overdracht_dit_jaar"] is True,
            uitleg=_later_uitleg,
        ),
    ),
    tekstvelden=lambda antwoorden: {
        "jaar": str(antwoorden.get(JAAR_ANTWOORD, "dit jaar")),
        "samen": " (met uw fiscale partner samen)" if antwoorden.get("fiscale_partner") else "",
        "als_woz": " Voor box 3 reken ik met dit bedrag als WOZ-waarde." if _nog_kopen(antwoorden) else "",
    },
    trefwoorden=(
        "tweede woning",
        "tweede huis",
        "vakantiewoning",
        "vakantiehuis",
        "recreatiewoning",
        "overdrachtsbelasting",
        "leegwaarderatio",
        "woz",
        "beleggingspand",
        "verhuurde woning",
        "woning verhuren",
        "huis verhuren",
        "appartement verhuren",
        "appartement",
        "vakantiewoning verhuren",
        "airbnb",
        "verhuur",
        "huurwoning",
        "beleggingswoning",
        "winkelpand",
        "bedrijfspand",
        "kantoorpand",
        "pand kopen",
        "woning kopen",
        "huis kopen",
        "chalet",
        "second home",
        "holiday home",
        "transfer tax",
        "koopprijs",
        "koop een huis",
        "koop een woning",
        "huis",
        "woning",
        "startersvrijstelling",
    ),
)
