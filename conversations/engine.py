"""The conversation engine: a pure function from (state, input) to (new state, replies).

The shell (Telegram or the terminal) stores the state, passes every text or button press in, and sends the
replies out. Nothing here does I/O, reads a clock or knows about Telegram: today's date and the firm's
details arrive in the `Context`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from conversations import parsing
from conversations.flow import Flow, Keuze, Vraag
from conversations.formatting import DISCLAIMER, uitkomst_tekst, vergelijking_tekst
from conversations.replies import Bericht, Knop, knop
from conversations.routing import kies_onderwerpen
from conversations.state import Dubbelzinnig, Sessie
from rules import OngeldigeInvoer, bereken, vergelijk
from rules.formatteer import datum as datum_tekst
from rules.formatteer import euro, procent


@dataclass(frozen=True)
class Kantoor:
    naam: str = "Uw boekhoudkantoor"
    telefoon: str = ""
    email: str = ""
    website: str = ""
    kantooruren: str = ""


@dataclass(frozen=True)
class Context:
    vandaag: dt.date
    flows: Mapping[str, Flow]
    kantoor: Kantoor = field(default_factory=Kantoor)


Resultaat = tuple[Sessie, list[Bericht]]

MENU = "menu"
SAMENVATTING = "sv"
NA = "na"
DUBBEL = "dz"
WEET_IK_NIET = "?"
JAAR_VRAAG = Vraag(
    id="jaar",
    tekst="Over welk jaar wilt u het weten? Typ het jaartal, bijvoorbeeld 2026.",
    waarom="De tarieven en grenzen verschillen per jaar.",
    soort="jaar",
    samenvatting="jaar",
)
HULP = (
    "Kies een onderwerp of typ uw vraag. Bij elke vraag kunt u ook typen:\n"
    "• terug – naar de vorige vraag\n"
    "• waarom – waarom we dit vragen\n"
    "• weet ik niet – als er een veilige aanname bestaat\n"
    "• jaar 2025 – een ander belastingjaar\n"
    "• stop – dit onderwerp verlaten\n"
    "Opdrachten: /start, /onderwerpen, /help, /stop, /contact, /privacy."
)


# Entry points ------------------------------------------------------------------------------------------
def start(context: Context, onderwerp: str | None = None) -> Resultaat:
    """A fresh conversation: the topic menu, or straight into a topic (deep link `/start auto`)."""
    if onderwerp is not None:
        gevonden = _onderwerp_uit_tekst(onderwerp, context)
        if gevonden is not None:
            return _begin_onderwerp(Sessie(), gevonden, context)
    return Sessie(), [_menu_bericht(context, "Welkom! Ik reken fiscale vragen voor ondernemers voor u uit.")]


def verwerk(sessie: Sessie, invoer: str, context: Context, *, knop_data: bool = False) -> Resultaat:
    """Handle one text (or, with `knop_data`, one button press) and return the new state and the replies."""
    tekst = invoer
    if knop_data:
        token, _, tekst = invoer.partition("|")
        if not _knop_hoort_bij(sessie, token):
            return sessie, [
                Bericht("Die knop hoort bij een eerdere vraag. We gaan verder waar we waren."),
                *_huidige_vraag(sessie, context),
            ]
    schoon = parsing.normalise(tekst)
    commando = _commando(schoon, sessie, context)
    if commando is not None:
        return commando
    if sessie.dubbelzinnig is not None and sessie.fase == "vraag":
        return _kies_lezing(sessie, tekst, context)
    if sessie.fase == "vraag":
        return _beantwoord(sessie, tekst, context)
    if sessie.fase == "samenvatting":
        return _in_samenvatting(sessie, schoon, context)
    if sessie.fase == "klaar":
        return _na_uitkomst(sessie, schoon, tekst, context)
    return _in_menu(sessie, tekst, context)


# Commands that work everywhere ----------------------------------------------------------------------------
def _commando(schoon: str, sessie: Sessie, context: Context) -> Resultaat | None:
    woorden = schoon.split()
    eerste = woorden[0] if woorden else ""
    if eerste == "/start":
        return start(context, " ".join(woorden[1:]) or None)
    if schoon in {"/onderwerpen", "menu", "onderwerpen", "/menu"}:
        return Sessie(), [_menu_bericht(context, "Waarover wilt u iets uitrekenen?")]
    if schoon in {"/help", "help", "hulp", "?"}:
        return sessie, [Bericht(HULP), *_huidige_vraag(sessie, context)]
    if schoon in {"/stop", "stop", "stoppen", "/cancel", "annuleer"}:
        tekst = "Prima, we stoppen met dit onderwerp." if sessie.onderwerp else "Er loopt geen vraag."
        return Sessie(), [_menu_bericht(context, f"{tekst} Kies een ander onderwerp of typ uw vraag.")]
    if schoon in {"/contact", "contact", "adviseur", "praat met een adviseur"}:
        return sessie, [_contact_bericht(context)]
    if sessie.onderwerp is None:
        return None
    flow = context.flows[sessie.onderwerp]
    if eerste == "jaar" and len(woorden) == 2 and not flow.vragen_jaar:
        return _zet_jaar(sessie, woorden[1], context)
    if schoon == "terug" and sessie.fase in {"vraag", "samenvatting"}:
        return _terug(sessie, context)
    if (
        schoon in {"waarom", "waarom?", "waarom vraagt u dit", "waarom vragen jullie dit"}
        and sessie.fase == "vraag"
    ):
        vraag = _vraag(sessie, context)
        return sessie, [Bericht(f"Waarom ik dit vraag: {vraag.waarom}"), *_huidige_vraag(sessie, context)]
    return None


def _knop_hoort_bij(sessie: Sessie, token: str) -> bool:
    if token == MENU:
        return True
    if token == DUBBEL:
        return sessie.dubbelzinnig is not None
    if token == SAMENVATTING:
        return sessie.fase == "samenvatting"
    if token == NA:
        return sessie.fase == "klaar"
    return sessie.fase == "vraag" and token == sessie.vraag


# Menu and free text ---------------------------------------------------------------------------------------
def _menu_bericht(context: Context, aanhef: str) -> Bericht:
    knoppen = tuple(knop(MENU, flow.titel, flow.onderwerp) for flow in context.flows.values())
    return Bericht(f"{aanhef}\nKies een onderwerp hieronder, of typ uw vraag in eigen woorden.", knoppen)


def _onderwerp_uit_tekst(tekst: str, context: Context) -> str | None:
    keuzes = [(flow.onderwerp, flow.titel) for flow in context.flows.values()]
    gekozen = parsing.match_choice(tekst, keuzes)
    if isinstance(gekozen, parsing.Ok):
        return str(gekozen.value)
    gevonden = kies_onderwerpen(tekst, context.flows.values())
    return gevonden[0] if len(gevonden) == 1 else None


def _in_menu(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    keuzes = [(flow.onderwerp, flow.titel) for flow in context.flows.values()]
    gekozen = parsing.match_choice(tekst, keuzes)
    if isinstance(gekozen, parsing.Ok):
        return _begin_onderwerp(sessie, str(gekozen.value), context)
    return sessie, [_route(tekst, context)]


def _route(tekst: str, context: Context) -> Bericht:
    """Free text: suggest the best matching topics, never a dead end."""
    gevonden = kies_onderwerpen(tekst, context.flows.values())
    if gevonden:
        knoppen = tuple(knop(MENU, context.flows[o].titel, o) for o in gevonden)
        namen = " of ".join(f"'{context.flows[o].titel}'" for o in gevonden)
        return Bericht(f"Dat klinkt als {namen}. Zal ik dat met u uitrekenen?", knoppen)
    return _menu_bericht(context, "Daar kan ik (nog) niet mee rekenen.")


def _begin_onderwerp(sessie: Sessie, onderwerp: str, context: Context) -> Resultaat:
    flow = context.flows[onderwerp]
    nieuw = Sessie(fase="vraag", onderwerp=onderwerp, jaar=None if flow.vragen_jaar else context.vandaag.year)
    intro = flow.intro
    if not flow.vragen_jaar:
        jaar = context.vandaag.year
        intro += f"\nIk ga uit van {jaar}. Ander jaar? Typ bijvoorbeeld 'jaar {jaar - 1}'."
    intro += "\nU kunt altijd 'terug', 'waarom' of 'stop' typen."
    volgende, berichten = _ga_verder(nieuw, context)
    return volgende, [Bericht(intro), *berichten]


# Questions ------------------------------------------------------------------------------------------------
def _vraag(sessie: Sessie, context: Context) -> Vraag:
    if sessie.vraag == JAAR_VRAAG.id:
        return JAAR_VRAAG
    assert sessie.onderwerp is not None and sessie.vraag is not None
    return context.flows[sessie.onderwerp].vraag(sessie.vraag)


def _huidige_vraag(sessie: Sessie, context: Context) -> list[Bericht]:
    if sessie.fase == "vraag" and sessie.vraag is not None:
        if sessie.dubbelzinnig is not None:
            return [_dubbel_bericht(sessie, context)]
        return [_vraag_bericht(sessie, _vraag(sessie, context))]
    if sessie.fase == "samenvatting":
        return [_samenvatting_bericht(sessie, context)]
    if sessie.fase == "menu":
        return [_menu_bericht(context, "Waarover wilt u iets uitrekenen?")]
    return []


def _vraag_bericht(sessie: Sessie, vraag: Vraag) -> Bericht:
    knoppen: list[Knop] = []
    if vraag.soort == "janee":
        knoppen = [knop(vraag.id, "Ja", "ja"), knop(vraag.id, "Nee", "nee")]
    elif vraag.soort == "keuze":
        knoppen = [knop(vraag.id, k.label, str(index)) for index, k in enumerate(vraag.keuzes, start=1)]
    tekst = vraag.tekst
    if vraag.id in sessie.suggesties:
        vorig = _toon_antwoord(vraag, sessie.suggesties[vraag.id])
        tekst += f"\n(Eerder antwoord: {vorig}.)"
        if vraag.soort not in {"janee", "keuze"}:
            knoppen.append(
                knop(vraag.id, f"Houden: {vorig}", _als_invoer(vraag, sessie.suggesties[vraag.id]))
            )
    if vraag.weet_ik_niet is not None:
        knoppen.append(knop(vraag.id, "Weet ik niet", WEET_IK_NIET))
    return Bericht(tekst, tuple(knoppen), vraag=vraag.id)


def _als_invoer(vraag: Vraag, waarde: Any) -> str:
    """An earlier answer as text the parser reads back to the same value (for the 'Houden' button)."""
    if vraag.soort == "bedrag":
        return euro(Decimal(str(waarde)))
    if vraag.soort == "datum":
        return datum_tekst(dt.date.fromisoformat(str(waarde)))
    return str(waarde)


def _toon_antwoord(vraag: Vraag, waarde: Any) -> str:
    if vraag.soort == "bedrag":
        return euro(Decimal(str(waarde)))
    if vraag.soort == "percentage":
        return procent(Decimal(str(waarde)) / 100)
    if vraag.soort == "datum":
        return datum_tekst(dt.date.fromisoformat(str(waarde)))
    if vraag.soort == "janee":
        return "ja" if waarde else "nee"
    if vraag.soort == "keuze":
        for keuze in vraag.keuzes:
            if keuze.waarde == waarde:
                return keuze.label
    return str(waarde)


def _parse(vraag: Vraag, tekst: str) -> parsing.Parsed[Any]:
    if vraag.soort == "bedrag":
        return parsing.parse_amount(tekst)
    if vraag.soort == "jaar":
        return parsing.parse_year(tekst)
    if vraag.soort == "datum":
        return parsing.parse_date(tekst)
    if vraag.soort == "janee":
        return parsing.parse_yes_no(tekst)
    if vraag.soort == "percentage":
        return parsing.parse_percentage(tekst)
    if vraag.soort == "getal":
        return parsing.parse_whole_number(
            tekst, minimum=vraag.minimum, maximum=vraag.maximum, unit=vraag.eenheid
        )
    keuzes = [(str(index), k.label) for index, k in enumerate(vraag.keuzes, start=1)]
    return parsing.match_choice(tekst, keuzes)


def _opslaan(vraag: Vraag, waarde: Any) -> Any:
    """The parsed value as the JSON value stored in the state and given to the calculator."""
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if vraag.soort == "keuze":
        keuze: Keuze = vraag.keuzes[int(waarde) - 1]
        return keuze.waarde
    return waarde


def _beantwoord(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    vraag = _vraag(sessie, context)
    if parsing.normalise(tekst) in {"weet ik niet", "weet niet", "geen idee", "?", "onbekend", "wnt"} or (
        tekst == WEET_IK_NIET
    ):
        if vraag.weet_ik_niet is None:
            return sessie, [
                Bericht("Hier kan ik helaas niet veilig iets voor u aannemen; een schatting is goed genoeg."),
                _vraag_bericht(sessie, vraag),
            ]
        return _sla_op(sessie, vraag, vraag.weet_ik_niet.waarde, context, aanname=vraag.weet_ik_niet.aanname)
    gelezen = _parse(vraag, tekst)
    if isinstance(gelezen, parsing.Invalid):
        return sessie, [Bericht(gelezen.message), _vraag_bericht(sessie, vraag)]
    if isinstance(gelezen, parsing.Ambiguous):
        lezingen = tuple(_opslaan(vraag, lezing) for lezing in gelezen.readings)
        nieuw = sessie.met(dubbelzinnig=Dubbelzinnig(vraag.id, lezingen))
        return nieuw, [_dubbel_bericht(nieuw, context, gelezen.question)]
    return _sla_op(sessie, vraag, _opslaan(vraag, gelezen.value), context, aanname=gelezen.note)


def _dubbel_bericht(sessie: Sessie, context: Context, vraagtekst: str | None = None) -> Bericht:
    assert sessie.dubbelzinnig is not None
    vraag = _vraag(sessie, context)
    lezingen = sessie.dubbelzinnig.lezingen
    if vraagtekst is None:
        vraagtekst = "Bedoelt u " + " of ".join(_toon_antwoord(vraag, lezing) for lezing in lezingen) + "?"
    knoppen = tuple(
        knop(DUBBEL, _toon_antwoord(vraag, lezing), str(index))
        for index, lezing in enumerate(lezingen, start=1)
    )
    return Bericht(vraagtekst, knoppen, vraag=vraag.id)


def _kies_lezing(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    assert sessie.dubbelzinnig is not None
    vraag = _vraag(sessie, context)
    lezingen = sessie.dubbelzinnig.lezingen
    keuzes = [(str(index), _toon_antwoord(vraag, lezing)) for index, lezing in enumerate(lezingen, start=1)]
    gekozen = parsing.match_choice(tekst, keuzes)
    if isinstance(gekozen, parsing.Ok):
        return _sla_op(sessie.met(dubbelzinnig=None), vraag, lezingen[int(gekozen.value) - 1], context)
    # Not one of the readings: treat it as a fresh answer to the question, typed more clearly this time.
    return _beantwoord(sessie.met(dubbelzinnig=None), tekst, context)


def _sla_op(
    sessie: Sessie, vraag: Vraag, waarde: Any, context: Context, aanname: str | None = None
) -> Resultaat:
    if vraag.id == JAAR_VRAAG.id:
        return _ga_verder(sessie.met(jaar=int(waarde), vraag=None, dubbelzinnig=None), context)
    aannames = {k: v for k, v in sessie.aannames.items() if k != vraag.id}
    if aanname:
        aannames[vraag.id] = aanname
    nieuw = sessie.met(
        antwoorden={**sessie.antwoorden, vraag.id: waarde},
        geschiedenis=(*[g for g in sessie.geschiedenis if g != vraag.id], vraag.id),
        suggesties={k: v for k, v in sessie.suggesties.items() if k != vraag.id},
        aannames=aannames,
        dubbelzinnig=None,
    )
    return _ga_verder(nieuw, context)


def _ga_verder(sessie: Sessie, context: Context) -> Resultaat:
    """Ask the next relevant unanswered question, or show the summary when everything is known."""
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    if sessie.jaar is None:
        nieuw = sessie.met(fase="vraag", vraag=JAAR_VRAAG.id)
        return nieuw, [_vraag_bericht(nieuw, JAAR_VRAAG)]
    volgende = flow.volgende_vraag(sessie.antwoorden)
    if volgende is not None:
        nieuw = sessie.met(fase="vraag", vraag=volgende.id)
        return nieuw, [_vraag_bericht(nieuw, volgende)]
    nieuw = sessie.met(fase="samenvatting", vraag=None)
    return nieuw, [_samenvatting_bericht(nieuw, context)]


def _terug(sessie: Sessie, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    relevant = [g for g in sessie.geschiedenis if g in flow.relevante_antwoorden(sessie.antwoorden)]
    if not relevant:
        return sessie, [
            Bericht("Dit is de eerste vraag; verder terug kan niet."),
            *_huidige_vraag(sessie, context),
        ]
    vorige = relevant[-1]
    antwoorden = {k: v for k, v in sessie.antwoorden.items() if k != vorige}
    nieuw = sessie.met(
        fase="vraag",
        vraag=vorige,
        antwoorden=antwoorden,
        suggesties={**sessie.suggesties, vorige: sessie.antwoorden[vorige]},
        geschiedenis=tuple(g for g in sessie.geschiedenis if g != vorige),
        dubbelzinnig=None,
    )
    return nieuw, [_vraag_bericht(nieuw, flow.vraag(vorige))]


def _zet_jaar(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    gelezen = parsing.parse_year(tekst)
    if not isinstance(gelezen, parsing.Ok):
        return sessie, [
            Bericht("Typ het jaar als vier cijfers, bijvoorbeeld 'jaar 2025'."),
            *_huidige_vraag(sessie, context),
        ]
    nieuw = sessie.met(jaar=int(gelezen.value))
    if sessie.fase == "klaar":
        return _bereken(nieuw, context)
    return nieuw, [Bericht(f"Genoteerd: ik reken met {gelezen.value}."), *_huidige_vraag(nieuw, context)]


# Summary, calculation and what-ifs ------------------------------------------------------------------------
def _samenvatting_regels(sessie: Sessie, flow: Flow) -> list[tuple[str, str]]:
    """(question id, 'label: answer') for every answer the calculation will use, the year first."""
    regels = [] if flow.vragen_jaar else [(JAAR_VRAAG.id, f"jaar: {sessie.jaar}")]
    for vraag_id, waarde in flow.relevante_antwoorden(sessie.antwoorden).items():
        vraag = flow.vraag(vraag_id)
        regels.append((vraag_id, f"{vraag.label}: {_toon_antwoord(vraag, waarde)}"))
    return regels


def _samenvatting_bericht(sessie: Sessie, context: Context) -> Bericht:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    regels = _samenvatting_regels(sessie, flow)
    lijst = "\n".join(f"{nummer}. {regel}" for nummer, (_, regel) in enumerate(regels, start=1))
    tekst = f"Klopt dit?\n{lijst}\n\nKies 'Bereken', of typ het nummer van het antwoord dat u wilt wijzigen."
    # "Wijzig n" is button n, so a typed number and a pressed button mean the same; Bereken comes last.
    knoppen = [knop(SAMENVATTING, f"Wijzig {nummer}", str(nummer)) for nummer in range(1, len(regels) + 1)]
    knoppen.append(knop(SAMENVATTING, "Bereken", "bereken"))
    return Bericht(tekst, tuple(knoppen))


def _in_samenvatting(sessie: Sessie, schoon: str, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    if schoon in {"bereken", "ja", "klopt", "ok", "oke", "goed", "j", "reken", "bereken maar"}:
        return _bereken(sessie, context)
    regels = _samenvatting_regels(sessie, flow)
    nummer = schoon.removeprefix("wijzig").strip()
    gekozen = parsing.parse_whole_number(nummer, minimum=1, maximum=len(regels))
    if isinstance(gekozen, parsing.Ok):
        vraag_id = regels[int(gekozen.value) - 1][0]
        return _wijzig(sessie, vraag_id, context)
    return sessie, [
        Bericht("Kies 'Bereken' of het nummer van een antwoord."),
        _samenvatting_bericht(sessie, context),
    ]


def _wijzig(sessie: Sessie, vraag_id: str, context: Context) -> Resultaat:
    if vraag_id == JAAR_VRAAG.id:
        nieuw = sessie.met(fase="vraag", vraag=JAAR_VRAAG.id, jaar=None)
        return nieuw, [_vraag_bericht(nieuw, JAAR_VRAAG)]
    assert sessie.onderwerp is not None
    vraag = context.flows[sessie.onderwerp].vraag(vraag_id)
    nieuw = sessie.met(
        fase="vraag",
        vraag=vraag_id,
        antwoorden={k: v for k, v in sessie.antwoorden.items() if k != vraag_id},
        suggesties={**sessie.suggesties, vraag_id: sessie.antwoorden[vraag_id]},
    )
    return nieuw, [_vraag_bericht(nieuw, vraag)]


def calculator_invoer(sessie: Sessie, flow: Flow) -> dict[str, Any]:
    """The calculator input for the answers so far: the year, the defaults, then what the flow builds."""
    invoer: dict[str, Any] = {standaard.veld: standaard.waarde for standaard in flow.standaarden}
    invoer.update(flow.invoer(flow.relevante_antwoorden(sessie.antwoorden)))
    invoer["jaar"] = sessie.jaar
    return invoer


def _bereken(sessie: Sessie, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    try:
        uitkomst = bereken(flow.onderwerp, calculator_invoer(sessie, flow))
    except OngeldigeInvoer as fout:
        return _herstel(sessie, fout, context)
    aannames = tuple([*(s.aanname for s in flow.standaarden), *sessie.aannames.values()])
    nieuw = sessie.met(fase="klaar", vraag=None)
    return nieuw, [
        Bericht(uitkomst_tekst(uitkomst, aannames), _na_knoppen(flow, calculator_invoer(sessie, flow)))
    ]


def _herstel(sessie: Sessie, fout: OngeldigeInvoer, context: Context) -> Resultaat:
    """The calculator refused an input: say why in its words and ask that one question again."""
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    uitleg = Bericht(f"Dat kan ik zo niet uitrekenen. {fout.melding[:1].upper()}{fout.melding[1:]}.")
    if fout.veld == "jaar":
        nieuw = sessie.met(fase="vraag", vraag=JAAR_VRAAG.id, jaar=None)
        return nieuw, [uitleg, _vraag_bericht(nieuw, JAAR_VRAAG)]
    for vraag in flow.vragen:
        if fout.veld in {vraag.id, vraag.veld} and vraag.id in sessie.antwoorden:
            return _wijzig(sessie, vraag.id, context)[0], [uitleg, _vraag_bericht(sessie, vraag)]
    return sessie.met(fase="samenvatting"), [uitleg, _samenvatting_bericht(sessie, context)]


def _na_knoppen(flow: Flow, invoer: Mapping[str, Any]) -> tuple[Knop, ...]:
    knoppen = [knop(NA, wat_als.label, wat_als.id) for wat_als in flow.wat_als if wat_als.alleen_als(invoer)]
    knoppen += [
        knop(NA, "Antwoord wijzigen", "wijzig"),
        knop(NA, "Ander onderwerp", "menu"),
        knop(NA, "Praat met een adviseur", "adviseur"),
    ]
    return tuple(knoppen)


def _na_uitkomst(sessie: Sessie, schoon: str, tekst: str, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    invoer = calculator_invoer(sessie, flow)
    opties: list[tuple[str, str]] = [(w.id, w.label) for w in flow.wat_als if w.alleen_als(invoer)]
    opties += [
        ("wijzig", "Antwoord wijzigen"),
        ("menu", "Ander onderwerp"),
        ("adviseur", "Praat met een adviseur"),
    ]
    gekozen = parsing.match_choice(tekst, opties)
    if not isinstance(gekozen, parsing.Ok):
        if kies_onderwerpen(tekst, context.flows.values()):
            return Sessie(), [_route(tekst, context)]
        return sessie, [Bericht("Kies een van de mogelijkheden hieronder.", _na_knoppen(flow, invoer))]
    keuze = str(gekozen.value)
    if keuze == "wijzig":
        nieuw = sessie.met(fase="samenvatting")
        return nieuw, [_samenvatting_bericht(nieuw, context)]
    if keuze == "menu":
        return Sessie(), [_menu_bericht(context, "Waarover wilt u nog iets uitrekenen?")]
    if keuze == "adviseur":
        return sessie, [_contact_bericht(context)]
    return sessie, [
        _wat_als_bericht(flow, keuze, invoer),
        Bericht("Wat wilt u nu doen?", _na_knoppen(flow, invoer)),
    ]


def _wat_als_bericht(flow: Flow, wat_als_id: str, invoer: Mapping[str, Any]) -> Bericht:
    wat_als = next(w for w in flow.wat_als if w.id == wat_als_id)
    waarden = wat_als.waarden(invoer)
    try:
        vergelijking = vergelijk(flow.onderwerp, invoer, wat_als.veld, waarden)
    except OngeldigeInvoer as fout:
        return Bericht(f"Deze vergelijking kan ik nog niet maken: {fout.melding}.")
    vraag = _veld_vraag(flow, wat_als.veld)
    namen = {str(w): _variant_naam(vraag, wat_als.veld, w) for w in waarden}
    return Bericht(vergelijking_tekst(vergelijking, f"{wat_als.label}:", namen))


def _variant_naam(vraag: Vraag | None, veld: str, waarde: Any) -> str:
    if vraag is None:
        return str(waarde).capitalize()
    tekst = _toon_antwoord(vraag, waarde)
    return f"{vraag.label.capitalize()}: {tekst}" if vraag.soort == "janee" else tekst.capitalize()


def _veld_vraag(flow: Flow, veld: str) -> Vraag | None:
    for vraag in flow.vragen:
        if veld in {vraag.id, vraag.veld}:
            return vraag
    return None


def _contact_bericht(context: Context) -> Bericht:
    kantoor = context.kantoor
    kanalen = [
        f"bel {kantoor.telefoon}" if kantoor.telefoon else "",
        f"mail {kantoor.email}" if kantoor.email else "",
    ]
    bereik = " of ".join(k for k in kanalen if k) or "neem contact op via de website"
    uren = f" ({kantoor.kantooruren})" if kantoor.kantooruren else ""
    return Bericht(f"Wilt u dit met een adviseur van {kantoor.naam} bespreken? {bereik.capitalize()}{uren}.")


def ondersteunde_commandos() -> Sequence[str]:
    return ("/start", "/onderwerpen", "/help", "/stop", "/contact")


__all__ = ["DISCLAIMER", "Context", "Kantoor", "Sessie", "start", "verwerk"]
