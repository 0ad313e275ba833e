"""Which years a topic can compute, derived from the periods of the parameters it needs, and why not.

No year is written down here: a year is computable when every parameter the topic always needs has a value
for the whole of it. The sentences are what a client reads when the year is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.parameters import Parameter, ParameterOntbreekt, Parameters


def berekenbare_jaren(namen: Sequence[str], parameters: Parameters) -> tuple[int, ...]:
    """The years for which every parameter in `namen` is known from 1 January through 31 December."""
    jaren = [parameters.get(naam).bekende_jaren() for naam in namen]
    return tuple(sorted(frozenset.intersection(*jaren))) if jaren else ()


def _in_zin(label: str) -> str:
    """'Tabel kleinschaligheidsinvesteringsaftrek (KIA)' → 'tabel …' in a sentence; 'S&O-aftrek' stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _bereik(jaren: Sequence[int]) -> str:
    if len(jaren) == 1:
        return f"ik reken alleen met {jaren[0]}"
    return f"ik reken met {jaren[0]} tot en met {jaren[-1]}"


def nog_niet_bekend(label: str, jaar: int) -> str:
    return f"Voor {jaar} zijn nog niet alle bedragen bekend: {_in_zin(label)} voor {jaar} is nog niet bekend"


def te_vroeg(eerste: int) -> str:
    return f"{eerste - 1} en eerder reken ik niet uit"


def waarom_niet(namen: Sequence[str], jaar: int, parameters: Parameters) -> str | None:
    """None when `jaar` is computable; otherwise the sentence (without full stop) that names what is missing."""
    jaren = berekenbare_jaren(namen, parameters)
    if jaar in jaren:
        return None
    if jaren and jaar < jaren[0]:
        return f"{te_vroeg(jaren[0])}; {_bereik(jaren)}"
    ontbrekend: Parameter | None = next(
        (p for p in (parameters.get(naam) for naam in namen) if jaar not in p.bekende_jaren()), None
    )
    label = ontbrekend.label if ontbrekend is not None else "een van de bedragen"
    zin = nog_niet_bekend(label, jaar)
    return f"{zin}; {_bereik(jaren)}" if jaren else zin


def waarom_ontbreekt(ontbreekt: ParameterOntbreekt, jaar: int) -> str:
    """The sentence for a figure found missing during a calculation (a year the topic's list let through)."""
    if ontbreekt.eerste is not None and ontbreekt.datum < ontbreekt.eerste:
        return te_vroeg(ontbreekt.eerste.year)
    return nog_niet_bekend(ontbreekt.label, jaar)
