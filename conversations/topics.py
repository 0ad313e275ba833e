"""Every flow the engine knows: the topics in menu order, and the flows that run on top of them."""

from __future__ import annotations

from conversations.flow import Flow
from conversations.flows import adviseur, anbi_contributie, auto_van_de_zaak, box3, kia, tweede_woning, vergeet, wbso
from conversations.flows.herinnering import HERINNERINGEN

FLOWS: dict[str, Flow] = {
    flow.id: flow
    for flow in (
        anbi_contributie.FLOW,
        auto_van_de_zaak.FLOW,
        tweede_woning.FLOW,
        kia.FLOW,
        box3.FLOW,
        wbso.FLOW,
    )
}

HULPFLOWS: dict[str, Flow] = {
    flow.id: flow for flow in (adviseur.FLOW, vergeet.FLOW, *(h.flow for h in HERINNERINGEN.values()))
}
