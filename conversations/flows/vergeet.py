"""/vergeet: after one confirmation, everything stored about the user is deleted, this conversation included."""

from __future__ import annotations

from conversations.acties import GegevensWissen
from conversations.flow import Afloop, Afronding, Flow, Vraag
from conversations.replies import Bericht

ID = "vergeet"


def _einde(afronding: Afronding) -> Afloop:
    if afronding.frame.antwoorden.get("zeker") is True:
        return Afloop(
            (
                Bericht(
                    "Gedaan: alles wat ik over u had bewaard, is gewist. U kunt altijd opnieuw beginnen met /start."
                ),
            ),
            (GegevensWissen(),),
            wis_alles=True,
        )
    return Afloop((Bericht("Goed, ik heb niets gewist."),))


FLOW = Flow(
    id=ID,
    titel="Gegevens wissen",
    vragen=(
        Vraag(
            id="zeker",
            tekst=(
                "Wilt u dat ik alles wis wat {kantoor} via mij over u heeft bewaard: dit gesprek, uw aanvragen "
                "voor een adviseur met uw contactgegevens, en uw herinneringen? Dat kan niet ongedaan worden.\n"
                "Wat ik niet kan terughalen: een overzicht dat het kantoor al heeft geëxporteerd, en een melding "
                "die langer dan 48 uur in de chat van het kantoor staat. Vraag {kantoor} daarvoor om het te wissen."
            ),
            waarom="Wissen kan niet ongedaan worden, daarom vraag ik het eerst.",
            soort="janee",
            samenvatting="wissen",
        ),
    ),
    einde=_einde,
)
