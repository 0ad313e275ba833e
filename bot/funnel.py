"""The lead funnel's figures as values: conversations started, calculations shown, adviser requests and leads,
per topic, campaign, week and channel. `LeadStore.stats` computes them; `adviesbot leads stats`, /stats and
the dashboard show them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FunnelRow:
    sleutel: str | None
    gesprekken: int = 0
    berekeningen: int = 0
    leads: int = 0
    adviseur_gevraagd: int = 0
    """Users who opened the adviser funnel (event `adviseur_gevraagd`)."""

    @property
    def conversie(self) -> float | None:
        """Leads per conversation started; None when no conversation started."""
        return self.leads / self.gesprekken if self.gesprekken else None


@dataclass(frozen=True)
class FunnelStats:
    per_onderwerp: list[FunnelRow]
    per_campagne: list[FunnelRow]
    totaal: FunnelRow
    per_week: list[FunnelRow] = field(default_factory=list)
    """Oldest week first, every week present; `sleutel` is the week's Monday (ISO date, Europe/Amsterdam)."""
    per_kanaal: list[FunnelRow] = field(default_factory=list)
    """Per channel the conversations took place in: `telegram`, `web`, `terminal`."""
