"""The conversation engine: a pure function from (state, input) to (new state, replies).

The shell (Telegram or the terminal) stores the state, passes every text or button press in, and sends the
replies out. Nothing here does I/O, reads a clock or knows about Telegram: today's date and the firm's
details arrive in the `Context`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conversations import funnel, parsing
from conversations.flow import Flow, Vraag
from conversations.formatting import DISCLAIMER, label, scenario_tekst, uitkomst_tekst, vergelijking_tekst, waarde_tekst
from conversations.herinneringen import HERINNERINGEN, actie
from conversations.questions import WEET_IK_NIET, opslaan, parse, toon_antwoord, vraag_bericht
from conversations.replies import Bericht, Knop, knop
from conversations.routing import kies_onderwerpen
from conversations.state import Dubbelzinnig, Sessie
from rules import OngeldigeInvoer, Scenario, Uitkomst, bereken, spreiding, vergelijk, vergelijk_scenarios
from rules.formatteer import datum as datum_tekst


@dataclass(frozen=True)
class Kantoor:
    naam: str = "Uw boekhoudkantoor"
    telefoon: str = ""
    email: str = ""
    website: str = ""
    kantooruren: str = ""
    privacy_url: str = ""
    bewaartermijn_dagen: int = 365


@dataclass(frozen=True)
class Context:
    vandaag: dt.date
    flows: Mapping[str, Flow]
    kantoor: Kantoor = field(default_factory=Kantoor)
    herinneringen: bool = True
    """Whether this channel can deliver a reminder later (Telegram can, the terminal chat cannot)."""


Resultaat = tuple[Sessie, list[Bericht]]

MENU = "menu"
ADVISEUR = "adviseur"
HERINNER = "herinner"
CAMPAGNE_PREFIX = "c_"
SAMENVATTING = "sv"
NA = "na"
DUBBEL = "dz"
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
    "Opdrachten: /start, /onderwerpen, /help, /stop, /contact, /privacy, /herinneringen, /vergeet."
)


# Entry points ------------------------------------------------------------------------------------------
def start(context: Context, payload: str | None = None, *, vorige: Sessie | None = None) -> Resultaat:
    """A fresh conversation: the topic menu, or straight into a topic (deep link `/start auto`).

    A payload `c_<campagne>` records the campaign the user came from; it stays with the user's later topics.
    """
    campagne = vorige.campagne if vorige else None
    if payload and payload.startswith(CAMPAGNE_PREFIX) and len(payload) > len(CAMPAGNE_PREFIX):
        campagne, payload = payload[len(CAMPAGNE_PREFIX) :][:64], None
    sessie = Sessie(campagne=campagne)
    if payload:
        gevonden = _onderwerp_uit_tekst(payload, context)
        if gevonden is not None:
            return _begin_onderwerp(sessie, gevonden, context)
    return sessie, [_menu_bericht(context, "Welkom! Ik reken fiscale vragen voor ondernemers voor u uit.")]


def _opnieuw(sessie: Sessie) -> Sessie:
    """Back to the menu: the topic is gone, the campaign the user came in by stays."""
    return Sessie(campagne=sessie.campagne)


def _met_actie(sessie: Sessie, actie: dict[str, Any]) -> Sessie:
    return sessie.met(acties=(*sessie.acties, actie))


def _gebeurtenis(sessie: Sessie, naam: str) -> Sessie:
    return _met_actie(
        sessie, {"soort": "gebeurtenis", "naam": naam, "onderwerp": sessie.onderwerp, "campagne": sessie.campagne}
    )


def verwerk(sessie: Sessie, invoer: str, context: Context, *, knop_data: bool = False) -> Resultaat:
    """Handle one text (or, with `knop_data`, one button press) and return the new state and the replies."""
    # Actions belong to the turn that made them; the shell has carried them out already.
    sessie = sessie.met(acties=()) if sessie.acties else sessie
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
    if sessie.fase in {"vraag", "adviseur", "herinnering"}:
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
        return start(context, " ".join(woorden[1:]) or None, vorige=sessie)
    if schoon in {"/onderwerpen", "menu", "onderwerpen", "/menu"}:
        return _opnieuw(sessie), [_menu_bericht(context, "Waarover wilt u iets uitrekenen?")]
    if schoon in {"/help", "help", "hulp", "?"}:
        return sessie, [Bericht(HULP), *_huidige_vraag(sessie, context)]
    if schoon in {"/stop", "stop", "stoppen", "/cancel", "annuleer"}:
        tekst = "Prima, we stoppen met dit onderwerp." if sessie.onderwerp else "Er loopt geen vraag."
        return _opnieuw(sessie), [_menu_bericht(context, f"{tekst} Kies een ander onderwerp of typ uw vraag.")]
    if schoon in {"/contact", "contact", "adviseur", "praat met een adviseur"} and sessie.fase != "adviseur":
        return _begin_adviseur(sessie, context)
    if schoon in {"waarom", "waarom?"} and sessie.fase in {"adviseur", "herinnering"}:
        vraag = _vraag(sessie, context)
        return sessie, [Bericht(f"Waarom ik dit vraag: {vraag.waarom}"), *_huidige_vraag(sessie, context)]
    if schoon == "terug" and sessie.fase in {"adviseur", "herinnering"}:
        return _terug_bij(sessie, context)
    if sessie.onderwerp is None:
        return None
    flow = context.flows[sessie.onderwerp]
    if eerste == "jaar" and len(woorden) == 2 and not flow.vragen_jaar:
        return _zet_jaar(sessie, woorden[1], context)
    if schoon == "terug" and sessie.fase in {"vraag", "samenvatting"}:
        return _terug(sessie, context)
    if schoon in {"waarom", "waarom?", "waarom vraagt u dit", "waarom vragen jullie dit"} and sessie.fase == "vraag":
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
    if sessie.fase in {"adviseur", "herinnering"}:
        return token == sessie.bijvraag
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
    nieuw = Sessie(
        fase="vraag",
        onderwerp=onderwerp,
        jaar=None if flow.vragen_jaar else context.vandaag.year,
        campagne=sessie.campagne,
    )
    nieuw = _gebeurtenis(nieuw, "gesprek_gestart")
    intro = flow.intro
    if not flow.vragen_jaar:
        jaar = context.vandaag.year
        intro += f"\nIk ga uit van {jaar}. Ander jaar? Typ bijvoorbeeld 'jaar {jaar - 1}'."
    intro += "\nU kunt altijd 'terug', 'waarom' of 'stop' typen."
    volgende, berichten = _ga_verder(nieuw, context)
    return volgende, [Bericht(intro), *berichten]


# Questions ------------------------------------------------------------------------------------------------
def _vraag(sessie: Sessie, context: Context) -> Vraag:
    if sessie.fase == "adviseur":
        assert sessie.bijvraag is not None
        if sessie.bijvraag == "toestemming":
            kantoor = context.kantoor
            return funnel.toestemming_vraag(kantoor.naam, kantoor.privacy_url, kantoor.bewaartermijn_dagen)
        return funnel.vraag(sessie.bijvraag)
    if sessie.fase == "herinnering":
        assert sessie.onderwerp is not None
        herinnering_vraag = HERINNERINGEN[sessie.onderwerp].vraag
        assert herinnering_vraag is not None
        return herinnering_vraag
    if sessie.vraag == JAAR_VRAAG.id:
        return JAAR_VRAAG
    assert sessie.onderwerp is not None and sessie.vraag is not None
    return context.flows[sessie.onderwerp].vraag(sessie.vraag)


def _huidige_vraag(sessie: Sessie, context: Context) -> list[Bericht]:
    if sessie.fase in {"adviseur", "herinnering"}:
        return [_bij_bericht(sessie, _vraag(sessie, context))]
    if sessie.fase == "klaar" and sessie.onderwerp is not None:
        flow = context.flows[sessie.onderwerp]
        return [Bericht("Wat wilt u nu doen?", _na_knoppen(flow, calculator_invoer(sessie, flow), context))]
    if sessie.fase == "vraag" and sessie.vraag is not None:
        if sessie.dubbelzinnig is not None:
            return [_dubbel_bericht(sessie, context)]
        return [vraag_bericht(_vraag(sessie, context), sessie.suggesties)]
    if sessie.fase == "samenvatting":
        return [_samenvatting_bericht(sessie, context)]
    if sessie.fase == "menu":
        return [_menu_bericht(context, "Waarover wilt u iets uitrekenen?")]
    return []


def _beantwoord(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    vraag = _vraag(sessie, context)
    schoon = parsing.normalise(tekst)
    # In the funnel the escape button reads "Geen vraag"; typing it (or a plain "nee") means the same.
    overslaan = (
        sessie.fase == "adviseur"
        and vraag.weet_ik_niet is not None
        and schoon.strip(".!")
        in {
            "geen vraag",
            "geen",
            "nee",
            "nee dank u",
            "nee, dank u",
        }
    )
    if schoon in {WEET_IK_NIET, "weet niet", "geen idee", "onbekend", "wnt"} or overslaan:
        if vraag.weet_ik_niet is None:
            return sessie, [
                Bericht("Hier kan ik helaas niet veilig iets voor u aannemen; een schatting is goed genoeg."),
                vraag_bericht(vraag, sessie.suggesties),
            ]
        return _sla_op(sessie, vraag, vraag.weet_ik_niet.waarde, context, aanname=vraag.weet_ik_niet.aanname)
    gelezen = parse(vraag, tekst)
    if isinstance(gelezen, parsing.Invalid):
        return sessie, [Bericht(gelezen.message), vraag_bericht(vraag, sessie.suggesties)]
    if isinstance(gelezen, parsing.Ambiguous):
        lezingen = tuple(opslaan(vraag, lezing) for lezing in gelezen.readings)
        nieuw = sessie.met(dubbelzinnig=Dubbelzinnig(vraag.id, lezingen))
        return nieuw, [_dubbel_bericht(nieuw, context, gelezen.question)]
    return _sla_op(sessie, vraag, opslaan(vraag, gelezen.value), context, aanname=gelezen.note)


def _dubbel_bericht(sessie: Sessie, context: Context, vraagtekst: str | None = None) -> Bericht:
    assert sessie.dubbelzinnig is not None
    vraag = _vraag(sessie, context)
    lezingen = sessie.dubbelzinnig.lezingen
    if vraagtekst is None:
        vraagtekst = "Bedoelt u " + " of ".join(toon_antwoord(vraag, lezing) for lezing in lezingen) + "?"
    knoppen = tuple(
        knop(DUBBEL, toon_antwoord(vraag, lezing), str(index)) for index, lezing in enumerate(lezingen, start=1)
    )
    return Bericht(vraagtekst, knoppen, vraag=vraag.id)


def _kies_lezing(sessie: Sessie, tekst: str, context: Context) -> Resultaat:
    assert sessie.dubbelzinnig is not None
    vraag = _vraag(sessie, context)
    lezingen = sessie.dubbelzinnig.lezingen
    keuzes = [(str(index), toon_antwoord(vraag, lezing)) for index, lezing in enumerate(lezingen, start=1)]
    gekozen = parsing.match_choice(tekst, keuzes)
    if isinstance(gekozen, parsing.Ok):
        return _sla_op(sessie.met(dubbelzinnig=None), vraag, lezingen[int(gekozen.value) - 1], context)
    # Not one of the readings: treat it as a fresh answer to the question, typed more clearly this time.
    return _beantwoord(sessie.met(dubbelzinnig=None), tekst, context)


def _sla_op(sessie: Sessie, vraag: Vraag, waarde: Any, context: Context, aanname: str | None = None) -> Resultaat:
    if sessie.fase == "adviseur":
        return _adviseur_verder(sessie.met(bijantwoorden={**sessie.bijantwoorden, vraag.id: waarde}), context)
    if sessie.fase == "herinnering":
        return _plan_herinnering(sessie, waarde, context)
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
        return nieuw, [vraag_bericht(JAAR_VRAAG, nieuw.suggesties)]
    volgende = flow.volgende_vraag(sessie.antwoorden)
    if volgende is not None:
        nieuw = sessie.met(fase="vraag", vraag=volgende.id)
        return nieuw, [vraag_bericht(volgende, nieuw.suggesties)]
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
    return nieuw, [vraag_bericht(flow.vraag(vorige), nieuw.suggesties)]


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
    """(question id, 'label: answer') for every input the calculation will use: the year, the answers, then the
    defaults the flow assumed (marked, so the user sees them and can change one)."""
    regels = [] if flow.vragen_jaar else [(JAAR_VRAAG.id, f"jaar: {sessie.jaar}")]
    for vraag_id, waarde in flow.relevante_antwoorden(sessie.antwoorden).items():
        vraag = flow.vraag(vraag_id)
        regels.append((vraag_id, f"{vraag.label}: {toon_antwoord(vraag, waarde)}"))
    for standaard in flow.geldende_standaarden(sessie.antwoorden):
        vraag = standaard.vraag
        if vraag.id in sessie.antwoorden:
            regels.append((vraag.id, f"{vraag.label}: {toon_antwoord(vraag, sessie.antwoorden[vraag.id])}"))
        else:
            regels.append((vraag.id, f"{vraag.label}: {toon_antwoord(vraag, standaard.waarde)} (aangenomen)"))
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
        return nieuw, [vraag_bericht(JAAR_VRAAG, nieuw.suggesties)]
    assert sessie.onderwerp is not None
    vraag = context.flows[sessie.onderwerp].vraag(vraag_id)
    nieuw = sessie.met(
        fase="vraag",
        vraag=vraag_id,
        antwoorden={k: v for k, v in sessie.antwoorden.items() if k != vraag_id},
        # A default the user never answered has no earlier answer to offer back.
        suggesties={
            **sessie.suggesties,
            **({vraag_id: sessie.antwoorden[vraag_id]} if vraag_id in sessie.antwoorden else {}),
        },
    )
    return nieuw, [vraag_bericht(vraag, nieuw.suggesties)]


def _aannames(sessie: Sessie, flow: Flow) -> tuple[str, ...]:
    """The defaults the user left as they were, and what the flow assumes from these answers."""
    standaard = tuple(
        s.aanname for s in flow.geldende_standaarden(sessie.antwoorden) if s.vraag.id not in sessie.antwoorden
    )
    return (*standaard, *flow.aannames(flow.relevante_antwoorden(sessie.antwoorden)))


def calculator_invoer(sessie: Sessie, flow: Flow) -> dict[str, Any]:
    """The calculator input for the answers so far: the year, the defaults, then what the flow builds."""
    invoer: dict[str, Any] = {
        standaard.veld: sessie.antwoorden.get(standaard.vraag.id, standaard.waarde)
        for standaard in flow.geldende_standaarden(sessie.antwoorden)
    }
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
    aannames = (*_aannames(sessie, flow), *sessie.aannames.values())
    nieuw = _gebeurtenis(sessie.met(fase="klaar", vraag=None), "berekening")
    return nieuw, [
        Bericht(uitkomst_tekst(uitkomst, aannames), _na_knoppen(flow, calculator_invoer(sessie, flow), context))
    ]


def _herstel(sessie: Sessie, fout: OngeldigeInvoer, context: Context) -> Resultaat:
    """The calculator refused an input: say why in its words and ask that one question again."""
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    uitleg = Bericht(f"Dat kan ik zo niet uitrekenen. {fout.melding[:1].upper()}{fout.melding[1:]}.")
    if fout.veld == "jaar":
        nieuw = sessie.met(fase="vraag", vraag=JAAR_VRAAG.id, jaar=None)
        return nieuw, [uitleg, vraag_bericht(JAAR_VRAAG, nieuw.suggesties)]
    for vraag in flow.vragen:
        if fout.veld in {vraag.id, vraag.veld} and vraag.id in sessie.antwoorden:
            gewijzigd, berichten = _wijzig(sessie, vraag.id, context)
            return gewijzigd, [uitleg, *berichten]
    return sessie.met(fase="samenvatting"), [uitleg, _samenvatting_bericht(sessie, context)]


def _na_opties(flow: Flow, invoer: Mapping[str, Any], context: Context) -> list[tuple[str, str]]:
    """What the user can do after an answer, as (id, label): what-ifs, a reminder, and the ways on."""
    opties = [(wat_als.id, wat_als.label) for wat_als in flow.wat_als if wat_als.alleen_als(invoer)]
    herinnering = HERINNERINGEN.get(flow.onderwerp)
    if context.herinneringen and herinnering is not None and herinnering.van_toepassing(invoer):
        opties.append((HERINNER, herinnering.label))
    opties += [("adviseur", "Praat met een adviseur"), ("wijzig", "Antwoord wijzigen"), ("menu", "Ander onderwerp")]
    return opties


def _na_knoppen(flow: Flow, invoer: Mapping[str, Any], context: Context) -> tuple[Knop, ...]:
    return tuple(knop(NA, label_, id_) for id_, label_ in _na_opties(flow, invoer, context))


def _na_uitkomst(sessie: Sessie, schoon: str, tekst: str, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    invoer = calculator_invoer(sessie, flow)
    gekozen = parsing.match_choice(tekst, _na_opties(flow, invoer, context))
    if not isinstance(gekozen, parsing.Ok):
        if kies_onderwerpen(tekst, context.flows.values()):
            return _opnieuw(sessie), [_route(tekst, context)]
        return sessie, [Bericht("Kies een van de mogelijkheden hieronder.", _na_knoppen(flow, invoer, context))]
    keuze = str(gekozen.value)
    if keuze == "wijzig":
        nieuw = sessie.met(fase="samenvatting")
        return nieuw, [_samenvatting_bericht(nieuw, context)]
    if keuze == "menu":
        return _opnieuw(sessie), [_menu_bericht(context, "Waarover wilt u nog iets uitrekenen?")]
    if keuze == "adviseur":
        return _begin_adviseur(sessie, context)
    if keuze == HERINNER:
        return _begin_herinnering(sessie, context)
    return sessie, [
        _wat_als_bericht(flow, keuze, invoer),
        Bericht("Wat wilt u nu doen?", _na_knoppen(flow, invoer, context)),
    ]


def _wat_als_bericht(flow: Flow, wat_als_id: str, invoer: Mapping[str, Any]) -> Bericht:
    wat_als = next(w for w in flow.wat_als if w.id == wat_als_id)
    if wat_als.spreid_jaren is not None:
        try:
            eenmalig = Scenario(f"Alles in {invoer['jaar']}", ({},))
            resultaten = vergelijk_scenarios(
                flow.onderwerp, invoer, [eenmalig, spreiding(invoer, wat_als.veld, wat_als.spreid_jaren)]
            )
        except OngeldigeInvoer as fout:
            return Bericht(f"Deze vergelijking kan ik nog niet maken: {fout.melding}.")
        return Bericht(scenario_tekst(resultaten, f"{wat_als.label}:"))
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
    tekst = toon_antwoord(vraag, waarde)
    return f"{vraag.label.capitalize()}: {tekst}" if vraag.soort == "janee" else tekst.capitalize()


def _veld_vraag(flow: Flow, veld: str) -> Vraag | None:
    for vraag in flow.vragen:
        if veld in {vraag.id, vraag.veld}:
            return vraag
    return None


# The adviser funnel and reminders ----------------------------------------------------------------------------
def _begin_adviseur(sessie: Sessie, context: Context) -> Resultaat:
    """Consent comes first; nothing is stored until the last question is answered."""
    nieuw = sessie.met(
        fase="adviseur", bijvraag="toestemming", bijantwoorden={}, terug_naar=sessie.fase, dubbelzinnig=None
    )
    return nieuw, [_bij_bericht(nieuw, _vraag(nieuw, context))]


def _bij_bericht(sessie: Sessie, vraag: Vraag) -> Bericht:
    bericht = vraag_bericht(vraag, {})
    if vraag.weet_ik_niet is not None and sessie.fase == "adviseur":
        # In the funnel the escape button means "skip", not "I don't know".
        knoppen = tuple(
            k if not k.data.endswith(f"|{WEET_IK_NIET}") else knop(vraag.id, "Geen vraag", WEET_IK_NIET)
            for k in bericht.knoppen
        )
        return Bericht(bericht.tekst, knoppen, vraag=bericht.vraag)
    return bericht


def _terug_uit_bij(sessie: Sessie) -> Sessie:
    terug = sessie.terug_naar if sessie.terug_naar not in {None, "adviseur", "herinnering"} else "menu"
    return sessie.met(fase=terug, bijvraag=None, bijantwoorden={}, terug_naar=None)


def _verder_na_bij(sessie: Sessie, context: Context, berichten: list[Bericht]) -> Resultaat:
    terug = _terug_uit_bij(sessie)
    if terug.fase == "menu":
        return _opnieuw(terug).met(acties=terug.acties), [
            *berichten,
            _menu_bericht(context, "Waarmee kan ik u nog helpen?"),
        ]
    return terug, [*berichten, *_huidige_vraag(terug, context)]


def _adviseur_verder(sessie: Sessie, context: Context) -> Resultaat:
    antwoorden = sessie.bijantwoorden
    if antwoorden.get("toestemming") is False:
        kantoor = context.kantoor
        bereik = " of ".join(x for x in (kantoor.telefoon, kantoor.email) if x)
        tekst = "Geen probleem: ik heb niets bewaard."
        if bereik:
            tekst += f" U kunt {kantoor.naam} ook zelf bereiken via {bereik}."
        return _verder_na_bij(sessie, context, [Bericht(tekst)])
    volgende = funnel.volgende_vraag(antwoorden)
    if volgende is not None:
        nieuw = sessie.met(bijvraag=volgende.id)
        return nieuw, [_bij_bericht(nieuw, volgende)]
    lead = _lead(sessie, context)
    nieuw = _gebeurtenis(_met_actie(sessie, lead), "lead")
    kantoor = context.kantoor
    return _verder_na_bij(nieuw, context, [Bericht(funnel.bevestiging(antwoorden, kantoor.naam, kantoor.kantooruren))])


def _terug_bij(sessie: Sessie, context: Context) -> Resultaat:
    beantwoord = [v.id for v in funnel.VRAGEN if v.id in sessie.bijantwoorden]
    if sessie.fase != "adviseur" or not beantwoord:
        return _verder_na_bij(sessie, context, [Bericht("Goed, we laten dit even rusten.")])
    vorige = beantwoord[-1]
    nieuw = sessie.met(bijvraag=vorige, bijantwoorden={k: v for k, v in sessie.bijantwoorden.items() if k != vorige})
    return nieuw, [_bij_bericht(nieuw, funnel.vraag(vorige))]


def _lead(sessie: Sessie, context: Context) -> dict[str, Any]:
    """The hand-off packet: who, how to reach them, and everything the adviser needs to prepare."""
    antwoorden = sessie.bijantwoorden
    packet: dict[str, Any] = {
        "soort": "lead",
        "onderwerp": sessie.onderwerp,
        "campagne": sessie.campagne,
        "naam": antwoorden["naam"],
        "kanaal": antwoorden["kanaal"],
        "telefoon": antwoorden.get("telefoon"),
        "email": antwoorden.get("email"),
        "moment": antwoorden["moment"],
        "vraag": antwoorden.get("vraag") or None,
        "antwoorden": [],
        "invoer": None,
        "uitkomst": None,
        "privacy_versie": funnel.PRIVACY_VERSIE,
    }
    if sessie.onderwerp is None:
        return packet
    flow = context.flows[sessie.onderwerp]
    packet["antwoorden"] = [list(regel.split(": ", 1)) for _, regel in _samenvatting_regels(sessie, flow)]
    if sessie.terug_naar == "klaar":
        invoer = calculator_invoer(sessie, flow)
        packet["invoer"] = invoer
        try:
            packet["uitkomst"] = _uitkomst_packet(flow, bereken(flow.onderwerp, invoer))
        except OngeldigeInvoer:
            packet["uitkomst"] = None
    return packet


def _uitkomst_packet(flow: Flow, uitkomst: Uitkomst) -> dict[str, Any]:
    return {
        "titel": flow.titel,
        "hoofdwaarde": label(uitkomst.hoofdwaarde),
        "bedrag": waarde_tekst(uitkomst, uitkomst.hoofdwaarde),
        "conclusie": uitkomst.conclusie,
        "waarden": [[label(n), waarde_tekst(uitkomst, n)] for n in uitkomst.waarden if uitkomst.waarden[n] is not None],
        "voorlopig": list(uitkomst.voorlopig),
        "aannames": list(uitkomst.aannames),
    }


def _begin_herinnering(sessie: Sessie, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    herinnering = HERINNERINGEN[sessie.onderwerp]
    if herinnering.vraag is None:
        return _plan_herinnering(sessie.met(terug_naar=sessie.fase), None, context)
    nieuw = sessie.met(fase="herinnering", bijvraag=herinnering.vraag.id, terug_naar=sessie.fase)
    return nieuw, [_bij_bericht(nieuw, herinnering.vraag)]


def _plan_herinnering(sessie: Sessie, antwoord: Any, context: Context) -> Resultaat:
    assert sessie.onderwerp is not None
    flow = context.flows[sessie.onderwerp]
    plan = HERINNERINGEN[sessie.onderwerp].plan(calculator_invoer(sessie, flow), antwoord, context.vandaag)
    if isinstance(plan, str):
        return _verder_na_bij(sessie, context, [Bericht(plan)])
    dag, _ = plan
    nieuw = _met_actie(sessie, actie(sessie.onderwerp, plan))
    bevestiging = Bericht(
        f"Afgesproken: op {datum_tekst(dag)} stuur ik u een herinnering. Met /herinneringen ziet of schrapt u die."
    )
    return _verder_na_bij(nieuw, context, [bevestiging])


def ondersteunde_commandos() -> Sequence[str]:
    return ("/start", "/onderwerpen", "/help", "/stop", "/contact")


__all__ = ["DISCLAIMER", "Context", "Kantoor", "Sessie", "start", "verwerk"]
