"""'Praat met een adviseur': consent first, then how to reach the user, then a hand-off packet for the firm.

Declining consent ends the funnel politely and stores nothing. A completed funnel puts a `lead` action in the
state (see the contract in bot/turns.py); the shell stores it in the same transaction as the state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conversations.flow import Keuze, Vraag, WeetIkNiet

PRIVACY_VERSIE = "2026-11-23"
"""Bump when the consent text below changes: every lead records which version the user agreed to."""

KANALEN = {"telefoon": "telefonisch", "email": "per e-mail", "telegram": "hier via Telegram"}


def toestemming_vraag(firma: str, privacy_url: str, bewaartermijn_dagen: int) -> Vraag:
    return Vraag(
        id="toestemming",
        tekst=(
            f"Fijn dat u met een adviseur van {firma} wilt praten. Daarvoor bewaren we uw naam, hoe we u kunnen "
            f"bereiken, uw vraag en deze berekening, alleen om contact met u op te nemen, en niet langer dan "
            f"{bewaartermijn_dagen} dagen. U kunt alles altijd laten wissen met /vergeet. Meer in ons "
            f"privacybeleid: {privacy_url}\nGaat u daarmee akkoord?"
        ),
        waarom="Zonder uw toestemming mogen we uw gegevens niet bewaren of doorgeven aan een adviseur.",
        soort="janee",
        samenvatting="toestemming",
    )


VRAGEN: tuple[Vraag, ...] = (
    Vraag(
        id="naam",
        tekst="Wat is uw naam?",
        waarom="Zodat de adviseur weet wie hij spreekt.",
        soort="tekst",
        minimum=2,
        samenvatting="naam",
    ),
    Vraag(
        id="kanaal",
        tekst="Hoe wilt u benaderd worden?",
        waarom="We nemen contact op op de manier die u het prettigst vindt.",
        soort="keuze",
        keuzes=(Keuze("telefoon", "Telefoon"), Keuze("email", "E-mail"), Keuze("telegram", "Via Telegram")),
        samenvatting="contact via",
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
        tekst="Wanneer komt het u het best uit?",
        waarom="Dan plant de adviseur het gesprek op een moment dat u past.",
        soort="keuze",
        keuzes=(
            Keuze("zo snel mogelijk", "Zo snel mogelijk"),
            Keuze("ochtend (9–12 uur)", "'s Ochtends"),
            Keuze("middag (12–17 uur)", "'s Middags"),
            Keuze("maakt niet uit", "Maakt niet uit"),
        ),
        samenvatting="moment",
    ),
    Vraag(
        id="vraag",
        tekst="Wilt u de adviseur alvast iets meegeven? Typ uw vraag, of kies 'Geen vraag'.",
        waarom="Dan kan de adviseur zich voorbereiden.",
        soort="tekst",
        weet_ik_niet=WeetIkNiet("", "Geen extra vraag meegegeven."),
        samenvatting="vraag",
    ),
)

PREDICATEN = {
    "per_telefoon": lambda a: a.get("kanaal") == "telefoon",
    "per_email": lambda a: a.get("kanaal") == "email",
}


def volgende_vraag(antwoorden: Mapping[str, Any]) -> Vraag | None:
    for vraag in VRAGEN:
        relevant = vraag.alleen_als is None or PREDICATEN[vraag.alleen_als](antwoorden)
        if relevant and vraag.id not in antwoorden:
            return vraag
    return None


def vraag(vraag_id: str) -> Vraag:
    return next(v for v in VRAGEN if v.id == vraag_id)


def bevestiging(antwoorden: Mapping[str, Any], firma: str, kantooruren: str) -> str:
    moment = str(antwoorden["moment"])
    wanneer = "zo snel mogelijk" if moment in {"zo snel mogelijk", "maakt niet uit"} else f"in de {moment}"
    uren = (
        f" We zijn bereikbaar {kantooruren}; buiten die tijd hoort u de eerstvolgende werkdag van ons."
        if kantooruren
        else ""
    )
    return (
        f"Dank u, {antwoorden['naam']}. Een adviseur van {firma} neemt {wanneer} {KANALEN[antwoorden['kanaal']]} "
        f"contact met u op en heeft uw berekening dan al voor zich.{uren}"
    )
