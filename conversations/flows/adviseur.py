"""'Praat met een adviseur': consent first, then how to reach the user, then a hand-off packet for the firm.

An ordinary flow, started on top of a topic (its answers and calculation travel along as start data) or on
its own for a question the bot cannot calculate (topic `overig`, with the user's own question). Declining
consent ends it politely and stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations import contact
from conversations.acties import Gebeurtenis, Lead, LeadVastleggen
from conversations.flow import Afloop, Afronding, Antwoorden, Flow, Herkenning, Keuze, Vraag, WeetIkNiet
from conversations.replies import Bericht
from conversations.state import Frame, Herkomst

ID = "adviseur"
OVERIG = "overig"
ONDERWERP = "_onderwerp"
"""A hidden answer the engine fills at the start: the topic the request is about, or `overig`."""
PRIVACY_VERSIE = "2026-11-29"
"""Bump when the consent text below changes: every lead records which version the user agreed to."""


def _akkoord(antwoorden: Antwoorden) -> bool:
    return antwoorden.get("toestemming") is True


def _per_telefoon(antwoorden: Antwoorden) -> bool:
    return _akkoord(antwoorden) and antwoorden.get("kanaal") == "telefoon"


def _per_email(antwoorden: Antwoorden) -> bool:
    return _akkoord(antwoorden) and antwoorden.get("kanaal") == "email"


def _met_onderwerp(antwoorden: Antwoorden) -> bool:
    return _akkoord(antwoorden) and antwoorden.get(ONDERWERP, OVERIG) != OVERIG


def _zonder_onderwerp(antwoorden: Antwoorden) -> bool:
    return _akkoord(antwoorden) and antwoorden.get(ONDERWERP, OVERIG) == OVERIG


VRAGEN: tuple[Vraag, ...] = (
    Vraag(
        id="toestemming",
        tekst=(
            "Fijn dat u met een adviseur van {kantoor} wilt praten. Daarvoor bewaren we uw naam, hoe we u kunnen "
            "bereiken en uw vraag, met wat u mij hier heeft verteld, alleen om contact met u op te nemen en "
            "niet langer dan {bewaartermijn_dagen} dagen. {wissen} Meer in "
            "ons privacybeleid: {privacy_url}\nGaat u daarmee akkoord?"
        ),
        waarom="Zonder uw toestemming mogen we uw gegevens niet bewaren of doorgeven aan een adviseur.",
        soort="janee",
        samenvatting="toestemming",
    ),
    Vraag(
        id="naam",
        tekst="Wat is uw naam?",
        waarom="Zodat de adviseur weet wie hij spreekt.",
        soort="tekst",
        minimum=2,
        alleen_als="akkoord",
        samenvatting="naam",
    ),
    Vraag(
        id="kanaal",
        tekst="Hoe wilt u benaderd worden?",
        waarom="We nemen contact op op de manier die u het prettigst vindt.",
        soort="keuze",
        keuzes=(
            Keuze("telefoon", "Telefoon", synoniemen=("bellen", "bel", "telefonisch", "mobiel", "tel")),
            Keuze("email", "E-mail", synoniemen=("mail", "mailen", "email", "per mail")),
            Keuze("telegram", "Via Telegram", synoniemen=("telegram", "hier", "chat", "app"), kanaal="telegram"),
        ),
        alleen_als="akkoord",
        samenvatting="contact via",
        herkenning=(
            Herkenning((), "telefoon", vorm=lambda tekst: bool(contact.telefoonnummers_in(tekst))),
            Herkenning((), "email", vorm=lambda tekst: bool(contact.emailadressen_in(tekst))),
        ),
    ),
    Vraag(
        id="telefoon",
        tekst="Op welk telefoonnummer kunnen we u bellen? Bijvoorbeeld 06 12345678.",
        waarom="Zodat de adviseur u kan bellen.",
        soort="telefoon",
        alleen_als="per_telefoon",
        samenvatting="telefoon",
    ),
    Vraag(
        id="email",
        tekst="Op welk e-mailadres kunnen we u bereiken?",
        waarom="Zodat de adviseur u kan mailen.",
        soort="email",
        alleen_als="per_email",
        samenvatting="e-mail",
    ),
    Vraag(
        id="moment",
        tekst="Wanneer kunnen we u het best bellen? Kies hieronder, of typ het zelf, bijvoorbeeld 'dinsdagochtend'.",
        waarom="Dan belt de adviseur op een moment dat u past.",
        soort="keuze",
        keuzes=(
            Keuze("zo snel mogelijk", "Zo snel mogelijk", synoniemen=("zsm", "snel", "meteen", "vandaag")),
            Keuze("ochtend (9–12 uur)", "'s Ochtends", synoniemen=("ochtend", "morgens", "s morgens")),
            Keuze("middag (12–17 uur)", "'s Middags", synoniemen=("middag", "s middags")),
            Keuze("maakt niet uit", "Maakt niet uit", synoniemen=("maakt niet uit", "altijd", "wanneer u wilt")),
        ),
        alleen_als="per_telefoon",
        ook_vrije_tekst=True,
        samenvatting="moment",
    ),
    Vraag(
        id="vraag",
        tekst="Wilt u de adviseur alvast iets meegeven? Typ uw vraag, of kies 'Geen vraag'.",
        waarom="Dan kan de adviseur zich voorbereiden.",
        soort="tekst",
        alleen_als="met_onderwerp",
        weet_ik_niet=WeetIkNiet(
            "",
            "Geen extra vraag meegegeven.",
            label="Geen vraag",
            ook=(
                "geen vraag",
                "geen",
                "nee",
                "nee dank u",
                "nee, dank u",
                "nee dank je",
                "nee bedankt",
                "ok",
                "oke",
                "oké",
                "prima",
                "nee hoor",
                "niets",
                "nvt",
            ),
        ),
        samenvatting="vraag",
    ),
    Vraag(
        id="vraag_overig",
        tekst="Waarover wilt u de adviseur spreken? Typ uw vraag in een paar woorden.",
        waarom="Dan weet de adviseur waar het over gaat en kan hij zich voorbereiden.",
        soort="tekst",
        alleen_als="zonder_onderwerp",
        samenvatting="vraag",
    ),
)


MOMENTEN = {
    "zo snel mogelijk": "zo snel mogelijk",
    "maakt niet uit": "zo snel mogelijk",
    "ochtend (9–12 uur)": "'s ochtends (9–12 uur)",
    "middag (12–17 uur)": "'s middags (12–17 uur)",
}


def _bevestiging(antwoorden: Antwoorden, firma: str, kantooruren: str, met_berekening: bool) -> str:
    kanaal = str(antwoorden["kanaal"])
    if kanaal == "telefoon":
        moment = str(antwoorden.get("moment") or "zo snel mogelijk")
        wanneer = MOMENTEN.get(moment, f"op het moment dat u noemde ({moment})")
        wat = f"belt u {wanneer}"
    elif kanaal == "email":
        wat = "mailt u"
    else:
        wat = "stuurt u hier een bericht"
    uren = (
        f" We zijn bereikbaar {kantooruren}; buiten die tijd hoort u de eerstvolgende werkdag van ons."
        if kantooruren
        else ""
    )
    voorbereid = ", met uw berekening al bij de hand" if met_berekening else ""
    return f"Dank u, {antwoorden['naam']}. Een adviseur van {firma} {wat}{voorbereid}.{uren}"


def _einde(afronding: Afronding) -> Afloop:
    antwoorden = afronding.frame.antwoorden
    kantoor = afronding.kantoor
    if not _akkoord(antwoorden):
        bereik = " of ".join(x for x in (kantoor.telefoon, kantoor.email) if x)
        tekst = "Geen probleem: ik heb niets bewaard."
        if bereik:
            tekst += f" U kunt {kantoor.naam} ook zelf bereiken via {bereik}."
        return Afloop((Bericht(tekst),))
    start: dict[str, Any] = dict(afronding.frame.start)
    onderwerp = str(antwoorden.get(ONDERWERP, OVERIG))
    vraag = antwoorden.get("vraag") or antwoorden.get("vraag_overig") or start.get("eigen_vraag") or None
    lead = Lead(
        onderwerp=onderwerp,
        campagne=afronding.gesprek.campagne,
        naam=str(antwoorden["naam"]),
        kanaal=str(antwoorden["kanaal"]),
        telefoon=antwoorden.get("telefoon"),
        email=antwoorden.get("email"),
        moment=str(antwoorden.get("moment") or ("zo snel mogelijk" if antwoorden["kanaal"] == "telefoon" else "")),
        vraag=str(vraag) if vraag else None,
        privacy_versie=PRIVACY_VERSIE,
        antwoorden=tuple((str(label), str(waarde)) for label, waarde in start.get("antwoorden", ())),
        invoer=start.get("invoer"),
        uitkomst=start.get("uitkomst"),
    )
    bevestiging = _bevestiging(antwoorden, kantoor.naam, kantoor.kantooruren, lead.uitkomst is not None)
    return Afloop(
        (Bericht(bevestiging),),
        (LeadVastleggen(lead), Gebeurtenis("lead", onderwerp, afronding.gesprek.campagne)),
    )


FLOW = Flow(
    id=ID,
    titel="Praat met een adviseur",
    vragen=VRAGEN,
    einde=_einde,
    afgebroken="Goed, ik heb niets bewaard en niets aan een adviseur doorgegeven.",
    predicaten={
        "akkoord": _akkoord,
        "per_telefoon": _per_telefoon,
        "per_email": _per_email,
        "met_onderwerp": _met_onderwerp,
        "zonder_onderwerp": _zonder_onderwerp,
    },
)


def begin(basis: Mapping[str, object], eigen_vraag: str | None, campagne: str | None) -> tuple[Frame, Gebeurtenis]:
    """The adviser flow's frame on top of what the user was doing, and the funnel event that counts it.

    `basis` is the topic's hand-off (answers and calculation, `onderwerp.lead_basis`) or `{"onderwerp":
    OVERIG}`. A question of the user's own that the bot could not calculate travels along as the request's.
    """
    antwoorden: dict[str, object] = {ONDERWERP: basis["onderwerp"]}
    herkomst: dict[str, Herkomst] = {}
    if eigen_vraag:
        # The question they typed (one the bot could not calculate, or one about the answer) is the request's.
        vraag = "vraag_overig" if basis["onderwerp"] == OVERIG else "vraag"
        antwoorden[vraag] = eigen_vraag
        herkomst[vraag] = "bericht"
    onderwerp = None if basis["onderwerp"] == OVERIG else str(basis["onderwerp"])
    frame = Frame(flow=ID, antwoorden=antwoorden, herkomst=herkomst, start=dict(basis))
    return frame, Gebeurtenis("adviseur_gevraagd", onderwerp, campagne)
