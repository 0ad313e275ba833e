"""The seam between a topic's calculator and the registry: what every calculator module provides.

Each calculator module builds one `Calculator` value; `rules.onderwerpen` lists them explicitly. This module
imports no calculator, so the dependency runs one way: registry → calculators → this seam.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from rules.invoer import Invoer
from rules.parameters import Parameters
from rules.uitkomst import Uitkomst

InvoerT = TypeVar("InvoerT", bound=Invoer)
I_contra = TypeVar("I_contra", bound=Invoer, contravariant=True)


class Berekening(Protocol[I_contra]):
    """A pure calculation: validated input (and optionally other parameter files) in, `Uitkomst` out."""

    def __call__(self, invoer: I_contra, parameters: Parameters | None = None, /) -> Uitkomst: ...


@dataclass(frozen=True)
class Calculator(Generic[InvoerT]):
    onderwerp: str
    titel: str
    invoer: type[InvoerT]
    bereken: Berekening[InvoerT]
    parameters: tuple[str, ...]
    """The parameter files every calculation of this topic needs; the years it can compute follow from them."""
