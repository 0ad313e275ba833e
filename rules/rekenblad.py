"""The worksheet a calculator fills in: it looks up parameters and records every source and reservation.

Calculators never read parameters directly. Going through a `Rekenblad` means a figure that is `voorlopig`
or `onzeker` always ends up in the result's `voorlopig` list, and every source used ends up in `bronnen`,
without a calculator having to remember it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from rules.formatteer import datum as formatteer_datum
from rules.formatteer import euro, getal, procent
from rules.parameters import Cel, Eenheid, Parameter, Parameters, Periode, Status, standaard_parameters
from rules.uitkomst import Bron, Soort, Stap, Uitkomst

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
    def __init__(self, onderwerp: str, jaar: int, parameters: Parameters | None = None) -> None:
        self.onderwerp = onderwerp
        self.jaar = jaar
        self.peildatum = dt.date(jaar, 1, 1)
        self._parameters = parameters or standaard_parameters()
        self._stappen: list[Stap] = []
        self._bronnen: dict[Bron, None] = {}
        self._voorlopig: dict[str, None] = {}
        self._aannames: dict[str, None] = {}

    # Lookups -------------------------------------------------------------------------------------------
    def _periode(self, naam: str, op: dt.date | None) -> tuple[Parameter, Periode]:
        parameter = self._parameters.get(naam)
        datum = op or self.peildatum
        periode = parameter.periode_op(datum)
        for titel, url in periode.bronnen:
            self._bronnen[Bron(titel, url)] = None
        if periode.status is not Status.DEFINITIEF:
            self._voorlopig[self._voorbehoud_tekst(parameter, periode, datum)] = None
        return parameter, periode

    @staticmethod
    def _voorbehoud_tekst(parameter: Parameter, periode: Periode, datum: dt.date) -> str:
        """'Forfaitair rendement banktegoeden (2026): 1,28% is voorlopig. <why>' — the year the user asked."""
        if isinstance(periode.waarde, list):
            wat = f"{parameter.label} ({datum.year})"
        else:
            assert parameter.eenheid is not None
            wat = f"{parameter.label} ({datum.year}): {_toon(periode.waarde, parameter.eenheid)}"
        return f"{wat} is {periode.status.value}. {periode.toelichting or ''}".strip()

    def waarde(self, naam: str, op: dt.date | None = None) -> Decimal:
        """A single figure on a date (default 1 January of the year); percentages come back as fractions."""
        parameter, periode = self._periode(naam, op)
        if not isinstance(periode.waarde, Decimal) or parameter.eenheid is None:
            raise TypeError(f"{naam} is geen enkel getal")
        value = _als_rekenwaarde(periode.waarde, parameter.eenheid)
        assert isinstance(value, Decimal)
        return value

    def datum(self, naam: str, op: dt.date | None = None) -> dt.date:
        _, periode = self._periode(naam, op)
        if not isinstance(periode.waarde, dt.date):
            raise TypeError(f"{naam} is geen datum")
        return periode.waarde

    def tabel(self, naam: str, op: dt.date | None = None) -> tuple[Mapping[str, Cel], ...]:
        """A table on a date; percentage columns come back as fractions."""
        parameter, periode = self._periode(naam, op)
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
        """A source that is not a parameter file, such as the article of law a rule comes from."""
        self._bronnen[Bron(titel, url)] = None

    def voorbehoud(self, tekst: str) -> None:
        """Something uncertain that is not a parameter (an unsettled reading of the law, a missing input)."""
        self._voorlopig[tekst] = None

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
            bronnen=tuple(self._bronnen),
            voorlopig=tuple(self._voorlopig),
            aannames=tuple(self._aannames),
        )


def getal_in(rij: Mapping[str, Cel], kolom: str) -> Decimal:
    """The numeric cell `kolom` of a table row; an empty or date cell there is a parameter-file error."""
    cel = rij[kolom]
    if not isinstance(cel, Decimal):
        raise TypeError(f"kolom {kolom!r} bevat geen getal maar {cel!r}")
    return cel
