"""The website endpoints' errors: always JSON with one Dutch sentence, never a traceback.

`{"fout": "<zin>", "veld": "<veld of null>"}`; the widget shows `fout` as it is, a static calculator page can
put it next to `veld`.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

GEEN_JSON = "Dit is geen geldige JSON: stuur een JSON-object met Content-Type: application/json."
TE_GROOT = "Dit bericht is te groot; stuur hoogstens 16 KB."
TE_SNEL = "U stuurt veel berichten kort na elkaar. Wacht even en probeer het dan opnieuw."
NIET_TOEGESTAAN = "Deze website mag de adviesbot niet gebruiken."
BESTAAT_NIET = "Dit adres bestaat niet."
METHODE = "Deze methode kan hier niet."
STORING = "Het lukt even niet om te antwoorden. Probeer het over een minuut opnieuw."


def fout(status: int, tekst: str, *, veld: str | None = None, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"fout": tekst, "veld": veld}, status_code=status, headers=dict(headers or {}))
