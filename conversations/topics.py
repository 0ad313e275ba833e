"""Every topic the bot knows, in menu order."""

from __future__ import annotations

from conversations.flow import Flow
from conversations.flows import box3

FLOWS: dict[str, Flow] = {flow.onderwerp: flow for flow in (box3.FLOW,)}
