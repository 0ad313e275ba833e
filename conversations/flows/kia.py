"""Investeringsaftrek: de kleinschaligheidsinvesteringsaftrek (KIA), met EIA of MIA en een desinvestering."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from conversations.flow import Antwoorden, Controle, Flow, Herkenning, Keuze, Vraag, WatAls, WeetIkNiet, vorig_jaar
from rules import jaar_niet_berekenbaar
from rules.formatteer import euro

ZERO = Decimal(0)
EENMANSZAAK, SAMENWERKING, BV = "eenmanszaak", "samenwerkingsverband", "bv"
GEMELD, NOG_MELDEN, TE_LAAT = "gemeld", "nog_melden", "te_laat"


def _investeert(antwoorden: Antwoorden) -> bool:
    """Only an answered total of zero rules out the questions about what the investment is."""
    return "totaal" not in antwoorden or Decimal(antwoorden["totaal"]) > ZERO


def _heeft_eia_mia(antwoorden: Antwoorden) -> bool:
    return _investeert(antwoorden) and antwoorden.get("heeft_eia_mia") is True


def _verkocht(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("verkocht") is True


def _kent_winst(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("kent_winst") is True


def _samen(antwoorden: Antwoorden) -> bool:
    return _investeert(antwoorden) and antwoorden.get("rechtsvorm") == SAMENWERKING


def _investeringen(antwoorden: Antwoorden) -> list[Any]:
    """One total becomes a one-item list; an EIA/MIA part of it becomes a second item with its regeling."""
    totaal = Decimal(antwoorden["totaal"])
    if not _heeft_eia_mia(antwoorden):
        return [str(totaal)] if totaal else []
    deel = Decimal(antwoorden["bedrag_eia_mia"])
    rest = max(ZERO, totaal - deel)
    overige: list[Any] = [str(rest)] if rest else []
    groen: dict[str, Any] = {"bedrag": str(deel), "regeling": antwoorden["regeling"]}
    if antwoorden.get("datum_verplichting"):
        groen["datum_verplichting"] = antwoorden["datum_verplichting"]
    melding = antwoorden.get("melding")
    if melding in {GEMELD, TE_LAAT}:
        groen["gemeld"] = melding == GEMELD
    return [*overige, groen]


def _invoer(antwoorden: Antwoorden) -> dict[str, Any]:
    invoer: dict[str, Any] = {"investeringen": _investeringen(antwoorden)}
    if _verkocht(antwoorden):
        # Several assets sold are taken together, at the one percentage the user gives.
        invoer["desinvesteringen"] = [
            {
                "verkoopprijs": antwoorden["verkoopprijs"],
                "aanschafprijs": antwoorden["aanschafprijs"],
                "kia_percentage": antwoorden["kia_percentage"],
            }
        ]
    if _kent_winst(antwoorden):
        invoer["winst"] = antwoorden["winst"]
    vorm = antwoorden.get("rechtsvorm", EENMANSZAAK)
    invoer["rechtsvorm"] = "bv" if vorm == BV else "ib_ondernemer"
    if vorm == SAMENWERKING and antwoorden.get("totaal_samenwerking"):
        invoer["samenwerkingsverband_investeringen"] = antwoorden["totaal_samenwerking"]
    return invoer


def _aannames(antwoorden: Antwoorden) -> tuple[str, ...]:
    aannames = []
    if _heeft_eia_mia(antwoorden):
        aannames.append(
            "De energie- of milieu-investering heb ik als één bedrijfsmiddel gerekend; voor de EIA telt elk "
            "bedrijfsmiddel pas vanaf een minimumbedrag."
        )
    if _verkocht(antwoorden):
        aannames.append("Wat u verkocht, heb ik samen gerekend met één aftrekpercentage van destijds.")
    return tuple(aannames)


FLOW = Flow(
    id="kia",
    onderwerp="kia",
    titel="Investeringsaftrek (KIA)",
    intro=(
        "Investeringsaftrek: ik reken uit hoeveel kleinschaligheidsinvesteringsaftrek (KIA) u krijgt voor uw "
        "investeringen, met de EIA of MIA als u die ook heeft."
    ),
    vragen=(
        Vraag(
            id="totaal",
            tekst=(
                "Hoeveel investeert u dit jaar in totaal in bedrijfsmiddelen van € 450 of meer per stuk "
                "(zonder btw als u die terugkrijgt)? Bijvoorbeeld 70.000."
            ),
            waarom="De KIA hangt af van het totaal dat u in een jaar investeert.",
            soort="bedrag",
            samenvatting="investeringen dit jaar",
            hoofdbedrag=True,
            optelbaar=True,
            trefwoorden=(
                "investeer",
                "investeren",
                "geinvesteerd",
                "investering",
                "investeringen",
                "gekocht",
                "gekocht voor",
                "kocht",
                "koop",
                "aangeschaft",
                "aanschaf",
                "uitgegeven",
                "kost",
                "kostte",
                "totaal",
                "laptop",
                "bus",
                "machine",
                "zonnepanelen",
                "warmtepomp",
                "laadpaal",
            ),
        ),
        Vraag(
            id="rechtsvorm",
            tekst=(
                "Hoe heeft u uw bedrijf?\n"
                "• Eenmanszaak\n"
                "• Vof, maatschap of cv: u investeert samen met uw compagnons\n"
                "• Bv"
            ),
            waarom=(
                "In een vof of maatschap hangt de KIA af van wat u samen investeert; een bv betaalt "
                "vennootschapsbelasting in plaats van inkomstenbelasting."
            ),
            soort="keuze",
            keuzes=(
                Keuze(
                    waarde=EENMANSZAAK,
                    label="Eenmanszaak",
                    synoniemen=("eenmanszaak", "zzp", "zzper", "zelfstandige", "freelancer", "ib ondernemer"),
                ),
                Keuze(
                    waarde=SAMENWERKING,
                    label="Vof, maatschap of cv",
                    synoniemen=("vof", "v o f", "maatschap", "cv", "compagnon", "compagnons", "samenwerkingsverband"),
                ),
                Keuze(waarde=BV, label="bv", synoniemen=("bv", "b v", "onze bv", "mijn bv", "holding", "besloten")),
            ),
            alleen_als="investeert",
            samenvatting="rechtsvorm",
        ),
        Vraag(
            id="totaal_samenwerking",
            tekst=(
                "Hoeveel investeerde de vof, maatschap of cv dit jaar in totaal, uw eigen deel meegerekend? "
                "Bijvoorbeeld 100.000."
            ),
            waarom=(
                "In een samenwerkingsverband hangt de KIA af van wat alle vennoten samen investeren; u krijgt "
                "daarvan het deel dat bij uw eigen investering hoort."
            ),
            soort="bedrag",
            alleen_als="samen",
            samenvatting="investeringen van de vof samen",
            trefwoorden=("samen", "in totaal", "de vof", "de maatschap", "met mijn compagnon"),
        ),
        Vraag(
            id="heeft_eia_mia",
            tekst=(
                "Zit daar een energie- of milieu-investering bij, die op de Energielijst (EIA) of de "
                "Milieulijst (MIA) van RVO staat?"
            ),
            waarom="Voor zo'n investering krijgt u bovenop de KIA nog een extra aftrek.",
            soort="janee",
            alleen_als="investeert",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname=(
                    "Ik ben ervan uitgegaan dat er geen investering op de Energielijst of Milieulijst bij zit; "
                    "staat er wel een op, dan krijgt u meer aftrek."
                ),
            ),
            samenvatting="energie- of milieu-investering",
            herkenning=(
                Herkenning(
                    (
                        "energielijst",
                        "milieulijst",
                        "eia",
                        "mia",
                        "zonnepanelen",
                        "warmtepomp",
                        "laadpaal",
                        "energiezuinig",
                        "elektrische bestelbus",
                        "elektrische bus",
                    ),
                    True,
                ),
                Herkenning(("geen eia", "geen mia", "niet op de energielijst", "niet op de milieulijst"), False),
            ),
        ),
        Vraag(
            id="regeling",
            tekst=(
                "Welke regeling geldt voor die investering? Op de Milieulijst staat bij elk bedrijfsmiddel "
                "categorie I, II of III."
            ),
            waarom="De extra aftrek is per regeling en per categorie een ander percentage.",
            soort="keuze",
            keuzes=(
                Keuze(waarde="eia", label="EIA (Energielijst)", synoniemen=("eia", "energielijst", "energie")),
                Keuze(waarde="mia1", label="MIA I", synoniemen=("mia 1", "mia i", "categorie i", "categorie 1")),
                Keuze(waarde="mia2", label="MIA II", synoniemen=("mia 2", "mia ii", "categorie ii", "categorie 2")),
                Keuze(waarde="mia3", label="MIA III", synoniemen=("mia 3", "mia iii", "categorie iii", "categorie 3")),
            ),
            alleen_als="heeft_eia_mia",
            samenvatting="regeling",
        ),
        Vraag(
            id="bedrag_eia_mia",
            tekst="Hoeveel van uw totale investering is deze energie- of milieu-investering? Bijvoorbeeld 15.000.",
            waarom="Alleen over dat deel krijgt u de extra aftrek; de KIA geldt over het hele totaal.",
            soort="bedrag",
            alleen_als="heeft_eia_mia",
            samenvatting="waarvan EIA/MIA",
            trefwoorden=("waarvan", "daarvan", "zonnepanelen", "warmtepomp", "laadpaal", "energielijst", "milieulijst"),
        ),
        Vraag(
            id="datum_verplichting",
            tekst=(
                "Wanneer heeft u die energie- of milieu-investering besteld (de opdracht gegeven)? "
                "Bijvoorbeeld 15-10-2026."
            ),
            waarom=(
                "U moet de investering binnen een paar maanden na de opdracht bij RVO melden, anders vervalt de aftrek."
            ),
            soort="datum",
            alleen_als="heeft_eia_mia",
            weet_ik_niet=WeetIkNiet(
                waarde=None, aanname="De datum van de opdracht weet u nog niet; de meldtermijn loopt vanaf die datum."
            ),
            samenvatting="besteld op",
            trefwoorden=("besteld", "opdracht", "besteld op", "getekend"),
            in_het_verleden=True,
        ),
        Vraag(
            id="melding",
            tekst="Heeft u die investering al bij RVO gemeld?",
            waarom=(
                "Zonder melding bij RVO binnen de termijn na de opdracht krijgt u geen EIA of MIA; de KIA houdt u wel."
            ),
            soort="keuze",
            keuzes=(
                Keuze(waarde=GEMELD, label="Ja, gemeld", synoniemen=("ja", "gemeld", "al gemeld", "gedaan")),
                Keuze(
                    waarde=NOG_MELDEN,
                    label="Nog niet, dat doe ik op tijd",
                    synoniemen=("nee", "nog niet", "nee nog niet", "komt nog", "ga ik doen", "doe ik nog"),
                ),
                Keuze(
                    waarde=TE_LAAT,
                    label="Nee, de termijn is voorbij",
                    synoniemen=("te laat", "vergeten", "termijn voorbij", "verlopen", "niet gemeld"),
                ),
            ),
            alleen_als="heeft_eia_mia",
            samenvatting="gemeld bij RVO",
        ),
        Vraag(
            id="verkocht",
            tekst=(
                "Heeft u dit jaar een bedrijfsmiddel verkocht waarvoor u in het jaar van aankoop "
                "investeringsaftrek kreeg?"
            ),
            waarom="Dan kan een deel van die aftrek terugkomen als bijtelling bij uw winst.",
            soort="janee",
            samenvatting="bedrijfsmiddel met aftrek verkocht",
            herkenning=(
                Herkenning(("verkocht", "ingeruild", "desinvestering"), True),
                Herkenning(("niets verkocht", "niks verkocht", "geen desinvestering"), False),
            ),
        ),
        Vraag(
            id="verkoopprijs",
            tekst=(
                "Voor hoeveel heeft u het verkocht? Verkocht u er meer, tel de verkoopprijzen dan op. "
                "Bijvoorbeeld 6.000."
            ),
            waarom="De bijtelling is een percentage van de verkoopprijs, en geldt pas boven een drempel.",
            soort="bedrag",
            alleen_als="verkocht",
            samenvatting="verkoopprijs",
            trefwoorden=("verkocht voor", "verkoopprijs", "opbrengst"),
        ),
        Vraag(
            id="aanschafprijs",
            tekst=(
                "Wat was destijds het investeringsbedrag (de aanschafprijs) van wat u verkocht? Bij meer "
                "bedrijfsmiddelen: samen. Bijvoorbeeld 10.000."
            ),
            waarom="De bijtelling is nooit meer dan de aftrek die u destijds over dat bedrag kreeg.",
            soort="bedrag",
            alleen_als="verkocht",
            samenvatting="aanschafprijs destijds",
        ),
        Vraag(
            id="kia_percentage",
            tekst=(
                "Welk percentage investeringsaftrek kreeg u in het jaar van aankoop? Dat is de KIA van dat "
                "jaar gedeeld door het totale investeringsbedrag van dat jaar; u vindt beide in de aangifte "
                "van dat jaar. Bijvoorbeeld 28 of 16,5."
            ),
            waarom="De bijtelling rekent met hetzelfde percentage als de aftrek die u destijds kreeg.",
            soort="percentage",
            alleen_als="verkocht",
            samenvatting="aftrekpercentage destijds",
        ),
        Vraag(
            id="kent_winst",
            tekst=(
                "Weet u ongeveer wat uw winst dit jaar wordt? Dan reken ik preciezer uit hoeveel belasting de "
                "aftrek u scheelt."
            ),
            waarom="De aftrek gaat van uw winst af; wat dat aan belasting scheelt, hangt af van die winst.",
            soort="janee",
            weet_ik_niet=WeetIkNiet(
                waarde=False,
                aanname=(
                    "Uw winst weet u nog niet, dus het belastingvoordeel is geschat met het tarief van een "
                    "middeninkomen; de aftrek zelf hangt niet van uw winst af."
                ),
            ),
            samenvatting="winst bekend",
        ),
        Vraag(
            id="winst",
            tekst=(
                "Hoeveel winst verwacht u dit jaar, vóór de investeringsaftrek? Een schatting is goed genoeg. "
                "Bijvoorbeeld 60.000."
            ),
            waarom="Met uw winst reken ik uit hoeveel inkomstenbelasting de aftrek u ongeveer scheelt.",
            soort="bedrag",
            alleen_als="kent_winst",
            samenvatting="winst vóór aftrek",
            trefwoorden=("winst", "verdien", "omzet min kosten"),
        ),
    ),
    invoer=_invoer,
    aannames=_aannames,
    controles=(
        Controle(
            vraag="totaal_samenwerking",
            klopt=lambda a: Decimal(a["totaal_samenwerking"]) >= Decimal(a.get("totaal", "0")),
            uitleg=lambda a: (
                f"Dat is minder dan uw eigen investering van {euro(Decimal(a.get('totaal', '0')))}; het totaal van "
                "de vof of maatschap telt uw eigen deel mee."
            ),
        ),
        Controle(
            vraag="bedrag_eia_mia",
            klopt=lambda a: Decimal(a["bedrag_eia_mia"]) <= Decimal(a.get("totaal", "0")),
            uitleg=lambda a: (
                f"Dat is meer dan uw totale investering van {euro(Decimal(a.get('totaal', '0')))}: de energie- of "
                "milieu-investering is een deel daarvan. Typ dat deel, of typ 'terug' om het totaal te wijzigen."
            ),
        ),
    ),
    predicaten={
        "investeert": _investeert,
        "heeft_eia_mia": _heeft_eia_mia,
        "verkocht": _verkocht,
        "kent_winst": _kent_winst,
        "samen": _samen,
    },
    wat_als=(
        WatAls(
            id="spreiden",
            label="Spreid over twee jaar",
            veld="investeringen",
            waarden=lambda _invoer: (),
            alleen_als=lambda invoer: (
                bool(invoer.get("investeringen")) and jaar_niet_berekenbaar("kia", int(invoer["jaar"]) + 1) is None
            ),
            spreid_jaren=2,
        ),
        vorig_jaar(),
    ),
    trefwoorden=(
        "kia",
        "kleinschaligheidsinvesteringsaftrek",
        "investeringsaftrek",
        "aftrek voor investeringen",
        "laptop gekocht",
        "laptop",
        "computer",
        "bus gekocht",
        "bestelbus",
        "machine",
        "machines",
        "gereedschap",
        "inventaris",
        "bedrijfsmiddelen",
        "zonnepanelen",
        "warmtepomp",
        "laadpaal",
        "vamil",
        "aanschaf",
        "aangeschaft",
        "investment deduction",
        "kleinschaligheids",
        "investeringsaftrek",
        "investering",
        "investeren",
        "investeer",
        "eia",
        "mia",
        "energielijst",
        "milieulijst",
        "energie investeringsaftrek",
        "milieu investeringsaftrek",
        "bedrijfsmiddel",
        "desinvestering",
    ),
)
