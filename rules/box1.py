"""Box 1 income tax for indicative effects: what extra income costs and what a deduction saves.

These are indications for one person below the AOW age: heffingskortingen, other boxes and the partner are
left out, and every caller says so in an assumption. Where the kortingen could take away all the tax, a caller
asks `heffingskortingen_kunnen_alles_wegnemen` and says the effect may be nil instead of printing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rules.afronding import op_centen, op_hele_euros
from rules.formatteer import euro, procent
from rules.rekenblad import Rekenblad, getal_in, over_schijven

SCHIJVEN = "inkomstenbelasting/box1_schijven"
MAXIMAAL_AFTREKTARIEF = "inkomstenbelasting/maximaal_aftrektarief"
ZERO = Decimal(0)


def box1_belasting(blad: Rekenblad, belastbaar_inkomen: Decimal, *, op_centen_afronden: bool = True) -> Decimal:
    """Art. 2.10 Wet IB 2001: tax and premiums on income from work and home, before heffingskortingen.

    A difference of two taxes (what a deduction saves) is taken unrounded and rounded once, at the end:
    rounding each to the cent first can push an indication of € 0,49 to € 1.
    """
    belasting = over_schijven(blad.tabel(SCHIJVEN), belastbaar_inkomen)
    return op_centen(belasting) if op_centen_afronden else belasting


def belasting_over_extra_inkomen(blad: Rekenblad, inkomen: Decimal, extra: Decimal) -> Decimal:
    """What `extra` taxable income (such as a bijtelling) costs on top of `inkomen`, at the box 1 rates."""
    return box1_belasting(blad, inkomen + extra) - box1_belasting(blad, inkomen)


def grens_hoogste_schijf(blad: Rekenblad) -> Decimal:
    return getal_in(blad.tabel(SCHIJVEN)[-1], "ondergrens")


def waarde_van_aftrek(blad: Rekenblad, inkomen: Decimal, aftrek: Decimal, *, tariefsaanpassing: bool = True) -> Decimal:
    """Art. 2.10a Wet IB 2001: what deducting `aftrek` from `inkomen` saves, after the tariefsaanpassing.

    Under the tariefsaanpassing, the part of the deduction that comes off income in the top bracket is worth
    only the maximum deduction rate: the saving there is reduced by (top rate − that rate) × the lower of the
    deduction and the income in the top bracket. Unrounded: the caller rounds the indication once.
    """
    aftrek = min(aftrek, inkomen)
    besparing = box1_belasting(blad, inkomen, op_centen_afronden=False) - box1_belasting(
        blad, inkomen - aftrek, op_centen_afronden=False
    )
    if not tariefsaanpassing:
        return besparing
    deel_in_hoogste_schijf = min(aftrek, max(ZERO, inkomen - grens_hoogste_schijf(blad)))
    if deel_in_hoogste_schijf == ZERO:
        return besparing
    toptarief = getal_in(blad.tabel(SCHIJVEN)[-1], "tarief")
    aanpassing = (toptarief - blad.waarde(MAXIMAAL_AFTREKTARIEF)) * deel_in_hoogste_schijf
    return besparing - aanpassing


MKB_WINSTVRIJSTELLING = "ondernemers/mkb_winstvrijstelling"
ALGEMENE_HEFFINGSKORTING = "inkomstenbelasting/algemene_heffingskorting_maximum"
ARBEIDSKORTING = "inkomstenbelasting/arbeidskorting_maximum"


def belasting_over_winst(blad: Rekenblad, winst: Decimal, ondernemersaftrek: Decimal = ZERO) -> Decimal:
    """Box 1 tax on a profit, after the ondernemersaftrek and the MKB-winstvrijstelling (art. 3.79a).

    Both deductions fall under the tariefsaanpassing of art. 2.10a: the part of them that comes off income in
    the top bracket is worth only the maximum deduction rate. An investeringsaftrek lowers `winst` itself
    and is not such a deduction; pass the profit after it.
    """
    winst = max(ZERO, winst)
    na_aftrek = max(ZERO, winst - ondernemersaftrek)
    vrijstelling = na_aftrek * blad.waarde(MKB_WINSTVRIJSTELLING)
    belastbaar = na_aftrek - vrijstelling
    belasting = box1_belasting(blad, belastbaar)
    aftrekposten = (winst - na_aftrek) + vrijstelling
    in_hoogste_schijf = min(aftrekposten, max(ZERO, winst - grens_hoogste_schijf(blad)))
    if in_hoogste_schijf > ZERO:
        toptarief = getal_in(blad.tabel(SCHIJVEN)[-1], "tarief")
        belasting += (toptarief - blad.waarde(MAXIMAAL_AFTREKTARIEF)) * in_hoogste_schijf
    return op_centen(belasting)


@dataclass(frozen=True)
class Schijf:
    """One bracket of art. 2.10 Wet IB 2001: its number (1 is the lowest), rate and income range."""

    nummer: int
    tarief: Decimal
    ondergrens: Decimal
    bovengrens: Decimal | None

    def omschrijving(self) -> str:
        """'de schijf van 37,56% (inkomen van € 38.883 tot € 78.426)' for an assumption or a step."""
        if self.bovengrens is None:
            bereik = f"inkomen boven {euro(self.ondergrens)}"
        elif self.ondergrens == ZERO:
            bereik = f"inkomen tot {euro(self.bovengrens)}"
        else:
            bereik = f"inkomen van {euro(self.ondergrens)} tot {euro(self.bovengrens)}"
        return f"de schijf van {procent(self.tarief)} ({bereik})"


def schijven(blad: Rekenblad) -> tuple[Schijf, ...]:
    tabel = blad.tabel(SCHIJVEN)
    return tuple(
        Schijf(
            nummer=index + 1,
            tarief=getal_in(rij, "tarief"),
            ondergrens=getal_in(rij, "ondergrens"),
            bovengrens=getal_in(tabel[index + 1], "ondergrens") if index + 1 < len(tabel) else None,
        )
        for index, rij in enumerate(tabel)
    )


def schijf(blad: Rekenblad, nummer: int | None) -> tuple[Schijf, bool]:
    """The bracket `nummer`, or when it is not given the one below the top (a middle income): (schijf, assumed).

    In 2025 and 2026 that is the second of three brackets; in 2024, with two, the first (36,97%). Raises
    `ValueError` for a number the year does not have.
    """
    alle = schijven(blad)
    if nummer is None:
        return alle[max(0, len(alle) - 2)], True
    if not 1 <= nummer <= len(alle):
        raise ValueError(f"{blad.jaar} kent {len(alle)} schijven")
    return alle[nummer - 1], False


def heffingskortingen_kunnen_alles_wegnemen(blad: Rekenblad, belastbaar_inkomen: Decimal) -> bool:
    """Whether at this income the maximum algemene heffingskorting and arbeidskorting (art. 8.10 and 8.11)
    together are at least the box 1 tax, so that a deduction may save nothing.

    Both kortingen are taken at their maximum, for someone who works: an upper bound, so the answer "may be
    nil" is said a little too often rather than a saving printed that does not exist.
    """
    kortingen = blad.waarde(ALGEMENE_HEFFINGSKORTING, toets=True) + blad.waarde(ARBEIDSKORTING, toets=True)
    if box1_belasting(blad, belastbaar_inkomen) > kortingen:
        return False
    # Only when the kortingen decide that the effect may be nil are they a source of the answer.
    blad.bepalend(ALGEMENE_HEFFINGSKORTING)
    blad.bepalend(ARBEIDSKORTING)
    return True


@dataclass(frozen=True)
class Voordeel:
    """What a deduction saves, whether the heffingskortingen may make that nil, and what it rests on."""

    bedrag: Decimal
    mogelijk_nihil: bool
    aanname: str


def geschat_voordeel_zonder_winst(blad: Rekenblad, aftrek: Decimal, naam: str) -> Voordeel:
    """Without the profit, what a deduction from it (`naam`: "investeringsaftrek", "S&O-aftrek") saves in box 1:
    the deduction after the MKB-winstvrijstelling at the rate of a middle bracket."""
    mkb = blad.waarde(MKB_WINSTVRIJSTELLING)
    middelste, _ = schijf(blad, None)
    bedrag = op_hele_euros(aftrek * (1 - mkb) * middelste.tarief)
    blad.stap(
        f"Geschat belastingvoordeel {naam}: {euro(aftrek)} × (100% − {procent(mkb)} MKB-winstvrijstelling) × "
        f"{procent(middelste.tarief)}",
        bedrag,
    )
    blad.aanname(
        f"Zonder uw winst is het belastingvoordeel van de {naam} geschat met {middelste.omschrijving()}, na "
        f"{procent(mkb)} MKB-winstvrijstelling; met uw winst wordt de schatting preciezer."
    )
    return Voordeel(bedrag, False, f"Uw winst valt in {middelste.omschrijving()}.")
