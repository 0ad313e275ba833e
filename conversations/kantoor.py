"""The firm behind the bot: its name and how to reach it, as every channel shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kantoor:
    naam: str = "Uw boekhoudkantoor"
    telefoon: str = ""
    email: str = ""
    website: str = ""
    kantooruren: str = ""
    privacy_url: str = ""
    bewaartermijn_dagen: int = 365
