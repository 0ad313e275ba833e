"""Auto van de zaak: bijtelling for private use, the employer's pseudo-eindheffing and the btw correction.

Bijtelling of art. 13bis Wet LB 1964 (werknemer, dga) and art. 3.20 Wet IB 2001 (ondernemer), computed month
by month so that a year in which the 60 months run out or a car becomes a youngtimer comes out right. Choices
made where the law or the sources leave room:

- Months of availability: `maanden` are the last months of `jaar` (through December), unless
  `ter_beschikking_sinds` (default: the datum eerste toelating) falls in `jaar`; then they start in that
  month and run `maanden` months at most, through December at the latest. A month in which the car is
  available on at least one day counts as a whole month.
- The 60 months with the percentage and maximum of the year of first admission start on the first day of the
  month after the datum eerste toelating; the month of first admission itself also uses them. Some sources
  count from the month of first admission; when that reading changes the result, a voorbehoud says by how
  much.
- After the 60 months "the rules of the moment" apply: the reduced rate and maximum that a car first admitted
  in that month would get. For a car first admitted before 2017 the discount (22% minus the reduced rate) is
  taken off its 25%.
- A car is a youngtimer in a month when, on the first day of that month, the youngtimer age has been reached
  since the datum eerste toelating. In 2026 the beleidsbesluit of 18 December 2025 is applied: a car that was
  15 before 1 January 2026 stays a youngtimer all of 2026.
- `bijtelling` is the bijtelling over the months of availability (`maanden`, an output too, so that a
  comparison can put like next to like); `bijtelling_per_maand` is it divided by those months (an average when
  the rules change within the year) and `bijtelling_per_jaar` twelve times that.
- A written ban on private use that is kept (`privegebruik_verbod`, werknemer or dga) means no bijtelling.
- Pseudo-eindheffing: only for a werknemer or dga and a car with CO2 emission made available also for private
  use, where commuting counts as private use; the 500-km test of the bijtelling does not exempt from it. Only
  a kept ban on all private use, commuting included, takes a car out. The transitional rule belongs to the
  car: a car the employer first made available before the start date (`eerste_terbeschikkingstelling`, to
  anyone) is exempt for every month that ends on or before the end of the transitional rule. The age test for
  the economic value is the youngtimer test.
- Btw on private use (the forfait): owed by whoever deducted the btw on the car, the ondernemer himself or
  the employer or bv of a werknemer or dga; prorated over the months of availability and counted in calendar
  years from the year the car came into use in the business. With at most 500 private km and no commuting,
  or a kept ban on all private use, there is no forfait to apply: `btw_prive` is None.
- `kosten_werkgever` is what the employer or bv pays on top: pseudo-eindheffing plus btw on private use.
- `netto_kosten_per_maand` is what the bijtelling costs the driver each month in income tax: the extra box 1
  tax at `belastbaar_inkomen` when given, else the bijtelling per month at the rate of `schijf` (default: a
  middle bracket, said in the assumptions); for an ondernemer after the MKB-winstvrijstelling.
- An ondernemer pays no eigen bijdrage to himself: a positive `eigen_bijdrage` is refused for him.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from babel.dates import format_date
from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import op_centen, op_hele_euros
from rules.box1 import belasting_over_extra_inkomen, heffingskortingen_kunnen_alles_wegnemen, schijf
from rules.calculator import Calculator
from rules.formatteer import LOCALE, datum, euro, getal, procent
from rules.invoer import Bedrag, Invoer, OngeldigeInvoer
from rules.parameters import ParameterOntbreekt, Parameters, standaard_parameters
from rules.rekenblad import Rekenblad, getal_in
from rules.termijnen import plus_maanden
from rules.uitkomst import NettoEffect, Uitkomst

ONDERWERP = "auto-van-de-zaak"
ZERO = Decimal(0)
MAANDEN_PER_JAAR = 12

EMISSIEVRIJ = "auto/bijtelling_emissievrij"
PERCENTAGE = "auto/bijtelling_percentage"
OUDE_AUTO = "auto/bijtelling_oude_auto"
VASTE_PERIODE = "auto/bijtelling_vaste_periode"
WATERSTOF_ZONDER_MAXIMUM = "auto/waterstof_zonder_maximum_vanaf"
ZONNECEL_ZONDER_MAXIMUM = "auto/zonnecel_zonder_maximum_vanaf"
YOUNGTIMER_PERCENTAGE = "auto/youngtimer_percentage"
YOUNGTIMER_LEEFTIJD = "auto/youngtimer_leeftijd"
YOUNGTIMER_LEEFTIJD_VORIG_JAAR = "auto/youngtimer_leeftijd_vorig_jaar_bereikt"
PSEUDO_INGANG = "auto/pseudo_eindheffing_ingangsdatum"
PSEUDO_PERCENTAGE = "auto/pseudo_eindheffing_percentage"
PSEUDO_LEEFTIJD = "auto/pseudo_eindheffing_leeftijd_waarde_economisch_verkeer"
PSEUDO_OVERGANG_TOT = "auto/pseudo_eindheffing_overgangsregeling_tot"
BTW_FORFAIT = "auto/btw_privegebruik_forfait"
BTW_FORFAIT_OUDERE_AUTO = "auto/btw_privegebruik_forfait_oudere_auto"
BTW_JAREN_VOL_FORFAIT = "auto/btw_privegebruik_jaren_vol_forfait"
MKB_WINSTVRIJSTELLING = "ondernemers/mkb_winstvrijstelling"

WET_IB = (
    "Wet IB 2001, art. 3.20 (privégebruik auto ondernemer)",
    "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel=3.20",
)
MEMORIE_PSEUDO_EINDHEFFING = (
    "Memorie van toelichting Belastingplan 2026, pseudo-eindheffing auto van de zaak",
    "https://www.rijksfinancien.nl/belastingplan-memorie-van-toelichting/2026/d17e3185",
)
VERKLARING_500_KM = (
    "De Zaak, Wanneer moet u een verklaring geen privégebruik intrekken?",
    "https://www.dezaak.nl/vaste-lasten/auto/wanneer-moet-u-een-verklaring-geen-privegebruik-intrekken/",
)
EIGEN_BIJDRAGE_BRON = (
    "Fundament voor, Aftrek eigen bijdrage bij bijtelling privégebruik auto",
    "https://fundamentvoor.nl/onderneming-salaris/auto-zaak/spelregels-rond-bijtelling-privegebruik-auto/34-aftrek-eigen-bijdrage",
)

Aandrijving = Literal["elektrisch", "waterstof", "zonnecel", "brandstof"]
Privegebruik = Literal["meer_dan_500_km", "max_500_km"]
Rol = Literal["werknemer", "dga", "ondernemer"]


class AutoVanDeZaakInvoer(Invoer):
    cataloguswaarde: Bedrag
    datum_eerste_toelating: dt.date
    aandrijving: Aandrijving
    waarde_economisch_verkeer: Bedrag | None = None
    privegebruik: Privegebruik = "meer_dan_500_km"
    woon_werk: bool = True
    rol: Rol
    eigen_bijdrage: Bedrag = ZERO
    ter_beschikking_sinds: dt.date | None = None
    eerste_terbeschikkingstelling: dt.date | None = Field(default=None, validate_default=True)
    """The day the employer first made this car available for private use, to anyone (the transitional rule
    of the pseudo-eindheffing belongs to the car); `ter_beschikking_sinds` is the driver's own start."""
    privegebruik_verbod: bool = Field(default=False, validate_default=True)
    """A written ban on private use that the employer keeps (werknemer or dga)."""
    maanden: Annotated[int, Field(ge=1, le=MAANDEN_PER_JAAR)] = MAANDEN_PER_JAAR
    belastbaar_inkomen: Bedrag | None = None
    schijf: Annotated[int, Field(ge=1, le=3)] | None = None
    """The box 1 bracket of the driver's income, 1 the lowest; used when `belastbaar_inkomen` is not given."""

    @field_validator("datum_eerste_toelating")
    @classmethod
    def _toegelaten_in_of_voor_het_jaar(cls, waarde: dt.date, info: ValidationInfo) -> dt.date:
        jaar = info.data.get("jaar")
        if jaar is not None and waarde.year > jaar:
            raise ValueError(f"de auto is pas na {jaar} voor het eerst toegelaten, dus in {jaar} nog niet in gebruik")
        return waarde

    @field_validator("eigen_bijdrage")
    @classmethod
    def _niet_voor_een_ondernemer(cls, waarde: Decimal, info: ValidationInfo) -> Decimal:
        if waarde > ZERO and info.data.get("rol") == "ondernemer":
            raise ValueError("een ondernemer betaalt geen eigen bijdrage aan zijn eigen onderneming; laat dit veld weg")
        return waarde

    @field_validator("eerste_terbeschikkingstelling")
    @classmethod
    def _eerste_keer_ter_beschikking(cls, waarde: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if waarde is None:
            return None
        if info.data.get("rol") == "ondernemer":
            raise ValueError("dit geldt voor een auto van een werkgever of bv; een ondernemer laat het weg")
        toelating = info.data.get("datum_eerste_toelating")
        if toelating is not None and waarde < toelating:
            raise ValueError("de auto kan niet ter beschikking staan vóór de datum eerste toelating")
        sinds = info.data.get("ter_beschikking_sinds")
        if sinds is not None and waarde > sinds:
            raise ValueError("de werkgever stelde de auto uiterlijk ter beschikking op de dag dat u hem kreeg")
        return waarde

    @field_validator("privegebruik_verbod")
    @classmethod
    def _verbod_van_een_werkgever(cls, waarde: bool, info: ValidationInfo) -> bool:
        if waarde and info.data.get("rol") == "ondernemer":
            raise ValueError("een verbod op privégebruik legt een werkgever of bv op; een ondernemer laat het weg")
        return waarde

    @field_validator("ter_beschikking_sinds")
    @classmethod
    def _tussen_toelating_en_einde_jaar(cls, waarde: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if waarde is None:
            return None
        toelating = info.data.get("datum_eerste_toelating")
        if toelating is not None and waarde < toelating:
            raise ValueError("de auto kan niet ter beschikking staan vóór de datum eerste toelating")
        jaar = info.data.get("jaar")
        if jaar is not None and waarde.year > jaar:
            raise ValueError(f"de auto staat pas na {jaar} ter beschikking, dus in {jaar} is er niets te berekenen")
        return waarde


@dataclass(frozen=True)
class Maandbijtelling:
    """The bijtelling rule for one month: how it is computed and the amount it comes to over a whole year."""

    maand: dt.date
    omschrijving: str
    jaarbedrag: Decimal


def _maandindex(dag: dt.date) -> int:
    return dag.year * MAANDEN_PER_JAAR + dag.month - 1


def _maandnaam(maand: dt.date) -> str:
    return format_date(maand, "MMMM yyyy", locale=LOCALE)


def _laatste_dag(maand: dt.date) -> dt.date:
    volgende = maand.replace(day=28) + dt.timedelta(days=4)
    return volgende - dt.timedelta(days=volgende.day)


def beschikbare_maanden(invoer: AutoVanDeZaakInvoer) -> tuple[dt.date, ...]:
    """The first days of the months of `jaar` in which the car is available (see the module docstring)."""
    sinds = invoer.ter_beschikking_sinds or invoer.datum_eerste_toelating
    if sinds.year == invoer.jaar:
        eerste = sinds.month
        laatste = min(MAANDEN_PER_JAAR, eerste + invoer.maanden - 1)
    else:
        laatste = MAANDEN_PER_JAAR
        eerste = MAANDEN_PER_JAAR - invoer.maanden + 1
    return tuple(dt.date(invoer.jaar, maand, 1) for maand in range(eerste, laatste + 1))


def leeftijd_bereikt(datum_eerste_toelating: dt.date, jaren: Decimal, op: dt.date) -> bool:
    """Whether `jaren` years have passed since the datum eerste toelating on `op`.

    A car first admitted on 29 February reaches its age on 1 March in a year that is not a leap year.
    """
    doeljaar = datum_eerste_toelating.year + int(jaren)
    try:
        verjaardag = datum_eerste_toelating.replace(year=doeljaar)
    except ValueError:
        verjaardag = dt.date(doeljaar, 3, 1)
    return verjaardag <= op


def is_youngtimer(blad: Rekenblad, datum_eerste_toelating: dt.date, maand: dt.date) -> tuple[bool, bool]:
    """Art. 13bis Wet LB 1964: is the car a youngtimer this month, and is that only thanks to the 2026 relief?

    The age is tested on the first day of the month. A car that had reached the previous year's age before
    1 January stays a youngtimer the whole year (beleidsbesluit of 18 December 2025 for 2026; the parameter
    equals the ordinary age in the other years, so there it changes nothing). The relief carries a voorbehoud.

    The ages are looked up as a test: they become sources of the answer only when the car is a youngtimer.
    """
    leeftijd = blad.waarde(YOUNGTIMER_LEEFTIJD, op=maand, toets=True)
    if leeftijd_bereikt(datum_eerste_toelating, leeftijd, maand):
        blad.bepalend(YOUNGTIMER_LEEFTIJD, op=maand)
        return True, False
    oudjaar = dt.date(maand.year - 1, 12, 31)
    leeftijd_vorig_jaar = blad.waarde(YOUNGTIMER_LEEFTIJD_VORIG_JAAR, op=maand, toets=True)
    if not leeftijd_bereikt(datum_eerste_toelating, leeftijd_vorig_jaar, oudjaar):
        return False, False
    blad.bepalend(YOUNGTIMER_LEEFTIJD_VORIG_JAAR, op=maand)
    blad.voorbehoud(
        f"Uw auto is in {maand.year} nog geen {getal(leeftijd)} jaar, maar was vóór {maand.year} al "
        f"{getal(leeftijd_vorig_jaar)}: volgens het beleidsbesluit van 18 december 2025 mag u de "
        f"youngtimerregeling dan in {maand.year} houden. Dat besluit moet nog in de wet worden vastgelegd.",
        "Beleidsbesluit van 18 december 2025, nr. 2025-0000614512; de precieze voorwaarden van het besluit zijn "
        "niet nagelezen.",
    )
    return True, True


def in_vaste_periode(
    blad: Rekenblad,
    datum_eerste_toelating: dt.date,
    maand: dt.date,
    *,
    vanaf_maand_van_toelating: bool = False,
) -> bool:
    """Art. 13bis Wet LB 1964: does the percentage of the year of first admission still hold this month?

    The 60 months start on the first day of the month after the datum eerste toelating; with
    `vanaf_maand_van_toelating` they start in that month itself (the other reading in the sources).
    """
    duur = int(blad.waarde(VASTE_PERIODE, op=maand))
    begin = _maandindex(datum_eerste_toelating) + (0 if vanaf_maand_van_toelating else 1)
    return _maandindex(maand) < begin + duur


def _waarde_economisch_verkeer(invoer: AutoVanDeZaakInvoer, waarvoor: str) -> Decimal:
    if invoer.waarde_economisch_verkeer is None:
        raise OngeldigeInvoer(
            "waarde_economisch_verkeer",
            f"dit veld is nodig, omdat {waarvoor} over de waarde in het economische verkeer (de dagwaarde) gaat",
        )
    return invoer.waarde_economisch_verkeer


def emissievrij_tarief(
    blad: Rekenblad, invoer: AutoVanDeZaakInvoer, regeldatum: dt.date
) -> tuple[Decimal, Decimal | None]:
    """Art. 13bis Wet LB 1964: the reduced rate for a car without CO2 emission and the value it applies to.

    `regeldatum` is the date whose rules hold: the datum eerste toelating during the 60 months, the month
    itself after them. Hydrogen cars and qualifying solar-cell cars have no maximum from the dates in their
    parameters. A maximum of None means the reduced rate applies to the whole cataloguswaarde.
    """
    rij = blad.tabel(EMISSIEVRIJ, op=regeldatum)[0]
    percentage = getal_in(rij, "percentage")
    maximum = rij["maximum_cataloguswaarde"]
    if maximum is None:
        return percentage, None
    assert isinstance(maximum, Decimal)
    if invoer.aandrijving == "waterstof":
        vanaf = blad.datum(WATERSTOF_ZONDER_MAXIMUM)
        if regeldatum >= vanaf:
            return percentage, None
        if invoer.cataloguswaarde > maximum:
            blad.voorbehoud(
                "Voor waterstofauto's geldt het verlaagde percentage over de hele cataloguswaarde; of dat al "
                f"gold bij een datum eerste toelating vóór {datum(vanaf)}, is niet zeker. We rekenen voor "
                f"deze auto met het maximum van {euro(maximum)}.",
                "Of de uitzondering voor waterstofauto's al gold voor een datum eerste toelating in 2019, is niet "
                "nagegaan; Accountancy Vanmorgen beschrijft haar in september 2020 als geldend recht.",
            )
    if invoer.aandrijving == "zonnecel" and regeldatum >= blad.datum(ZONNECEL_ZONDER_MAXIMUM):
        blad.aanname(
            "Ik ben ervan uitgegaan dat uw zonnecelauto aan de voorwaarden voldoet: geïntegreerde zonnecellen van "
            "ten minste 1 kWp en een loodvrije accu."
        )
        blad.voorbehoud(
            "Voor zonnecelauto's is een strengere toets voorgesteld (vermogen van de zonnecellen in Wp gedeeld "
            "door het verbruik in Wh/km ten minste 7). Geldt die en voldoet uw auto daar niet aan, dan geldt wel "
            "het maximum.",
            "Niet nagegaan of de strengere zonnecel-toets (Wp ÷ Wh/km ≥ 7, Confianza) is ingevoerd.",
        )
        return percentage, None
    return percentage, maximum


def _volgens_regels(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maand: dt.date, *, vast: bool) -> Maandbijtelling:
    """Art. 13bis Wet LB 1964 / art. 3.20 Wet IB 2001: the bijtelling on the cataloguswaarde for one month.

    With `vast` the rules of the year of first admission hold (the 60 months); otherwise those of the month.
    """
    toelating = invoer.datum_eerste_toelating
    waarde = invoer.cataloguswaarde
    oude_auto = blad.tabel(OUDE_AUTO, op=maand, toets=True)[0]
    grens = oude_auto["eerste_toelating_voor"]
    assert isinstance(grens, dt.date)
    if toelating < grens:
        blad.bepalend(OUDE_AUTO, op=maand)
    regeldatum = toelating if vast else maand
    if vast and toelating < grens:
        raise OngeldigeInvoer(
            "datum_eerste_toelating",
            f"voor een auto die vóór {datum(grens)} voor het eerst is toegelaten, kent deze berekening het "
            "percentage van de eerste 60 maanden niet",
        )
    try:
        gewoon = blad.waarde(PERCENTAGE, op=regeldatum)
        verlaagd_maximum = None if invoer.aandrijving == "brandstof" else emissievrij_tarief(blad, invoer, regeldatum)
    except ParameterOntbreekt:
        if not vast:
            raise
        raise OngeldigeInvoer(
            "datum_eerste_toelating",
            f"voor een auto die in {toelating.year} voor het eerst is toegelaten, is het "
            "bijtellingspercentage niet bekend",
        ) from None
    basis = getal_in(oude_auto, "percentage") if toelating < grens else gewoon
    if verlaagd_maximum is None:
        return Maandbijtelling(maand, f"{procent(basis)} van {euro(waarde)}", basis * waarde)
    verlaagd, maximum = verlaagd_maximum
    # For a car from before 2017 the discount of the moment (ordinary rate minus reduced rate) comes off 25%.
    verlaagd = basis - (gewoon - verlaagd)
    laag = waarde if maximum is None else min(waarde, maximum)
    hoog = waarde - laag
    omschrijving = f"{procent(verlaagd)} van {euro(laag)}"
    if hoog > ZERO:
        omschrijving += f" en {procent(basis)} van {euro(hoog)}"
    return Maandbijtelling(maand, omschrijving, verlaagd * laag + basis * hoog)


def bijtelling_in_maand(
    blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maand: dt.date, *, vanaf_maand_van_toelating: bool = False
) -> Maandbijtelling:
    """Art. 13bis Wet LB 1964 / art. 3.20 Wet IB 2001: which rule holds this month, and its yearly amount."""
    toelating = invoer.datum_eerste_toelating
    youngtimer, _ = is_youngtimer(blad, toelating, maand)
    if youngtimer:
        percentage = blad.waarde(YOUNGTIMER_PERCENTAGE, op=maand)
        economisch = _waarde_economisch_verkeer(invoer, "de bijtelling van een youngtimer")
        return Maandbijtelling(
            maand,
            f"youngtimer: {procent(percentage)} van de waarde in het economische verkeer {euro(economisch)}",
            percentage * economisch,
        )
    vast = in_vaste_periode(blad, toelating, maand, vanaf_maand_van_toelating=vanaf_maand_van_toelating)
    return _volgens_regels(blad, invoer, maand, vast=vast)


def _stappen_per_reeks(blad: Rekenblad, regels: list[Maandbijtelling], voorvoegsel: str = "") -> None:
    """One step per run of consecutive months with the same rule: the yearly amount times months / 12."""
    reeksen: list[list[Maandbijtelling]] = []
    for regel in regels:
        vorige = reeksen[-1][-1] if reeksen else None
        if (
            vorige is not None
            and _maandindex(regel.maand) == _maandindex(vorige.maand) + 1
            and (vorige.omschrijving, vorige.jaarbedrag) == (regel.omschrijving, regel.jaarbedrag)
        ):
            reeksen[-1].append(regel)
        else:
            reeksen.append([regel])
    for reeks in reeksen:
        aantal = len(reeks)
        periode = _maandnaam(reeks[-1].maand)
        if aantal > 1:
            periode = f"{format_date(reeks[0].maand, 'MMMM', locale=LOCALE)} t/m {periode}"
        blad.stap(
            f"{voorvoegsel}{periode} ({aantal} {'maand' if aantal == 1 else 'maanden'}): "
            f"{reeks[0].omschrijving} = {euro(op_centen(reeks[0].jaarbedrag))} per jaar, × {aantal}/12",
            op_centen(reeks[0].jaarbedrag * aantal / MAANDEN_PER_JAAR),
        )


def _voorbehoud_begin_60_maanden(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, regels: list[Maandbijtelling]) -> None:
    """Say so when counting the 60 months from the month of first admission itself would change the result."""
    maanden_vast = blad.waarde(VASTE_PERIODE)
    duur = getal(maanden_vast)
    # The readings differ in one month only: the last of the 60 under our reading, the first after them under
    # the other. Outside that month both give the same amount, so only that month is computed twice.
    grensmaand = plus_maanden(invoer.datum_eerste_toelating.replace(day=1), int(maanden_vast))
    verschil = ZERO
    for regel in regels:
        if (regel.maand.year, regel.maand.month) != (grensmaand.year, grensmaand.month):
            continue
        ander = bijtelling_in_maand(blad, invoer, regel.maand, vanaf_maand_van_toelating=True)
        verschil += ander.jaarbedrag - regel.jaarbedrag
    verschil /= MAANDEN_PER_JAAR
    if verschil == ZERO:
        return
    richting = "hoger" if verschil > ZERO else "lager"
    blad.voorbehoud(
        f"De {duur} maanden met het percentage van het jaar van eerste toelating laten we ingaan op de "
        f"eerste dag van de maand na de datum eerste toelating ({datum(invoer.datum_eerste_toelating)}). "
        "Sommige bronnen tellen vanaf de maand van eerste toelating zelf; dan gelden de nieuwe regels een "
        f"maand eerder en is de bijtelling {euro(op_centen(abs(verschil)))} {richting}."
    )


def _aannames_maanden(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maanden: tuple[dt.date, ...]) -> None:
    sinds = invoer.ter_beschikking_sinds or invoer.datum_eerste_toelating
    if sinds.year == invoer.jaar:
        if sinds.day != 1:
            blad.aanname(f"De auto staat ter beschikking vanaf {datum(sinds)}; die maand telt als hele maand mee.")
        if "maanden" in invoer.model_fields_set and len(maanden) < invoer.maanden:
            blad.aanname(
                f"De auto staat pas vanaf {_maandnaam(maanden[0])} ter beschikking, dus in {invoer.jaar} "
                f"{len(maanden)} maanden in plaats van {invoer.maanden}."
            )
    elif invoer.maanden < MAANDEN_PER_JAAR:
        blad.aanname(
            f"Ik ben ervan uitgegaan dat de {invoer.maanden} maanden de laatste maanden van {invoer.jaar} zijn "
            f"({format_date(maanden[0], 'MMMM', locale=LOCALE)} t/m december {invoer.jaar})."
        )


def bijtelling_jaar(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maanden: tuple[dt.date, ...]) -> Decimal:
    """Art. 13bis Wet LB 1964 / art. 3.20 Wet IB 2001: the year's bijtelling, exact, after the eigen bijdrage.

    Every month adds a twelfth of the yearly amount of the rule that holds in it; the eigen bijdrage lowers
    the total, not below zero.
    """
    regels = [bijtelling_in_maand(blad, invoer, maand) for maand in maanden]
    _stappen_per_reeks(blad, regels)
    _voorbehoud_begin_60_maanden(blad, invoer, regels)
    # Divide once at the end: a twelfth of most yearly amounts is a repeating decimal.
    voor_bijdrage = sum((regel.jaarbedrag for regel in regels), ZERO) / MAANDEN_PER_JAAR
    if invoer.eigen_bijdrage == ZERO:
        return voor_bijdrage
    blad.stap(
        f"Bijtelling over {len(regels)} {'maand' if len(regels) == 1 else 'maanden'}",
        op_centen(voor_bijdrage),
    )
    blad.bron(*EIGEN_BIJDRAGE_BRON)
    blad.aanname(
        "Ik ben ervan uitgegaan dat de eigen bijdrage vooraf is afgesproken en uit uw nettoloon wordt betaald voor "
        "het privégebruik; betalingen aan derden (brandstof, onderhoud) tellen daarvoor in beginsel niet mee."
    )
    blad.stap("Min: eigen bijdrage voor privégebruik", invoer.eigen_bijdrage)
    if invoer.eigen_bijdrage > voor_bijdrage:
        blad.voorbehoud(
            "Uw eigen bijdrage is hoger dan de bijtelling. De bijtelling wordt dan nul; het meerdere gaat naar "
            "verwachting niet van uw overige loon af, maar dat is niet zeker.",
            "Dat een eigen bijdrage boven de bijtelling niet van het overige loon of inkomen af gaat, zeggen de "
            "gelezen bronnen niet uitdrukkelijk.",
        )
    return max(ZERO, voor_bijdrage - invoer.eigen_bijdrage)


def uitsluitend_zakelijk(invoer: AutoVanDeZaakInvoer) -> bool:
    """Made available for business use only: a kept ban on private use and no commuting, which counts as
    private use for the pseudo-eindheffing and the btw (unlike for the bijtelling)."""
    return invoer.privegebruik_verbod and not invoer.woon_werk


def heeft_privegebruik_voor_btw(invoer: AutoVanDeZaakInvoer) -> bool:
    """The btw forfait applies to private use including commuting; with at most 500 private km and no
    commuting the correction follows the actual private use instead."""
    if uitsluitend_zakelijk(invoer):
        return False
    return invoer.privegebruik == "meer_dan_500_km" or invoer.woon_werk


def eerste_terbeschikkingstelling(blad: Rekenblad, invoer: AutoVanDeZaakInvoer) -> dt.date:
    """The day the employer first made this car available for private use: given, or assumed (and said)."""
    if invoer.eerste_terbeschikkingstelling is not None:
        return invoer.eerste_terbeschikkingstelling
    aangenomen = invoer.ter_beschikking_sinds or invoer.datum_eerste_toelating
    wat = "de dag dat u hem kreeg" if invoer.ter_beschikking_sinds else "de datum eerste toelating"
    blad.aanname(
        f"Aangenomen dat uw werkgever deze auto op {datum(aangenomen)} ({wat}) voor het eerst aan iemand ter "
        "beschikking stelde; stond hij al eerder bij uw werkgever ter beschikking van een collega, geef die "
        "datum dan op, want de overgangsregeling van de pseudo-eindheffing hoort bij de auto."
    )
    return aangenomen


def pseudo_eindheffing(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maanden: tuple[dt.date, ...]) -> Decimal | None:
    """Belastingplan 2026 (pseudo-eindheffing auto van de zaak): the employer's levy for the year, exact.

    A twelfth of the yearly percentage of the cataloguswaarde (of the economic value for an old car) for each
    month of availability from the start date; exempt months under the transitional rule are skipped. The
    start date is looked up only for a car that could owe the levy, so a car without CO2 emission names no
    source for it.
    """
    if invoer.rol == "ondernemer":
        return None
    if invoer.aandrijving != "brandstof":
        blad.stap("Pseudo-eindheffing: niet van toepassing, de auto heeft geen CO2-uitstoot", ZERO)
        return ZERO
    if uitsluitend_zakelijk(invoer):
        blad.stap(
            "Pseudo-eindheffing: niet van toepassing, de auto staat uitsluitend zakelijk ter beschikking "
            "(verbod op privégebruik, ook geen woon-werkverkeer)",
            ZERO,
        )
        return ZERO
    ingang = blad.datum(PSEUDO_INGANG, toets=True)
    heffingsmaanden = [maand for maand in maanden if maand >= ingang]
    if not heffingsmaanden:
        blad.stap(f"Pseudo-eindheffing: die geldt pas vanaf {datum(ingang)}", ZERO)
        return ZERO
    blad.bepalend(PSEUDO_INGANG)
    blad.bron(*MEMORIE_PSEUDO_EINDHEFFING)
    if invoer.privegebruik_verbod:
        blad.aanname(
            "Voor de pseudo-eindheffing telt woon-werkverkeer als privégebruik: met een verbod op privégebruik "
            "maar wel woon-werkverkeer is de heffing verschuldigd."
        )
    elif invoer.privegebruik == "max_500_km":
        blad.aanname(
            "De 500-kilometergrens geldt alleen voor de bijtelling: voor de pseudo-eindheffing telt elk "
            "privégebruik, ook woon-werkverkeer. Alleen een auto die uitsluitend zakelijk ter beschikking staat "
            "(een schriftelijk verbod op privégebruik dat wordt nageleefd) valt erbuiten."
        )
    eerste = eerste_terbeschikkingstelling(blad, invoer)
    regels: list[Maandbijtelling] = []
    vrijgesteld = 0
    einde_overgang: dt.date | None = None
    for maand in heffingsmaanden:
        if eerste < ingang:
            einde_overgang = blad.datum(PSEUDO_OVERGANG_TOT, op=maand)
            if _laatste_dag(maand) <= einde_overgang:
                vrijgesteld += 1
                continue
        percentage = blad.waarde(PSEUDO_PERCENTAGE, op=maand)
        grondslag, wat = invoer.cataloguswaarde, "de cataloguswaarde"
        if leeftijd_bereikt(invoer.datum_eerste_toelating, blad.waarde(PSEUDO_LEEFTIJD, op=maand, toets=True), maand):
            blad.bepalend(PSEUDO_LEEFTIJD, op=maand)
            grondslag = _waarde_economisch_verkeer(invoer, "de pseudo-eindheffing voor een auto van deze leeftijd")
            wat = "de waarde in het economische verkeer"
        regels.append(
            Maandbijtelling(maand, f"{procent(percentage)} van {wat} {euro(grondslag)}", percentage * grondslag)
        )
    _stappen_per_reeks(blad, regels, "Pseudo-eindheffing ")
    totaal = sum((regel.jaarbedrag for regel in regels), ZERO) / MAANDEN_PER_JAAR
    if vrijgesteld:
        assert einde_overgang is not None
        blad.stap(
            f"Pseudo-eindheffing: {vrijgesteld} {'maand' if vrijgesteld == 1 else 'maanden'} vrijgesteld, "
            f"want uw werkgever stelde de auto al vóór {datum(ingang)} ter beschikking (overgangsregeling tot "
            f"{datum(einde_overgang)})",
            ZERO,
        )
    return totaal


def in_gebruik_sinds(invoer: AutoVanDeZaakInvoer) -> tuple[dt.date, str | None]:
    """When the car came into use in the business that deducted the btw: the ondernemer's own start, or the
    day the employer first made it available; else the datum eerste toelating, with the assumption to state."""
    if invoer.rol == "ondernemer":
        sinds = invoer.ter_beschikking_sinds
        wat = "hij u ter beschikking staat"
    else:
        sinds = invoer.eerste_terbeschikkingstelling
        wat = "uw werkgever hem voor het eerst ter beschikking stelde"
    if sinds is not None:
        return sinds, None
    if invoer.rol == "dga" and invoer.ter_beschikking_sinds is not None:
        # Your own bv: the car came into its use when it came to you, not when it was first registered.
        return invoer.ter_beschikking_sinds, (
            "De jaren voor het btw-forfait tellen vanaf de datum dat de auto u ter beschikking staat: aangenomen "
            "is dat hij toen in uw bv kwam."
        )
    return invoer.datum_eerste_toelating, (
        "De jaren voor het btw-forfait tellen vanaf de datum eerste toelating; kwam de auto later in het "
        f"bedrijf, geef dan op sinds wanneer {wat}."
    )


def btw_prive(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, maanden: tuple[dt.date, ...]) -> Decimal | None:
    """Btw on private use of a business car, forfait (besluit privégebruik auto): a yearly share of the
    cataloguswaarde, lower after the first years of use; prorated over the months of availability. Owed by
    whoever deducted the btw: the ondernemer, or the employer or bv of a werknemer or dga."""
    if not heeft_privegebruik_voor_btw(invoer):
        if invoer.privegebruik_verbod:
            blad.stap("Btw over privégebruik: geen, de auto wordt niet privé gebruikt")
        else:
            blad.voorbehoud(
                "De auto wordt niet meer dan 500 km privé en niet woon-werk gebruikt: de btw over privégebruik "
                "volgt dan uit het werkelijke privégebruik in de rittenregistratie; dat is hier niet berekend."
            )
        return None
    try:
        vol = blad.waarde(BTW_FORFAIT)
        verlaagd = blad.waarde(BTW_FORFAIT_OUDERE_AUTO)
        jaren = blad.waarde(BTW_JAREN_VOL_FORFAIT, toets=True)
    except ParameterOntbreekt as ontbreekt:
        blad.voorbehoud(f"De btw over privégebruik is niet berekend: {ontbreekt}.")
        return None
    sinds, aanname = in_gebruik_sinds(invoer)
    gebruiksjaar = invoer.jaar - sinds.year + 1
    sinds_toelating = invoer.jaar - invoer.datum_eerste_toelating.year + 1
    if aanname is not None and max(gebruiksjaar, sinds_toelating) >= jaren:
        # Only then could another start in the business change the percentage.
        blad.aanname(aanname)
    # The sources count the years of the full forfait differently by one year: the count only decides the
    # amount around the cut-over, so only there is it a source and a reservation.
    if jaren <= gebruiksjaar <= jaren + 1:
        blad.bepalend(BTW_JAREN_VOL_FORFAIT)
    percentage = vol if gebruiksjaar <= jaren else verlaagd
    bedrag = invoer.cataloguswaarde * percentage * len(maanden) / MAANDEN_PER_JAAR
    wie = {"ondernemer": "", "dga": " (voor uw bv)", "werknemer": " (voor uw werkgever)"}[invoer.rol]
    blad.stap(
        f"Btw over privégebruik{wie} ({gebruiksjaar}e jaar in gebruik sinds {sinds.year}): {procent(percentage)} "
        f"van de cataloguswaarde {euro(invoer.cataloguswaarde)}, × {len(maanden)}/12",
        op_centen(bedrag),
    )
    wie_trok_af = "u" if invoer.rol == "ondernemer" else ("uw bv" if invoer.rol == "dga" else "uw werkgever")
    blad.aanname(
        "De btw over privégebruik is het forfait voor als het werkelijke privégebruik (inclusief woon-werk) niet "
        f"wordt bijgehouden; ervan uitgegaan dat {wie_trok_af} de btw op de auto en de kosten heeft afgetrokken. "
        "De correctie is nooit hoger dan de afgetrokken btw van dat jaar plus een vijfde van de btw bij "
        "aankoop; dat is niet getoetst."
    )
    if len(maanden) < MAANDEN_PER_JAAR:
        blad.aanname("Het btw-forfait is naar tijdsgelang berekend over de maanden dat de auto ter beschikking stond.")
    return bedrag


@dataclass(frozen=True)
class NettoKosten:
    """What the bijtelling costs the driver in income tax: over the months of availability and per month."""

    totaal: Decimal
    per_maand: Decimal
    aanname: str
    mogelijk_nihil: bool = False


def netto_kosten(blad: Rekenblad, invoer: AutoVanDeZaakInvoer, bijtelling: Decimal, maanden: int) -> NettoKosten | None:
    """Art. 2.10 Wet IB 2001: indicatively, the extra box 1 tax the bijtelling causes.

    With `belastbaar_inkomen`: the tax on the income with the bijtelling minus that without. Without: the
    bijtelling at the rate of `schijf`, or of a middle bracket. For an ondernemer the bijtelling raises the
    profit, of which the MKB-winstvrijstelling is exempt. None when the year's brackets are not known.
    """
    try:
        belast = bijtelling
        na_vrijstelling = ""
        if invoer.rol == "ondernemer":
            mkb = blad.waarde(MKB_WINSTVRIJSTELLING)
            belast = bijtelling * (1 - mkb)
            na_vrijstelling = f", na {procent(mkb)} MKB-winstvrijstelling"
        if invoer.belastbaar_inkomen is not None:
            extra = belasting_over_extra_inkomen(blad, invoer.belastbaar_inkomen, belast)
            nihil = heffingskortingen_kunnen_alles_wegnemen(blad, invoer.belastbaar_inkomen + belast)
            aanname = f"Uw belastbaar inkomen zonder de bijtelling is {euro(invoer.belastbaar_inkomen)}."
            blad.aanname(
                "De extra belasting is een indicatie: uw belastbaar inkomen is opgegeven zonder de bijtelling, "
                "helemaal in box 1, u heeft de AOW-leeftijd nog niet bereikt, en het effect op heffingskortingen "
                "is niet meegeteld."
            )
            stap = f"Indicatief extra inkomstenbelasting over de bijtelling{na_vrijstelling} (afgerond op hele euro's)"
        else:
            gekozen, aangenomen = schijf(blad, invoer.schijf)
            extra = belast * gekozen.tarief
            nihil = False
            aanname = f"Uw inkomen valt in {gekozen.omschrijving()}."
            if aangenomen:
                blad.aanname(
                    f"Aangenomen dat uw inkomen in {gekozen.omschrijving()} valt; met uw inkomen of uw schijf "
                    "wordt de schatting preciezer."
                )
            stap = (
                f"Indicatief extra inkomstenbelasting: bijtelling{na_vrijstelling} × {procent(gekozen.tarief)} "
                "(afgerond op hele euro's)"
            )
    except ParameterOntbreekt:
        return None
    except ValueError as fout:
        raise OngeldigeInvoer("schijf", str(fout)) from None
    kosten = op_hele_euros(extra)
    blad.stap(stap, kosten)
    per_maand = op_hele_euros(extra / maanden)
    return NettoKosten(kosten, per_maand, aanname, mogelijk_nihil=nihil and kosten > ZERO)


def _maanden_tekst(aantal: int) -> str:
    return f"{aantal} {'maand' if aantal == 1 else 'maanden'}"


def _conclusie(
    invoer: AutoVanDeZaakInvoer,
    maanden: int,
    bijtelling: Decimal,
    per_maand: Decimal,
    heffing: Decimal | None,
    btw: Decimal | None,
    kosten: NettoKosten | None,
) -> str:
    periode = (
        f"voor {invoer.jaar}" if maanden == MAANDEN_PER_JAAR else f"over {_maanden_tekst(maanden)} van {invoer.jaar}"
    )
    wanneer = f"in {invoer.jaar}" if maanden == MAANDEN_PER_JAAR else periode
    if invoer.privegebruik_verbod:
        zin = f"U heeft {wanneer} geen bijtelling, omdat privégebruik u is verboden"
    elif invoer.privegebruik == "max_500_km":
        zin = f"U heeft {wanneer} geen bijtelling, omdat u niet meer dan 500 km per jaar privé rijdt"
    elif bijtelling == ZERO and invoer.eigen_bijdrage > ZERO:
        zin = (
            f"U heeft {wanneer} geen bijtelling, omdat uw eigen bijdrage van "
            f"{euro(invoer.eigen_bijdrage)} minstens zo hoog is als de bijtelling"
        )
    else:
        zin = f"Uw bijtelling {periode} is {euro(bijtelling)} (gemiddeld {euro(per_maand)} per maand"
        if maanden < MAANDEN_PER_JAAR:
            zin += f", {euro(op_centen(bijtelling / maanden * MAANDEN_PER_JAAR))} op jaarbasis"
        zin += ")"
        if kosten is not None and kosten.mogelijk_nihil:
            zin += "; bij uw inkomen vangen de heffingskortingen de extra belasting mogelijk helemaal op"
        elif kosten is not None:
            zin += f"; dat kost u naar schatting {euro(kosten.per_maand)} netto per maand"
    betaler = "uw bv" if invoer.rol == "dga" else "uw werkgever"
    extra = []
    if heffing is not None and heffing > ZERO:
        extra.append(f"{euro(heffing)} pseudo-eindheffing")
    if btw is not None and invoer.rol != "ondernemer":
        extra.append(f"{euro(btw)} btw over privégebruik")
    if extra:
        zin += f"; {betaler} betaalt daarnaast {' en '.join(extra)}"
    if btw is not None and invoer.rol == "ondernemer":
        zin += f"; de btw-correctie voor privégebruik is {euro(btw)}"
    return zin + "."


def _netto(invoer: AutoVanDeZaakInvoer, bijtelling: Decimal, kosten: NettoKosten | None, maanden: int) -> NettoEffect:
    if bijtelling == ZERO:
        return NettoEffect("netto_kosten_per_maand", "U betaalt geen belasting over een bijtelling.")
    if kosten is None:
        return NettoEffect(
            None,
            f"Wat de bijtelling u netto kost, kan ik voor {invoer.jaar} nog niet zeggen: de tarieven van de "
            "inkomstenbelasting voor dat jaar zijn nog niet bekend.",
        )
    if kosten.mogelijk_nihil:
        return NettoEffect(
            None,
            "Bij uw inkomen kunnen de heffingskortingen de extra belasting over de bijtelling (bijna) helemaal "
            "opvangen; de bijtelling kost u dan weinig of niets.",
            "De algemene heffingskorting en de arbeidskorting op hun hoogste bedrag.",
        )
    over = "" if maanden == MAANDEN_PER_JAAR else f" ({euro(kosten.totaal)} over {_maanden_tekst(maanden)})"
    return NettoEffect(
        "netto_kosten_per_maand",
        f"De auto kost u netto naar schatting {euro(kosten.per_maand)} per maand aan extra inkomstenbelasting{over}.",
        kosten.aanname,
    )


def bereken(invoer: AutoVanDeZaakInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    if invoer.rol == "ondernemer":
        # The parameter files cite art. 13bis Wet LB 1964; an ondernemer's bijtelling is art. 3.20 Wet IB 2001.
        blad.bron(*WET_IB)
    # The auto/ files cover only the years whose rules are known; ask for one first, so a year without
    # figures is refused even when no bijtelling needs to be computed (at most 500 private km).
    blad.waarde(VASTE_PERIODE)
    maanden = beschikbare_maanden(invoer)
    _aannames_maanden(blad, invoer, maanden)

    if invoer.privegebruik_verbod:
        blad.stap("Uw werkgever heeft privégebruik schriftelijk verboden: geen bijtelling", ZERO)
        blad.aanname(
            "Ik ben ervan uitgegaan dat het verbod op privégebruik schriftelijk is vastgelegd, wordt nageleefd en dat "
            "uw werkgever erop toeziet."
        )
        exact = ZERO
    elif invoer.privegebruik == "max_500_km":
        blad.bron(*VERKLARING_500_KM)
        blad.stap("U rijdt aantoonbaar niet meer dan 500 km per jaar privé: geen bijtelling", ZERO)
        blad.aanname(
            "Ik ben ervan uitgegaan dat u dat kunt aantonen met een sluitende rittenregistratie of een Verklaring "
            "geen privégebruik auto; woon-werkverkeer telt voor de bijtelling niet als privé."
        )
        exact = ZERO
    else:
        exact = bijtelling_jaar(blad, invoer, maanden)
        if invoer.rol == "ondernemer":
            blad.voorbehoud(
                "Voor een ondernemer is de bijtelling nooit hoger dan de autokosten die ten laste van de "
                "winst zijn gebracht; dat is niet getoetst."
            )
    aantal = len(maanden)
    bijtelling = op_centen(exact)
    per_maand = op_centen(exact / aantal)
    blad.stap("Bijtelling", bijtelling)

    heffing = pseudo_eindheffing(blad, invoer, maanden)
    heffing_afgerond = None if heffing is None else op_centen(heffing)
    if heffing_afgerond is not None and heffing_afgerond > ZERO:
        blad.stap("Pseudo-eindheffing voor de werkgever", heffing_afgerond)
    btw = btw_prive(blad, invoer, maanden)
    btw_afgerond = None if btw is None else op_centen(btw)
    kosten = netto_kosten(blad, invoer, bijtelling, aantal) if bijtelling > ZERO else None
    werkgever: Decimal | None = None
    if invoer.rol != "ondernemer":
        werkgever = (heffing_afgerond or ZERO) + (btw_afgerond or ZERO)

    kern: tuple[str, ...] = ("bijtelling",)
    if kosten is not None and not kosten.mogelijk_nihil:
        kern += ("netto_kosten_per_maand",)
    if werkgever:
        kern += ("kosten_werkgever",)
    elif btw_afgerond:
        kern += ("btw_prive",)
    return blad.uitkomst(
        bedragen={
            "bijtelling": bijtelling,
            "bijtelling_per_maand": per_maand,
            "bijtelling_per_jaar": op_centen(exact / aantal * MAANDEN_PER_JAAR),
            "pseudo_eindheffing": heffing_afgerond,
            "btw_prive": btw_afgerond,
            "kosten_werkgever": werkgever,
            "netto_kosten": None if kosten is None else kosten.totaal,
            "netto_kosten_per_maand": None if kosten is None else kosten.per_maand,
        },
        aantallen={"maanden": Decimal(aantal)},
        hoofdwaarde="bijtelling",
        conclusie=_conclusie(invoer, aantal, bijtelling, per_maand, heffing_afgerond, btw_afgerond, kosten),
        kern=kern,
        netto=_netto(invoer, bijtelling, kosten, aantal),
    )


def dagwaarde_kan_nodig_zijn(
    datum_eerste_toelating: dt.date, jaar: int | None = None, parameters: Parameters | None = None
) -> bool:
    """Whether the waarde in het economische verkeer (dagwaarde) could decide the amount for this car.

    It does when, in `jaar` (or, without it, in any year the parameter files know), the car can be a youngtimer
    (also through the relief for cars that had the previous year's age) or old enough for the
    pseudo-eindheffing on its dagwaarde. Tested at the latest moment of the year, so a car that reaches the age
    in December counts: asking once too often costs a question, asking too rarely an error.
    """
    bron = parameters or standaard_parameters()
    jaren: set[int] = set()
    for naam in (YOUNGTIMER_LEEFTIJD, YOUNGTIMER_LEEFTIJD_VORIG_JAAR, PSEUDO_LEEFTIJD):
        jaren |= bron.get(naam).bekende_jaren()
    if jaar is not None and jaar in jaren:
        jaren = {jaar}
    for j in sorted(jaren):
        december, oudjaar = dt.date(j, 12, 1), dt.date(j - 1, 12, 31)
        for naam, op in (
            (YOUNGTIMER_LEEFTIJD, december),
            (YOUNGTIMER_LEEFTIJD_VORIG_JAAR, oudjaar),
            (PSEUDO_LEEFTIJD, december),
        ):
            parameter = bron.get(naam)
            if not parameter.kent(december):
                continue
            leeftijd = parameter.periode_op(december).waarde
            assert isinstance(leeftijd, Decimal)
            if leeftijd_bereikt(datum_eerste_toelating, leeftijd, op):
                return True
    return False


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Auto van de zaak: bijtelling, pseudo-eindheffing en btw privégebruik",
    invoer=AutoVanDeZaakInvoer,
    bereken=bereken,
    parameters=(
        VASTE_PERIODE,
        PERCENTAGE,
        OUDE_AUTO,
        EMISSIEVRIJ,
        YOUNGTIMER_LEEFTIJD,
        YOUNGTIMER_LEEFTIJD_VORIG_JAAR,
        YOUNGTIMER_PERCENTAGE,
    ),
)


def pseudo_eindheffing_vanaf(parameters: Parameters | None = None) -> dt.date:
    """The day the pseudo-eindheffing starts: a car the employer made available before it falls under the
    transitional rule, whoever drives it now."""
    ingang = (parameters or standaard_parameters()).get(PSEUDO_INGANG).perioden[-1].waarde
    assert isinstance(ingang, dt.date)
    return ingang


def pseudo_eindheffing_kan_gelden(
    jaar: int | None, aandrijving: str | None, rol: str | None, parameters: Parameters | None = None
) -> bool:
    """Whether the employer's levy can decide the amount: a car with CO2 emission, made available by an
    employer (also one's own bv), in a year from the start of the levy. Unknown answers count as 'could be'."""
    if rol == "ondernemer" or aandrijving not in {None, "brandstof"}:
        return False
    return jaar is None or jaar >= pseudo_eindheffing_vanaf(parameters).year
