"""Every topic the bot knows, in menu order."""

from __future__ import annotations

from conversations.flow import Flow
from conversations.flows import anbi_contributie, box3, tweede_woning

FLOWS: dict[str, Flow] = {flow.onderwerp: flow for flow in (anbi_contributie.FLOW, tweede_woning.FLOW, box3.FLOW)}
