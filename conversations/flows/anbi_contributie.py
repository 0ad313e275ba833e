"""ANBI-contributie: telt de contributie aan een vereniging als aftrekbare gift, en wat levert dat op?"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations.flow import Antwoorden, Flow, Herkenning, Keuze, Plausibel, Standaard, Vraag, WatAls, WeetIkNiet


def _gift_kan_tellen(antwoorden: Antwoorden) -> bool:
    """A gewone gift counts only to an ANBI; a periodic one also to a qualifying vereniging."""
    return antwoorden.get("anbi") is True or antwoorden.get("periodiek") is True


def _wezenlijke_tegenprestatie(antwoorden: Antwoorden) -> bool:
    return _gift_kan_tellen(antwoorden) and antwoorden.get("tegenprestatie") == "wezenlijk"


def _tegenprestatie_splitsbaar(antwoorden: Antwoorden) -> bool:
    return _wezenlijke_tegenprestatie(antwoorden) and antwoorden.get("splitsbaar") is True


def _gift_mogelijk(antwoorden: Antwoorden) -> bool:
    """Some of the fee may count as a gift, so income (drempel, tax rate) matters."""
    niet_te_splitsen = _wezenlijke_tegenprestatie(antwoorden) and antwoorden.get("splitsbaar") is False
    return _gift_kan_tellen(antwoorden) and not niet_te_splitsen


def _gewone_gift_mogelijk(antwoorden: Antwoorden) -> bool:
    """Only a gewone gift has a drempel that the other gifts of the year fill first."""
    return _gift_mogelijk(antwoorden) and antwoorden.get("anbi") is True and antwoorden.get("periodiek") is False


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    invoer: dict[str, Any] = {
        "contributie": antwoorden["contributie"],
        "anbi": antwoorden["anbi"],
        "periodiek": antwoorden["periodiek"],
        # Not asked when nothing can count as a gift: the answer does not depend on them.
        "tegenprestatie": antwoorden.get("tegenprestatie", "geen"),
        "drempelinkomen": antwoorden.get("drempelinkomen", "0"),
    }
    if invoer["tegenprestatie"] == "wezenlijk":
        invoer["splitsbaar"] = antwoorden["splitsbaar"]
        # A tegenprestatie that cannot be split off leaves no gift, whatever it is worth.
        invoer["waarde_tegenprestatie"] = antwoorden.get("waarde_tegenprestatie", "0")
    if "overige_gewone_giften" in antwoorden:
        invoer["overige_gewone_giften"] = antwoorden["overige_gewone_giften"]
    return invoer


def _is_anbi(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("anbi") is True


FLOW = Flow(
    id="anbi-contributie",
    onderwerp="anbi-contributie",
    titel="Contributie als gift (ANBI)",
    intro=(
        "Contributie als gift: ik kijk of de contributie aan uw vereniging aftrekbaar is als gift, en wat "
        "u dat aan belasting scheelt."
    ),
    vragen=(
        Vraag(
            id="contributie",
            tekst="Hoeveel contributie betaalt u per jaar aan de vereniging? Bijvoorbeeld 250.",
            waarom="Van dit bedrag bepaal ik welk deel als gift telt.",
            soort="bedrag",
            samenvatting="contributie per jaar",
            veld="contributie",
            per_jaar=True,
            trefwoorden=(
                "contributie",
                "betaal",
                "betalen",
                "lidmaatschap",
                "lid",
                "kost",
                "per jaar",
                "geef",
                "club",
                "tennisclub",
                "vereniging",
            ),
            hoofdbedrag=True,
        ),
        Vraag(
            id="anbi",
            tekst=(
                "Is de vereniging een ANBI (een instelling die het algemeen nut dient)? U kunt dat opzoeken "
                "op de website van de Belastingdienst: 'ANBI opzoeken'."
            ),
            waarom="Een gewone gift is alleen aftrekbaar als die naar een ANBI gaat.",
            soort="janee",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname=(
                    "Ik ben ervan uitgegaan dat de vereniging geen ANBI is; de meeste sportclubs zijn dat "
                    "niet. Is zij het wel, dan kan uw contributie aftrekbaar zijn: zoek het na via 'ANBI "
                    "opzoeken' van de Belastingdienst."
                ),
            ),
            samenvatting="vereniging is een ANBI",
            veld="anbi",
            herkenning=(
                Herkenning(
                    (
                        "is een anbi",
                        "zijn een anbi",
                        "is anbi",
                        "heeft de anbi status",
                        "met anbi status",
                        "anbi vereniging",
                        "anbi erkend",
                        "erkende anbi",
                    ),
                    True,
                ),
                Herkenning(("geen anbi", "niet een anbi", "is niet anbi", "zonder anbi status"), False),
            ),
        ),
        Vraag(
            id="periodiek",
            tekst=(
                "Heeft u schriftelijk met de vereniging vastgelegd dat u minstens 5 jaar lang elk jaar "
                "hetzelfde bedrag geeft (een periodieke gift)?"
            ),
            waarom=("Een periodieke gift is zonder drempel aftrekbaar, en ook als de vereniging geen ANBI is."),
            soort="janee",
            samenvatting="periodieke gift",
            veld="periodiek",
            herkenning=(
                Herkenning(("periodieke gift", "periodiek", "vijf jaar vastgelegd", "5 jaar vastgelegd"), True),
                Herkenning(("geen periodieke gift", "niet periodiek", "gewone gift"), False),
            ),
        ),
        Vraag(
            id="tegenprestatie",
            tekst=(
                "Krijgt u voor uw contributie iets terug van de vereniging?\n"
                "• Iets kleins: bijvoorbeeld een ledenblad of een kleine korting.\n"
                "• Iets van waarde: bijvoorbeeld gebruik van de banen of het clubhuis, lessen, een "
                "verzekering of gratis toegang tot evenementen."
            ),
            waarom=(
                "Alleen wat u betaalt zonder er iets van waarde voor terug te krijgen, telt als gift; iets "
                "kleins als een ledenblad telt niet mee."
            ),
            soort="keuze",
            keuzes=(
                Keuze(waarde="geen", label="Nee, niets", synoniemen=("niets terug", "niks terug", "helemaal niets")),
                Keuze(
                    waarde="symbolisch",
                    label="Alleen iets kleins",
                    synoniemen=("iets kleins", "ledenblad", "clubblad", "kleine korting", "nieuwsbrief"),
                ),
                Keuze(
                    waarde="wezenlijk",
                    label="Ja, iets van waarde",
                    synoniemen=("iets van waarde", "gebruik van de banen", "lessen", "clubhuis", "training", "toegang"),
                ),
            ),
            alleen_als="gift_kan_tellen",
            samenvatting="iets terug voor de contributie",
            veld="tegenprestatie",
        ),
        Vraag(
            id="splitsbaar",
            tekst=(
                "Is te zeggen hoeveel dat waard is? Bijvoorbeeld omdat de vereniging er een aparte prijs "
                "voor vraagt, of omdat leden zonder die extra's minder betalen."
            ),
            waarom=(
                "Is de waarde apart te bepalen, dan telt het deel van de contributie daarboven als gift; "
                "anders telt niets als gift."
            ),
            soort="janee",
            alleen_als="wezenlijke_tegenprestatie",
            samenvatting="waarde daarvan is te bepalen",
            veld="splitsbaar",
        ),
        Vraag(
            id="waarde_tegenprestatie",
            tekst="Hoeveel is wat u terugkrijgt per jaar waard? Bijvoorbeeld 150.",
            waarom="Alleen het deel van de contributie boven deze waarde telt als gift.",
            soort="bedrag",
            alleen_als="tegenprestatie_splitsbaar",
            samenvatting="waarde van wat u terugkrijgt",
            veld="waarde_tegenprestatie",
            per_jaar=True,
            trefwoorden=("waard", "waarde"),
        ),
        Vraag(
            id="drempelinkomen",
            tekst=(
                "Wat is ongeveer uw drempelinkomen: uw inkomen in box 1, 2 en 3 samen, vóór aftrek van "
                "giften? Heeft u een fiscale partner, tel dan uw beider inkomens op. Bijvoorbeeld 60.000."
            ),
            waarom=(
                "De drempel en het maximum voor giften zijn een percentage van dit inkomen, en uw "
                "belastingtarief bepaalt wat de aftrek u oplevert."
            ),
            soort="bedrag",
            alleen_als="gift_mogelijk",
            samenvatting="drempelinkomen",
            veld="drempelinkomen",
            trefwoorden=("inkomen", "verdien", "verdienen", "salaris", "drempelinkomen"),
            plausibel=Plausibel(minimum=Decimal(1_000)),
        ),
        Vraag(
            id="overige_gewone_giften",
            tekst=(
                "Hoeveel gaf u in hetzelfde jaar verder aan goede doelen (ANBI's), naast deze contributie? "
                "Met uw fiscale partner samen, zonder periodieke giften. Typ 0 als u verder niets gaf."
            ),
            waarom=(
                "Giften tellen samen voor de drempel: andere giften vullen die eerst, zodat meer van uw "
                "contributie aftrekbaar kan zijn."
            ),
            soort="bedrag",
            alleen_als="gewone_gift_mogelijk",
            weet_ik_niet=WeetIkNiet(waarde="0", aanname="Ik ben uitgegaan van geen andere giften."),
            samenvatting="andere giften",
            veld="overige_gewone_giften",
            per_jaar=True,
            trefwoorden=("andere giften", "goede doelen", "giften", "doneer", "donaties", "gedoneerd"),
        ),
    ),
    invoer=_invoer,
    predicaten={
        "gift_kan_tellen": _gift_kan_tellen,
        "is_anbi": _is_anbi,
        "wezenlijke_tegenprestatie": _wezenlijke_tegenprestatie,
        "tegenprestatie_splitsbaar": _tegenprestatie_splitsbaar,
        "gift_mogelijk": _gift_mogelijk,
        "gewone_gift_mogelijk": _gewone_gift_mogelijk,
    },
    standaarden=(
        Standaard(
            veld="culturele_anbi",
            waarde=False,
            aanname=(
                "De vereniging is geen culturele ANBI; is zij dat wel (een muziekvereniging of museum met die "
                "status), dan telt uw gift voor meer mee: wijzig dit in het overzicht."
            ),
            vraag=Vraag(
                id="culturele_anbi",
                tekst=(
                    "Is de vereniging een culturele ANBI, zoals een muziekvereniging, toneelvereniging of museum "
                    "met die status? Dat staat bij 'ANBI opzoeken' van de Belastingdienst."
                ),
                waarom="Een gift aan een culturele ANBI telt voor meer dan het bedrag dat u geeft.",
                soort="janee",
                samenvatting="culturele ANBI",
                veld="culturele_anbi",
                herkenning=(Herkenning(("culturele anbi", "cultureel anbi"), True),),
            ),
            alleen_als="is_anbi",
        ),
    ),
    wat_als=(
        WatAls(
            id="periodiek",
            label="Periodieke of gewone gift",
            veld="periodiek",
            waarden=lambda invoer: (invoer["periodiek"], not invoer["periodiek"]),
            # With neither an ANBI nor a periodic gift the income and tegenprestatie were not asked.
            alleen_als=lambda invoer: bool(invoer["anbi"] or invoer["periodiek"]),
        ),
    ),
    trefwoorden=(
        "anbi",
        "contributie",
        "tennisclub",
        "sportclub",
        "voetbalclub",
        "hockeyclub",
        "golfclub",
        "roeivereniging",
        "muziekvereniging",
        "vereniging",
        "club",
        "lidmaatschap",
        "ledengeld",
        "gift",
        "giften",
        "giftenaftrek",
        "donatie",
        "doneren",
        "goed doel",
        "goede doel",
        "goede doelen",
        "periodieke gift",
        "schenking",
        "kerk",
        "membership fee",
        "charity",
        "donation",
    ),
)
