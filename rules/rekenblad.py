"""The worksheet a calculator fills in: it looks up parameters and records every source and reservation.

Calculators never read parameters directly. Going through a `Rekenblad` means a figure that is `voorlopig`
or `onzeker` always puts its client sentence in the result's `voorlopig` and the adviser's reason in its
`toelichting`, and every source of a figure that decided the amount ends up in `bronnen`, primary first,
without a calculator having to remember it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from rules.bronnen import primair_eerst
from rules.formatteer import datum as formatteer_datum
from rules.formatteer import euro, getal, procent
from rules.parameters import Cel, Eenheid, Parameter, Parameters, Periode, Status, standaard_parameters
from rules.uitkomst import Bron, NettoEffect, Soort, Stap, Uitkomst

_PROCENT_NAAR_FRACTIE = Decimal(100)


def _als_rekenwaarde(cel: Cel, eenheid: Eenheid) -> Cel:
    """Percentages are written as the law writes them (35,75) and computed as fractions (0.3575)."""
    if eenheid is Eenheid.PROCENT and isinstance(cel, Decimal):
        return cel / _PROCENT_NAAR_FRACTIE
    return cel


def _toon(cel: Cel, eenheid: Eenheid) -> str:
    if isinstance(cel, dt.date):
        return formatteer_datum(cel)
    if cel is None:
        return "geen"
    if eenheid is Eenheid.EUR:
        return euro(cel)
    if eenheid is Eenheid.PROCENT:
        return procent(cel / _PROCENT_NAAR_FRACTIE)
    if eenheid is Eenheid.AANTAL:
        return getal(cel)
    return f"{getal(cel)} {eenheid.value}"


class Rekenblad:
    """One calculation's worksheet: lookups, steps, sources, reservations, assumptions and adviser notes.

    A lookup records its sources and, for a figure that is not definitief, the client's voorbehoud and the
    adviser's toelichting. A lookup that only tests whether a rule applies (`toets=True`: is this new car a
    youngtimer?) records nothing, because a figure that did not decide the amount does not explain it;
    `bepalend` records it after all when the test turned out to decide the amount.
    """

    def __init__(self, onderwerp: str, jaar: int, parameters: Parameters | None = None) -> None:
        self.onderwerp = onderwerp
        self.jaar = jaar
        self.peildatum = dt.date(jaar, 1, 1)
        self._parameters = parameters or standaard_parameters()
        self._stappen: list[Stap] = []
        self._bronnen: dict[str, Bron] = {}
        self._voorlopig: dict[str, None] = {}
        self._aannames: dict[str, None] = {}
        self._toelichting: dict[str, None] = {}

    # Lookups -------------------------------------------------------------------------------------------
    def _periode(self, naam: str, op: dt.date | None, toets: bool) -> tuple[Parameter, Periode]:
        parameter = self._parameters.get(naam)
        datum = op or self.peildatum
        periode = parameter.periode_op(datum)
        if not toets:
            self._registreer(parameter, periode, datum)
        return parameter, periode

    def _registreer(self, parameter: Parameter, periode: Periode, datum: dt.date) -> None:
        for titel, url in periode.bronnen:
            self._bronnen.setdefault(url, Bron(titel, url))
        if periode.status is not Status.DEFINITIEF:
            assert periode.voorbehoud is not None, "validated at load"
            self._voorlopig[_klant_voorbehoud(parameter, periode, datum)] = None
            self._toelichting[_adviseur_toelichting(parameter, periode, datum)] = None

    def bepalend(self, naam: str, op: dt.date | None = None) -> None:
        """A figure first looked up as a test did decide the amount: record its sources and status now."""
        self._periode(naam, op, toets=False)

    def waarde(self, naam: str, op: dt.date | None = None, *, toets: bool = False) -> Decimal:
        """A single figure on a date (default 1 January of the year); percentages come back as fractions."""
        parameter, periode = self._periode(naam, op, toets)
        if not isinstance(periode.waarde, Decimal) or parameter.eenheid is None:
            raise TypeError(f"{naam} is geen enkel getal")
        value = _als_rekenwaarde(periode.waarde, parameter.eenheid)
        assert isinstance(value, Decimal)
        return value

    def datum(self, naam: str, op: dt.date | None = None, *, toets: bool = False) -> dt.date:
        _, periode = self._periode(naam, op, toets)
        if not isinstance(periode.waarde, dt.date):
            raise TypeError(f"{naam} is geen datum")
        return periode.waarde

    def tabel(self, naam: str, op: dt.date | None = None, *, toets: bool = False) -> tuple[Mapping[str, Cel], ...]:
        """A table on a date; percentage columns come back as fractions."""
        parameter, periode = self._periode(naam, op, toets)
        if not isinstance(periode.waarde, list):
            raise TypeError(f"{naam} is geen tabel")
        return tuple(
            {kolom: _als_rekenwaarde(cel, parameter.kolommen[kolom]) for kolom, cel in rij.items()}
            for rij in periode.waarde
        )

    # Recording ----------------------------------------------------------------------------------------
    def stap(self, omschrijving: str, bedrag: Decimal | None = None) -> None:
        self._stappen.append(Stap(omschrijving, bedrag))

    def bron(self, titel: str, url: str) -> None:
        """A source that is not a parameter file, such as the article of law a rule comes from.

        One source per address: the first title given for it stays.
        """
        self._bronnen.setdefault(url, Bron(titel, url))

    def voorbehoud(self, klant: str, adviseur: str | None = None) -> None:
        """Something not final that is not a parameter (an unsettled reading of the law, a missing input).

        `klant` is one plain sentence the client reads; `adviseur`, if any, is the firm's note on why.
        """
        self._voorlopig[klant] = None
        if adviseur:
            self._toelichting[adviseur] = None

    def toelichting(self, tekst: str) -> None:
        """A note for the firm's advisers only (research behind a choice); never shown to a client."""
        self._toelichting[tekst] = None

    def aanname(self, tekst: str) -> None:
        """An assumption the calculation made on the user's behalf; the answer says it out loud."""
        self._aannames[tekst] = None

    def uitkomst(
        self,
        *,
        bedragen: Mapping[str, Decimal | None],
        hoofdwaarde: str,
        conclusie: str,
        percentages: Mapping[str, Decimal | None] | None = None,
        aantallen: Mapping[str, Decimal | None] | None = None,
        kern: tuple[str, ...] = (),
        netto: NettoEffect | None = None,
    ) -> Uitkomst:
        waarden: dict[str, Decimal | None] = {}
        soorten: dict[str, Soort] = {}
        for soort, groep in (("EUR", bedragen), ("procent", percentages or {}), ("aantal", aantallen or {})):
            for naam, waarde in groep.items():
                if naam in waarden:
                    raise ValueError(f"output {naam!r} given twice")
                waarden[naam] = waarde
                soorten[naam] = soort  # type: ignore[assignment]
        return Uitkomst(
            onderwerp=self.onderwerp,
            jaar=self.jaar,
            waarden=waarden,
            soorten=soorten,
            hoofdwaarde=hoofdwaarde,
            conclusie=conclusie,
            stappen=tuple(self._stappen),
            bronnen=primair_eerst(self._bronnen.values()),
            voorlopig=tuple(self._voorlopig),
            aannames=tuple(self._aannames),
            kern=kern,
            netto=netto,
            toelichting=tuple(self._toelichting),
        )


def _waarde_tekst(parameter: Parameter, periode: Periode) -> str:
    if isinstance(periode.waarde, list):
        return parameter.label
    assert parameter.eenheid is not None
    return _toon(periode.waarde, parameter.eenheid)


def _klant_voorbehoud(parameter: Parameter, periode: Periode, datum: dt.date) -> str:
    """The period's client sentence, with {jaar} the year asked about and {waarde} the figure as shown."""
    assert periode.voorbehoud is not None
    return periode.voorbehoud.strip().format(jaar=datum.year, waarde=_waarde_tekst(parameter, periode))


def _adviseur_toelichting(parameter: Parameter, periode: Periode, datum: dt.date) -> str:
    """'Forfaitair rendement banktegoeden (2026): 1,28% is voorlopig. <why>' for the firm's advisers."""
    if isinstance(periode.waarde, list):
        wat = f"{parameter.label} ({datum.year})"
    else:
        wat = f"{parameter.label} ({datum.year}): {_waarde_tekst(parameter, periode)}"
    return f"{wat} is {periode.status.value}. {(periode.toelichting or '').strip()}".strip()


def getal_in(rij: Mapping[str, Cel], kolom: str) -> Decimal:
    """The numeric cell `kolom` of a table row; an empty or date cell there is a parameter-file error."""
    cel = rij[kolom]
    if not isinstance(cel, Decimal):
        raise TypeError(f"kolom {kolom!r} bevat geen getal maar {cel!r}")
    return cel


def over_schijven(schijven: Sequence[Mapping[str, Cel]], bedrag: Decimal) -> Decimal:
    """A bracket tariff (box 1, Vpb): each row's `tarief` over the part of `bedrag` from its `ondergrens` up to
    the next row's; unrounded, so the caller rounds once where the law says."""
    belasting = Decimal(0)
    for index, schijf in enumerate(schijven):
        ondergrens = getal_in(schijf, "ondergrens")
        bovengrens = bedrag
        if index + 1 < len(schijven):
            bovengrens = min(bedrag, getal_in(schijven[index + 1], "ondergrens"))
        if bovengrens > ondergrens:
            belasting += (bovengrens - ondergrens) * getal_in(schijf, "tarief")
    return belasting
