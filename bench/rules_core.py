"""Benchmark 3: the rules core on its own, without Telegram or a database.

Per calculator: `rules.bereken(onderwerp, typical_input)` called many times, each call timed; calcs/s is calls
over the total time. And the time to load and validate every parameter file from a cold cache: a fresh
`Parameters()` in a fresh process (the modules are imported first, outside the timing). `python -m bench` runs

    python -m bench.rules_core --calls 2000

once per repeat, in a new process each time (each calculator gets at most `--calls` calls and about 0.75 s),
and reads the JSON it prints on its last line.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.stats import percentile

# One typical input per calculator, taken from the cases in tests/rules/cases (copied: bench never imports tests).
TYPICAL_INPUT: dict[str, dict[str, Any]] = {
    "anbi-contributie": {
        "jaar": 2025,
        "anbi": True,
        "contributie": 1000,
        "tegenprestatie": "geen",
        "periodiek": False,
        "drempelinkomen": 50000,
    },
    "auto-van-de-zaak": {
        "jaar": 2026,
        "cataloguswaarde": 45000,
        "datum_eerste_toelating": "2026-01-01",
        "aandrijving": "elektrisch",
        "rol": "werknemer",
        "belastbaar_inkomen": 50000,
    },
    "tweede-woning": {
        "jaar": 2026,
        "aankoopprijs": 400000,
        "woz_waarde": 300000,
        "verhuurd": True,
        "huurbescherming": True,
        "jaarhuur": 3000,
    },
    "kia": {"jaar": 2025, "investeringen": [30000, 12000]},
    "box3": {"jaar": 2026, "spaargeld": 100000, "beleggingen": 50000, "schulden": 0, "fiscale_partner": False},
    "wbso": {"jaar": 2025, "s_o_kosten": 400000, "starter": False, "ib_ondernemer": True, "s_o_uren": 600},
}
WARM_UP_CALLS = 50
# Enough calls for a stable median, without letting a slow calculator take minutes.
MIN_CALLS = 100
MAX_SECONDS_PER_CALCULATOR = 0.75


def measure(calls: int) -> dict[str, Any]:
    from rules.onderwerpen import ONDERWERPEN, bereken
    from rules.parameters import Parameters

    started = time.perf_counter()
    parameters = Parameters().laad_alles()
    load_ms = (time.perf_counter() - started) * 1000

    calculators: dict[str, Any] = {}
    for onderwerp in ONDERWERPEN:
        invoer = TYPICAL_INPUT.get(onderwerp)
        if invoer is None:
            calculators[onderwerp] = {"missing": "no typical input in bench/rules_core.py"}
            continue
        for _ in range(WARM_UP_CALLS):
            bereken(onderwerp, invoer)
        durations: list[int] = []
        clock = time.perf_counter_ns
        deadline = clock() + int(MAX_SECONDS_PER_CALCULATOR * 1e9)
        while len(durations) < calls and (len(durations) < MIN_CALLS or clock() < deadline):
            before = clock()
            bereken(onderwerp, invoer)
            durations.append(clock() - before)
        micros = [d / 1000 for d in durations]
        calculators[onderwerp] = {
            "median_us": percentile(micros, 50),
            "p99_us": percentile(micros, 99),
            "max_us": max(micros),
            "calcs_per_s": len(durations) / (sum(durations) / 1e9),
            "calls": len(durations),
        }
    return {"load_all_ms": load_ms, "parameter_files": len(parameters), "calculators": calculators}


def profile(onderwerp: str, output: Path, seconds: float = 1.5) -> None:
    """A pyinstrument profile of `seconds` worth of calls of one calculator (after a warm-up)."""
    from bench.profiling import profiled
    from rules.onderwerpen import bereken

    invoer = TYPICAL_INPUT[onderwerp]
    for _ in range(WARM_UP_CALLS):
        bereken(onderwerp, invoer)
    deadline = time.perf_counter() + seconds
    with profiled(output, interval=0.0002):
        while time.perf_counter() < deadline:
            bereken(onderwerp, invoer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rules_core")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--profile", type=Path, help="write a profile of --calculator here instead of measuring")
    parser.add_argument("--calculator", choices=sorted(TYPICAL_INPUT))
    args = parser.parse_args(argv)
    if args.profile is not None:
        profile(args.calculator, args.profile)
        return 0
    # Imported before the clock starts: the figure is loading and validating the files, not importing pydantic.
    import rules.onderwerpen
    import rules.parameters  # noqa: F401

    print(json.dumps(measure(args.calls)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
