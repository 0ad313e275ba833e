"""Every topic the bot knows, in menu order."""

from __future__ import annotations

from conversations.flow import Flow
from conversations.flows import anbi_contributie, auto_van_de_zaak, box3, kia, tweede_woning, wbso

FLOWS: dict[str, Flow] = {
    flow.onderwerp: flow
    for flow in (
        anbi_contributie.FLOW,
        auto_van_de_zaak.FLOW,
        tweede_woning.FLOW,
        kia.FLOW,
        box3.FLOW,
        wbso.FLOW,
    )
}
