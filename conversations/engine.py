"""The conversation engine: a pure function from (state, input) to (new state, replies, actions).

The shell (Telegram, the terminal, the web) stores the state, passes every text or button press in, sends
the replies and carries out the actions in the transaction that stores the state. Nothing here does I/O,
reads a clock or knows about a channel: today's date, the firm and the channel's abilities arrive in the
`Context`.

Every conversation is a flow on a stack (`conversations/state.py`): a topic at the bottom, and on top of it
the flows it starts (the adviser funnel, a reminder question, the /vergeet confirmation). A flow that ends
returns to the one below it. This module dispatches a turn: commands that work everywhere, then the frame on
top; answering a question is `beantwoorden.py`, what is particular to a topic is `onderwerp.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from conversations import beantwoorden, feiten, onderwerp, parsing
from conversations.acties import Actie, Gebeurtenis
from conversations.beantwoorden import CONTROLE, DUBBEL, Blijft, Genomen, Uitslag
from conversations.context import Context
from conversations.flow import JAAR_VRAAG, Afronding, Flow
from conversations.flows import adviseur, herinnering, vergeet
from conversations.formatting import DISCLAIMER, kort_antwoord
from conversations.kantoor import Kantoor
from conversations.onderwerp import NA, SAMENVATTING, Berekend
from conversations.replies import Bericht, Knop, knop
from conversations.routing import is_engels, route
from conversations.state import Frame, Gesprek
from conversations.topics import HULPFLOWS
from rules import OngeldigeInvoer
from rules.formatteer import euro

MENU = "menu"
ADVISEUR = beantwoorden.ADVISEUR_KNOP
CAMPAGNE_PREFIX = "c_"

MENU_WOORDEN = frozenset(
    {"/onderwerpen", "/menu", "menu", "onderwerpen", "hoofdmenu", "opnieuw", "begin opnieuw", "opnieuw beginnen"}
)
HULP_WOORDEN = frozenset({"/help", "help", "hulp", "?", "help!"})
STOP_WOORDEN = frozenset({"/stop", "stop", "stoppen", "/cancel", "annuleer", "annuleren", "laat maar"})
ADVISEUR_WOORDEN = frozenset(
    {"/contact", "contact", "adviseur", "praat met een adviseur", "een adviseur", "bel mij", "bel me", "mens"}
)
VERGEET_WOORDEN = frozenset(
    {"/vergeet", "verwijder mijn gegevens", "wis mijn gegevens", "vergeet mij", "vergeet me", "gegevens wissen"}
)
WAAROM_WOORDEN = frozenset({"waarom", "waarom?", "waarom vraagt u dit", "waarom vragen jullie dit", "waarom is dat"})
BEREKEN_WOORDEN = frozenset({"bereken", "reken", "bereken maar", "reken maar uit", "uitrekenen", "ga door", "verder"})
LEGE_VRAAG = "Er staat niets open."
BEDANKT = re.compile(r"\b(?:bedankt|dank je|dank u|dankjewel|dankuwel|thanks|top|super|fijn)\b")
# The start of a question of the user's own, as opposed to an option typed loosely ("vergelijk met vorig jaar").
EIGEN_VRAAG = re.compile(
    r"^(?:kan|kun|kunt|hoe|wat|waarom|mag|moet|wanneer|welke|wie|waar|zou|krijg|geldt|is het|en als|stel)\b"
)
ADVISEURVERZOEK_WOORDEN = 6
"""Up to this many words, "ik wil graag een adviseur spreken" asks for an adviser and is no question itself."""
NETTO_VRAAG = re.compile(r"netto|wat kost|wat levert|wat scheelt|hoeveel kost|hoeveel scheelt|onder de streep")
ADVISEUR_IN_ZIN = re.compile(r"\b(?:adviseur|accountant|boekhouder|iemand spreken|mens spreken|terugbellen|bel mij)\b")

__all__ = ["DISCLAIMER", "Beurt", "Context", "Kantoor", "start", "verwerk"]


@dataclass(frozen=True)
class Beurt:
    """One turn's outcome: the state to store, the replies to send, the actions to carry out with it."""

    gesprek: Gesprek
    berichten: tuple[Bericht, ...]
    acties: tuple[Actie, ...] = ()

    def na(self, *berichten: Bericht, acties: tuple[Actie, ...] = ()) -> Beurt:
        """This turn, preceded by `berichten` and `acties`."""
        return Beurt(self.gesprek, (*berichten, *self.berichten), (*acties, *self.acties))


# Entry points ------------------------------------------------------------------------------------------
def start(context: Context, payload: str | None = None, *, vorige: Gesprek | None = None) -> Beurt:
    """A fresh conversation: the topic menu, or straight into a topic (deep link `/start auto`).

    A payload `c_<campagne>` records the campaign the user came from; it stays with the user's later topics.
    """
    campagne = vorige.campagne if vorige else None
    if payload and payload.startswith(CAMPAGNE_PREFIX):
        code = payload[len(CAMPAGNE_PREFIX) :][:64].strip()
        campagne, payload = code or campagne, None
    gesprek = Gesprek(campagne=campagne)
    if payload:
        gekozen = _onderwerp_uit_tekst(payload, context)
        if gekozen is not None:
            return _begin_onderwerp(gesprek, gekozen, context)
    return Beurt(gesprek, (_menu(context, "Welkom! Ik reken fiscale vragen voor ondernemers voor u uit."),))


def verwerk(gesprek: Gesprek, invoer: str, context: Context, *, knop: bool = False) -> Beurt:
    """Handle one text (or, with `knop`, one button press's data) and return the turn."""
    tekst = _zonder_stuurtekens(invoer)
    if knop:
        token, _, tekst = tekst.partition("|")
        if not _knop_hoort_bij(gesprek, token):
            return Beurt(
                gesprek,
                (
                    Bericht("Die knop hoort bij een eerdere vraag. We gaan verder waar we waren."),
                    *_huidig(gesprek, context),
                ),
            )
        if token == MENU:
            return _kies_onderwerp(gesprek, tekst, context)
        if token == ADVISEUR:
            return _start_adviseur(gesprek, context)
    schoon = parsing.normalise(tekst)
    commando = _commando(gesprek, schoon, context)
    if commando is not None:
        return commando
    frame = gesprek.boven
    if frame is None:
        return _in_menu(gesprek, tekst, context)
    flow = _flow(frame, context)
    if frame.wacht is not None and frame.wacht.soort == "dubbelzinnig":
        return _na_uitslag(gesprek, beantwoorden.kies_lezing(frame, flow, tekst, context), tekst, context)
    if frame.wacht is not None:
        return _na_uitslag(gesprek, beantwoorden.bevestig(frame, flow, tekst, context), tekst, context)
    if frame.stap == "vraag":
        return _na_uitslag(gesprek, beantwoorden.beantwoord(frame, flow, tekst, context), tekst, context)
    if frame.stap == "samenvatting":
        return _in_samenvatting(gesprek, tekst, context)
    return _na_uitkomst(gesprek, tekst, context)


def _zonder_stuurtekens(tekst: str) -> str:
    """Control and format characters never reach a reply: they would confuse the renderers' emphasis marks."""
    return "".join(c for c in tekst if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cf", "Cs"})


def _flow(frame: Frame, context: Context) -> Flow:
    return context.flows.get(frame.flow) or HULPFLOWS[frame.flow]


def _knop_hoort_bij(gesprek: Gesprek, token: str) -> bool:
    """A button answers the question it was sent with; an older one is refused rather than misread."""
    if token in {MENU, ADVISEUR}:
        return True
    frame = gesprek.boven
    if frame is None:
        return False
    if frame.wacht is not None:
        return token == (DUBBEL if frame.wacht.soort == "dubbelzinnig" else CONTROLE)
    if frame.stap == "samenvatting":
        return token == SAMENVATTING
    if frame.stap == "uitkomst":
        return token == NA
    return token == frame.vraag


# Commands that work everywhere ----------------------------------------------------------------------------
def _commando(gesprek: Gesprek, schoon: str, context: Context) -> Beurt | None:
    woorden = schoon.split()
    eerste = woorden[0] if woorden else ""
    kaal = schoon.strip(".!")
    if eerste == "/start":
        return start(context, " ".join(woorden[1:]) or None, vorige=gesprek)
    if kaal in MENU_WOORDEN:
        return Beurt(Gesprek(campagne=gesprek.campagne), (_menu(context, "Waarover wilt u iets uitrekenen?"),))
    if kaal in HULP_WOORDEN:
        return Beurt(gesprek, (Bericht(_hulp(context)), *_huidig(gesprek, context)))
    if kaal in STOP_WOORDEN:
        return _stop(gesprek, context)
    frame = gesprek.boven
    if kaal in VERGEET_WOORDEN and "vergeet" in context.commandos and (frame is None or frame.flow != vergeet.ID):
        return _ga_verder(gesprek.push(Frame(flow=vergeet.ID)), context)
    in_zin = frame is None and ADVISEUR_IN_ZIN.search(kaal) is not None
    if (kaal in ADVISEUR_WOORDEN or in_zin) and (frame is None or frame.flow != adviseur.ID):
        if in_zin and len(kaal.split()) > ADVISEURVERZOEK_WOORDEN:
            # "kan mijn boekhouder ook mijn aangifte doen?" is a question for the adviser, not only a request.
            gesprek = gesprek.met(eigen_vraag=schoon[:500])
        return _start_adviseur(gesprek, context)
    if frame is None:
        return None
    if kaal in WAAROM_WOORDEN and frame.stap == "vraag" and frame.vraag is not None:
        vraag = _flow(frame, context).vraag(frame.vraag)
        return Beurt(gesprek, (Bericht(f"Waarom ik dit vraag: {vraag.waarom}"), *_huidig(gesprek, context)))
    if kaal == "terug":
        return _terug(gesprek, context)
    # "jaar 2025" changes the topic's year, not inside the funnel or a reminder question.
    if eerste == "jaar" and len(woorden) == 2 and len(gesprek.stapel) == 1 and frame.flow in context.flows:
        return _zet_jaar(gesprek, woorden[1], context)
    return None


def _hulp(context: Context) -> str:
    opdrachten = ["/start", "/onderwerpen", "/help", "/stop", "/contact"]
    opdrachten += [f"/{c}" for c in ("privacy", "herinneringen", "vergeet") if c in context.commandos]
    return (
        "Kies een onderwerp of typ uw vraag in eigen woorden. Bij elke vraag kunt u ook typen:\n"
        "• terug – naar de vorige vraag\n"
        "• waarom – waarom ik dit vraag\n"
        "• weet ik niet – als er een veilige aanname bestaat\n"
        "• jaar 2025 – een ander belastingjaar\n"
        "• stop – dit onderwerp verlaten\n"
        f"Opdrachten: {', '.join(opdrachten)}."
    )


def _stop(gesprek: Gesprek, context: Context) -> Beurt:
    frame = gesprek.boven
    if frame is None:
        return Beurt(gesprek, (_menu(context, LEGE_VRAAG),))
    if len(gesprek.stapel) > 1:
        return _terugkeer(gesprek.pop(), context).na(Bericht(_flow(frame, context).afgebroken))
    if frame.flow in context.flows:
        tekst = "Prima, we stoppen met dit onderwerp. Waarover wilt u iets anders weten?"
    else:
        tekst = f"{_flow(frame, context).afgebroken} Waarmee kan ik u nog helpen?"
    return Beurt(Gesprek(campagne=gesprek.campagne), (_menu(context, tekst),))


def _terug(gesprek: Gesprek, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    if frame.stap == "uitkomst":
        nieuw = frame.met(stap="samenvatting")
        return Beurt(gesprek.vervang_boven(nieuw), (onderwerp.samenvatting_bericht(nieuw, flow),))
    vorige = beantwoorden.terug(frame.met(wacht=None), flow)
    if vorige is not None:
        return Beurt(gesprek.vervang_boven(vorige), _huidig(gesprek.vervang_boven(vorige), context))
    if len(gesprek.stapel) > 1 or flow.onderwerp is None:
        return _terugkeer(gesprek.pop(), context).na(Bericht(flow.afgebroken))
    eerste = Bericht(
        "Dit is de eerste vraag; verder terug kan niet. Wilt u iets anders uitrekenen?",
        (knop(MENU, "Ander onderwerp", ""),),
    )
    return Beurt(gesprek, (eerste, *_huidig(gesprek, context)))


def _zet_jaar(gesprek: Gesprek, tekst: str, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    gelezen = parsing.parse_year(tekst)
    if not isinstance(gelezen, parsing.Ok):
        return Beurt(
            gesprek, (Bericht("Typ het jaar als vier cijfers, bijvoorbeeld 'jaar 2025'."), *_huidig(gesprek, context))
        )
    probleem = onderwerp.jaar_probleem(_flow(frame, context), int(gelezen.value))
    if probleem is not None:
        return Beurt(gesprek, (Bericht(probleem), *_huidig(gesprek, context)))
    nieuw = gesprek.vervang_boven(frame.met_jaar(int(gelezen.value)))
    if frame.stap == "uitkomst":
        return _bereken(nieuw, context)
    return Beurt(nieuw, (Bericht(f"Genoteerd: ik reken met {gelezen.value}."), *_huidig(nieuw, context)))


# The stack ----------------------------------------------------------------------------------------------
def _huidig(gesprek: Gesprek, context: Context) -> tuple[Bericht, ...]:
    """What is on screen now, shown again (after help, a refused button, the end of a sub-flow)."""
    frame = gesprek.boven
    if frame is None:
        return (_menu(context, "Waarmee kan ik u helpen?"),)
    flow = _flow(frame, context)
    if frame.stap == "samenvatting":
        return (onderwerp.samenvatting_bericht(frame, flow),)
    if frame.stap == "uitkomst":
        return (Bericht("Wat wilt u nu doen?", _na_knoppen(frame, flow, context)),)
    return (beantwoorden.huidige(frame, flow, context),)


def _terugkeer(gesprek: Gesprek, context: Context) -> Beurt:
    """Back in the flow below after a sub-flow ended: show where the user was."""
    if gesprek.boven is None:
        return Beurt(gesprek.met(eigen_vraag=None), (_menu(context, "Waarmee kan ik u nog helpen?"),))
    return Beurt(gesprek, _huidig(gesprek, context))


def _ga_verder(gesprek: Gesprek, context: Context) -> Beurt:
    """Ask the next relevant unanswered question; with none left, a topic shows its summary and any other flow
    ends and returns to the one below it."""
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    if flow.onderwerp is not None and frame.jaar is None:
        nieuw = frame.met(stap="vraag", vraag=JAAR_VRAAG.id)
        return Beurt(gesprek.vervang_boven(nieuw), (beantwoorden.toon_vraag(nieuw, flow, JAAR_VRAAG, context),))
    volgende = flow.volgende_vraag(frame.antwoorden)
    if volgende is not None:
        nieuw = frame.met(stap="vraag", vraag=volgende.id)
        return Beurt(gesprek.vervang_boven(nieuw), (beantwoorden.toon_vraag(nieuw, flow, volgende, context),))
    if flow.onderwerp is not None:
        nieuw = frame.met(stap="samenvatting", vraag=None)
        return Beurt(gesprek.vervang_boven(nieuw), (onderwerp.samenvatting_bericht(nieuw, flow),))
    assert flow.einde is not None
    afloop = flow.einde(Afronding(frame, gesprek, context.vandaag, context.kantoor))
    if afloop.wis_alles:
        return Beurt(Gesprek(), (*afloop.berichten, _menu(context, "Waarmee kan ik u helpen?")), afloop.acties)
    return _terugkeer(gesprek.pop(), context).na(*afloop.berichten, acties=afloop.acties)


def _na_uitslag(gesprek: Gesprek, uitslag: Uitslag, tekst: str, context: Context) -> Beurt:
    frame = uitslag.frame
    if isinstance(uitslag, Blijft):
        if not uitslag.onbegrepen:
            return Beurt(gesprek.vervang_boven(frame), uitslag.berichten)
        # Not an answer at all: perhaps the user moved on to another topic ("en mijn auto van de zaak?").
        anders = route(tekst, context.flows.values())
        huidig = gesprek.onderwerp_frame
        if len(anders.onderwerpen) == 1 and (huidig is None or anders.onderwerpen[0] != huidig.flow):
            return _begin_onderwerp(gesprek, anders.onderwerpen[0], context, bericht=tekst)
        vorig = gesprek.boven
        frame = frame.met(onbegrepen=(vorig.onbegrepen if vorig is not None else 0) + 1)
        berichten = uitslag.berichten
        if frame.onbegrepen >= 2 and frame.flow != adviseur.ID:
            hulp = Bericht(
                f"Lukt het niet? Een adviseur van {context.kantoor.naam} kijkt graag met u mee.",
                (knop(ADVISEUR, "Praat met een adviseur", "start"),),
            )
            berichten = (*berichten, hulp)
        return Beurt(gesprek.vervang_boven(frame), berichten)
    assert isinstance(uitslag, Genomen)
    frame = frame.met(onbegrepen=0)
    if JAAR_VRAAG.id in frame.antwoorden:
        jaar = int(frame.antwoorden[JAAR_VRAAG.id])
        frame = frame.met(antwoorden={k: v for k, v in frame.antwoorden.items() if k != JAAR_VRAAG.id}).met_jaar(jaar)
        probleem = onderwerp.jaar_probleem(_flow(frame, context), jaar)
        if probleem is not None:
            nieuw = frame.met_jaar(None).met(vraag=JAAR_VRAAG.id)
            vraag = beantwoorden.toon_vraag(nieuw, _flow(frame, context), JAAR_VRAAG, context)
            return Beurt(gesprek.vervang_boven(nieuw), (Bericht(probleem), vraag))
    return _ga_verder(gesprek.vervang_boven(frame), context).na(*uitslag.berichten)


# The menu, free text and the topics ----------------------------------------------------------------------
def _menu(context: Context, aanhef: str) -> Bericht:
    # The adviser is one tap away from the start too: the bot is the firm's front door, not a wall.
    knoppen = (
        *(knop(MENU, flow.titel, flow.id) for flow in context.flows.values()),
        knop(ADVISEUR, "Praat met een adviseur", "start"),
    )
    return Bericht(f"{aanhef}\nKies een onderwerp hieronder, of typ uw vraag in eigen woorden.", knoppen)


def _onderwerp_uit_tekst(tekst: str, context: Context) -> str | None:
    keuzes = [(flow.id, flow.titel) for flow in context.flows.values()]
    gekozen = parsing.match_choice(tekst, keuzes, numbers=False)
    if isinstance(gekozen, parsing.Ok):
        return str(gekozen.value)
    gevonden = route(tekst, context.flows.values()).onderwerpen
    return gevonden[0] if len(gevonden) == 1 else None


def _kies_onderwerp(gesprek: Gesprek, onderwerp_id: str, context: Context) -> Beurt:
    if onderwerp_id not in context.flows:
        return Beurt(Gesprek(campagne=gesprek.campagne), (_menu(context, "Waarover wilt u iets uitrekenen?"),))
    # Chosen after the bot offered topics for a message: that message may hold answers already.
    return _begin_onderwerp(gesprek, onderwerp_id, context, bericht=gesprek.eigen_vraag)


def _in_menu(gesprek: Gesprek, tekst: str, context: Context) -> Beurt:
    keuzes = [(flow.id, flow.titel) for flow in context.flows.values()]
    gekozen = parsing.match_choice(tekst, keuzes)
    if isinstance(gekozen, parsing.Ok):
        return _begin_onderwerp(gesprek, str(gekozen.value), context)
    gevonden = route(tekst, context.flows.values())
    if len(gevonden.onderwerpen) == 1:
        return _begin_onderwerp(gesprek, gevonden.onderwerpen[0], context, bericht=tekst)
    if gevonden.onderwerpen:
        namen = " of over ".join(f"'{context.flows[o].titel}'" for o in gevonden.onderwerpen)
        knoppen = tuple(knop(MENU, context.flows[o].titel, o) for o in gevonden.onderwerpen)
        return Beurt(
            gesprek.met(eigen_vraag=tekst), (Bericht(f"Gaat uw vraag over {namen}? Kies hieronder.", knoppen),)
        )
    ja_nee = parsing.parse_yes_no(tekst)
    if gesprek.eigen_vraag and isinstance(ja_nee, parsing.Ok):
        if ja_nee.value:
            return _start_adviseur(gesprek, context)
        return Beurt(gesprek.met(eigen_vraag=None), (_menu(context, "Goed."),))
    if gevonden.groet:
        return Beurt(
            gesprek,
            (_menu(context, "Hallo! Ik reken fiscale vragen voor ondernemers voor u uit, met de bronnen erbij."),),
        )
    kantoor = context.kantoor.naam
    engels = (
        "Sorry, I only speak Dutch, but an adviser of the firm can help you in English. " if is_engels(tekst) else ""
    )
    return Beurt(
        gesprek.met(eigen_vraag=tekst.strip()[:500]),
        (
            Bericht(
                f"{engels}Die vraag kan ik niet voor u uitrekenen, maar een adviseur van {kantoor} helpt u er graag "
                "mee verder. Zal ik een adviseur contact met u laten opnemen?",
                (knop(ADVISEUR, "Praat met een adviseur", "start"), knop(MENU, "Nee, toon de onderwerpen", "")),
            ),
        ),
    )


def _begin_onderwerp(gesprek: Gesprek, onderwerp_id: str, context: Context, bericht: str | None = None) -> Beurt:
    """A topic from the start; a message that led here may already answer some of its questions."""
    flow = context.flows[onderwerp_id]
    jaar = onderwerp.standaardjaar(flow, context.vandaag)
    # In January this year's figures may not be known yet: say why the bot reckons with last year.
    waarom_jaar = onderwerp.jaar_probleem(flow, context.vandaag.year) if jaar != context.vandaag.year else None
    vooraf: list[Bericht] = []
    gevonden = feiten.lees(bericht, flow, {}, vandaag=context.vandaag) if bericht else None
    if gevonden is not None and gevonden.jaar is not None:
        probleem = onderwerp.jaar_probleem(flow, gevonden.jaar)
        if probleem is None:
            jaar, waarom_jaar = gevonden.jaar, None
        else:
            waarom_jaar = probleem
    frame = Frame(flow=onderwerp_id).met_jaar(jaar)
    if gevonden is not None:
        frame = beantwoorden.neem_feiten(frame, gevonden, herkomst="bericht")
    intro = (
        f"{flow.intro}\n{waarom_jaar + ' ' if waarom_jaar else ''}Ik ga uit van {jaar}. Ander jaar? Typ "
        f"bijvoorbeeld 'jaar {jaar - 1}'.\nU kunt altijd 'terug', 'waarom' of 'stop' typen."
    )
    vooraf.append(Bericht(intro))
    if gevonden is not None and gevonden.antwoorden:
        vooraf.append(Bericht(beantwoorden.genoteerd_tekst(flow, frame.antwoorden, gevonden.aannames)))
    nieuw = Gesprek(stapel=(frame,), campagne=gesprek.campagne)
    gestart = Gebeurtenis("gesprek_gestart", onderwerp_id, gesprek.campagne)
    return _ga_verder(nieuw, context).na(*vooraf, acties=(gestart,))


def _in_samenvatting(gesprek: Gesprek, tekst: str, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    schoon = parsing.normalise(tekst).strip(".!")
    ja_nee = parsing.parse_yes_no(tekst)
    if schoon in BEREKEN_WOORDEN or (isinstance(ja_nee, parsing.Ok) and ja_nee.value and not ja_nee.rest):
        return _bereken(gesprek, context)
    if schoon in {onderwerp.WIJZIGEN, "iets wijzigen", "wijzig", "wijzigen", "aanpassen"}:
        return Beurt(gesprek, (onderwerp.wijzig_keuze_bericht(frame, flow),))
    regels = onderwerp.samenvatting_regels(frame, flow)
    nummer = parsing.parse_whole_number(schoon.removeprefix("wijzig").strip(), minimum=1, maximum=len(regels))
    if isinstance(nummer, parsing.Ok):
        return _wijzig(gesprek, regels[int(nummer.value) - 1][0], context)
    gewijzigd = _feiten_als_wijziging(gesprek, tekst, context)
    if gewijzigd is not None:
        return gewijzigd
    bedragen = [flow.vraag(v).label for v, _ in regels[1:] if flow.vraag(v).soort == "bedrag"]
    voorbeeld = f"'{bedragen[0]} 45k'" if bedragen else "het nummer"
    bedrag = parsing.parse_amount(tekst)
    if isinstance(bedrag, parsing.Ok):
        # A bare amount does not say which answer it is: asked, never guessed.
        uitleg = f"Bij welk antwoord hoort {euro(bedrag.value)}? Typ het nummer ervan, of bijvoorbeeld {voorbeeld}."
    elif isinstance(ja_nee, parsing.Ok) and not ja_nee.value:
        uitleg = f"Welk antwoord wilt u wijzigen? Typ het nummer, of het goede antwoord, bijvoorbeeld {voorbeeld}."
    else:
        uitleg = "Kies 'Bereken' of het nummer van een antwoord."
    return Beurt(gesprek, (Bericht(uitleg), onderwerp.samenvatting_bericht(frame, flow)))


def _feiten_als_wijziging(gesprek: Gesprek, tekst: str, context: Context) -> Beurt | None:
    """'de cataloguswaarde is 50k' in the summary or after the answer: change that answer and go on."""
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    # A bare "60k" says not which answer it changes: only a number tied to a question by a word is taken.
    gevonden = feiten.lees(tekst, flow, {}, vandaag=context.vandaag, hoofdbedrag=False)
    samen = {**frame.antwoorden, **gevonden.antwoorden}
    nieuw = {
        k: v
        for k, v in gevonden.antwoorden.items()
        if frame.antwoorden.get(k) != v and (k[:1] == "_" or flow.is_relevant(flow.vraag(k), samen))
    }
    if not nieuw:
        return None
    bijgewerkt = frame.met(
        antwoorden={**frame.antwoorden, **nieuw},
        herkomst={k: v for k, v in frame.herkomst.items() if k not in nieuw},
        aannames={**{k: v for k, v in frame.aannames.items() if k not in nieuw}, **gevonden.aannames},
    )
    gesprek = gesprek.vervang_boven(bijgewerkt)
    melding = Bericht(beantwoorden.genoteerd_tekst(flow, nieuw).replace("Uit uw bericht heb ik genoteerd", "Aangepast"))
    if frame.stap == "uitkomst" and flow.volgende_vraag(bijgewerkt.antwoorden) is None:
        return _bereken(gesprek, context).na(melding)
    return _ga_verder(gesprek, context).na(melding)


def _wijzig(gesprek: Gesprek, vraag_id: str, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    if vraag_id == JAAR_VRAAG.id:
        nieuw = frame.met_jaar(None).met(stap="vraag", vraag=JAAR_VRAAG.id)
        return Beurt(gesprek.vervang_boven(nieuw), (beantwoorden.toon_vraag(nieuw, flow, JAAR_VRAAG, context),))
    nieuw = beantwoorden.wijzig(frame, vraag_id)
    return Beurt(gesprek.vervang_boven(nieuw), (beantwoorden.toon_vraag(nieuw, flow, flow.vraag(vraag_id), context),))


def _bereken(gesprek: Gesprek, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    berekend = onderwerp.reken(frame, flow)
    if isinstance(berekend, OngeldigeInvoer):
        return _herstel(gesprek, berekend, context)
    nieuw = frame.met(stap="uitkomst", vraag=None)
    tekst = kort_antwoord(berekend.uitkomst, onderwerp.termijnen(flow, berekend, context.vandaag))
    berekening = Gebeurtenis("berekening", flow.id, gesprek.campagne)
    return Beurt(
        gesprek.vervang_boven(nieuw), (Bericht(tekst, _na_knoppen(nieuw, flow, context, berekend)),), (berekening,)
    )


def _herstel(gesprek: Gesprek, fout: OngeldigeInvoer, context: Context) -> Beurt:
    """The calculator refused an input: say why in its words and ask that one question again."""
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    uitleg = Bericht(f"Dat kan ik zo niet uitrekenen. {fout.melding[:1].upper()}{fout.melding[1:]}.")
    if fout.veld == JAAR_VRAAG.id:
        return _wijzig(gesprek, JAAR_VRAAG.id, context).na(uitleg)
    vraag = onderwerp.vraag_voor_veld(flow, fout.veld)
    if vraag is not None and vraag.id in frame.antwoorden:
        return _wijzig(gesprek, vraag.id, context).na(uitleg)
    nieuw = frame.met(stap="samenvatting")
    return Beurt(gesprek.vervang_boven(nieuw), (uitleg, onderwerp.samenvatting_bericht(nieuw, flow)))


# After the answer -----------------------------------------------------------------------------------------
def _na_opties(frame: Frame, flow: Flow, context: Context, berekend: Berekend | None = None) -> list[tuple[str, str]]:
    berekend = berekend or _berekend(frame, flow)
    invoer = dict(berekend.invoer) if berekend else onderwerp.calculator_invoer(frame, flow)
    return onderwerp.na_opties(flow, invoer, context, herinnering=herinnering.aangeboden(flow.id, invoer))


def _na_knoppen(frame: Frame, flow: Flow, context: Context, berekend: Berekend | None = None) -> tuple[Knop, ...]:
    return onderwerp.na_knoppen(_na_opties(frame, flow, context, berekend))


def _berekend(frame: Frame, flow: Flow) -> Berekend | None:
    berekend = onderwerp.reken(frame, flow)
    return berekend if isinstance(berekend, Berekend) else None


def _na_uitkomst(gesprek: Gesprek, tekst: str, context: Context) -> Beurt:
    frame = gesprek.boven
    assert frame is not None
    flow = _flow(frame, context)
    berekend = _berekend(frame, flow)
    if berekend is None:
        return _bereken(gesprek, context)
    opties = _na_opties(frame, flow, context, berekend)
    knoppen = onderwerp.na_knoppen(opties)
    gekozen = parsing.match_choice(tekst, opties, onderwerp.NA_SYNONIEMEN)
    if not isinstance(gekozen, parsing.Ok):
        gewijzigd = _feiten_als_wijziging(gesprek, tekst, context)
        if gewijzigd is not None:
            return gewijzigd
        netto = berekend.uitkomst.netto
        if netto is not None and NETTO_VRAAG.search(parsing.normalise(tekst)):
            # "en wat kost me dat netto?": the answer is in the calculation; say it, with what it rests on.
            return Beurt(gesprek, (Bericht(f"{netto.zin} {netto.aanname}".strip(), knoppen),))
        anders = route(tekst, context.flows.values()).onderwerpen
        if len(anders) == 1:
            return _begin_onderwerp(gesprek, anders[0], context, bericht=tekst)
        if BEDANKT.search(parsing.normalise(tekst)):
            return Beurt(gesprek, (Bericht("Graag gedaan! Kan ik nog iets voor u doen?", knoppen),))
        if EIGEN_VRAAG.search(parsing.normalise(tekst)) or "?" in tekst:
            # A question of their own about the answer ("kan ik dit verlagen?"): that is the adviser's work.
            return Beurt(
                gesprek.met(eigen_vraag=tekst.strip()[:500]),
                (
                    Bericht(
                        f"Die vraag kan ik niet uitrekenen, maar een adviseur van {context.kantoor.naam} helpt u er "
                        "graag mee verder: kies 'Praat met een adviseur'. Of kies een van de andere mogelijkheden.",
                        knoppen,
                    ),
                ),
            )
        return Beurt(gesprek, (Bericht("Kies een van de mogelijkheden hieronder.", knoppen),))
    keuze = str(gekozen.value)
    if keuze in {id_ for id_, _ in onderwerp.DETAILS}:
        *eerst, laatst = onderwerp.detail_teksten(keuze, berekend, frame, flow)
        return Beurt(gesprek, (*(Bericht(deel) for deel in eerst), Bericht(laatst, knoppen)))
    if keuze == onderwerp.WIJZIG[0]:
        nieuw = frame.met(stap="samenvatting")
        return Beurt(gesprek.vervang_boven(nieuw), (onderwerp.samenvatting_bericht(nieuw, flow),))
    if keuze == onderwerp.MENU[0]:
        return Beurt(Gesprek(campagne=gesprek.campagne), (_menu(context, "Waarover wilt u nog iets uitrekenen?"),))
    if keuze == onderwerp.ADVISEUR[0]:
        return _start_adviseur(gesprek, context)
    if keuze == onderwerp.HERINNER:
        return _ga_verder(gesprek.push(herinnering.begin(flow.id, frame.antwoorden, berekend.invoer)), context)
    return Beurt(gesprek, (Bericht(onderwerp.wat_als_tekst(flow, keuze, berekend.invoer), knoppen),))


# The adviser ----------------------------------------------------------------------------------------------
def _start_adviseur(gesprek: Gesprek, context: Context) -> Beurt:
    """Consent comes first; nothing is stored until the last question is answered."""
    # A reminder question or /vergeet in progress gives way; the topic underneath travels along.
    while len(gesprek.stapel) > 1:
        gesprek = gesprek.pop()
    frame = gesprek.boven
    if frame is not None and frame.flow == adviseur.ID:
        return Beurt(gesprek, _huidig(gesprek, context))
    basis: dict[str, object] = {"onderwerp": adviseur.OVERIG}
    if frame is not None and frame.flow in context.flows:
        basis = onderwerp.lead_basis(frame, _flow(frame, context))
    kind, gevraagd = adviseur.begin(basis, gesprek.eigen_vraag, gesprek.campagne)
    return _ga_verder(gesprek.push(kind), context).na(acties=(gevraagd,))
