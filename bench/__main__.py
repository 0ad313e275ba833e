"""`python -m bench` (`make bench`): run every benchmark, then write BENCHMARKS.md at the repository root.

    python -m bench [--users 1000] [--repeats 5] [--budget-seconds 420] [--quick] [--no-postgres] [--output PATH]
    python -m bench --render bench-results.json [--output PATH]

Every run also keeps its measurements as JSON next to the report (bench-results.json, not committed), so the
report can be rendered again from them (`--render`) after its text changed, without measuring again.

Order: the rules core and start-up (short, `--repeats` runs each), then the full-stack rounds (each round runs
SQLite, PostgreSQL and the baseline back to back, each in a fresh process) for as many of `--repeats` rounds as
fit in the time budget (at least one), then a pyinstrument profile of every area whose target was missed.
Progress goes to stderr. Exit status 1 when a benchmark failed (the report is written anyway).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import machine, report, startup
from bench.users import IN_FLIGHT

REPO = Path(__file__).resolve().parent.parent
SCENARIO_TIMEOUT_S = 600
PROFILE_USERS = 200
QUICK_USERS = 10
# What the profiles after the rounds may take, kept free in the time budget.
PROFILE_RESERVE_S = 45


class BenchFailed(Exception):
    pass


class Progress:
    def __init__(self) -> None:
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, message: str) -> None:
        minutes, seconds = divmod(int(self.elapsed), 60)
        print(f"[bench {minutes:02d}:{seconds:02d}] {message}", file=sys.stderr, flush=True)


def run_json(args: list[str], timeout: float = SCENARIO_TIMEOUT_S) -> dict[str, Any]:
    """Run `python -m <args>` in a fresh process and parse the JSON object on the last line of its stdout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    try:
        done = subprocess.run(  # noqa: S603 (our own interpreter and modules)
            [sys.executable, "-m", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchFailed(f"`python -m {' '.join(args)}` took longer than {timeout:.0f} s") from None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise BenchFailed(f"`python -m {' '.join(args)}` exited with {done.returncode}: {done.stderr.strip()[-800:]}")
    try:
        parsed = json.loads(lines[-1])
    except json.JSONDecodeError:
        raise BenchFailed(f"`python -m {' '.join(args)}` printed no JSON: {lines[-1][:200]!r}") from None
    if not isinstance(parsed, dict):
        raise BenchFailed(f"`python -m {' '.join(args)}` printed {type(parsed).__name__}, not an object")
    return parsed


def run_profile(args: list[str], what: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        output = Path(tmp) / "profile.json"
        try:
            if args[0] == "bench.full_stack":
                run_json([*args, "--profile", str(output)])
            else:
                _run_plain([*args, "--profile", str(output)])
            profile: dict[str, Any] = json.loads(output.read_text())
        except (BenchFailed, OSError, json.JSONDecodeError) as error:
            return {"error": str(error)}
    profile["what"] = what
    return profile


def _run_plain(args: list[str]) -> None:
    done = subprocess.run(  # noqa: S603 (our own interpreter and modules)
        [sys.executable, "-m", *args],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SCENARIO_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise BenchFailed(f"`python -m {' '.join(args)}` exited with {done.returncode}: {done.stderr[-800:]}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--users", type=int, default=1000, help="simulated users per full-stack run (1000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of every benchmark, at most (5)")
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=420,
        help="stop adding full-stack rounds when the next one would end after this (420; at least one round runs)",
    )
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_USERS} users, one run, no profiles")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL scenario")
    parser.add_argument("--no-profile", action="store_true", help="no profiles, even for missed targets")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--render", type=Path, help="render the report again from a kept bench-results.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.users = min(args.users, QUICK_USERS)
        args.repeats = 1
        args.no_profile = True
    if args.users < 1 or args.repeats < 1:
        parser.error("--users and --repeats must be at least 1")
    return args


def _command(argv: list[str] | None) -> str:
    given = sys.argv[1:] if argv is None else argv
    return " ".join(["python -m bench", *given])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.render is not None:
        args.output.write_text(report.render(report.Results.load(args.render)), encoding="utf-8")
        return 0
    progress = Progress()
    results = report.Results(
        command=_command(argv),
        started=dt.datetime.now(dt.UTC),
        quick=args.quick,
        users=args.users,
        repeats=args.repeats,
        load_start=machine.load_average(),
    )
    progress(f"machine and versions (writing {args.output})")
    results.machine = machine.describe_machine()
    results.versions = machine.describe_versions()

    progress(f"rules core: {args.repeats} run(s)")
    calls = 200 if args.quick else 2000
    for _ in range(args.repeats):
        try:
            results.rules.append(run_json(["bench.rules_core", "--calls", str(calls)]))
        except BenchFailed as error:
            results.errors.append(f"rules core: {error}")
            break

    progress(f"start-up: {args.repeats} run(s) of `adviesbot chat` and of `adviesbot run`")
    for _ in range(args.repeats):
        try:
            results.chat_start.append(startup.chat_first_prompt_seconds())
            results.run_start.append(startup.run_ready_seconds())
        except (startup.StartupFailed, OSError) as error:
            results.errors.append(f"start-up: {error}")
            break

    _full_stack_rounds(args, results, progress)
    if not args.no_profile:
        _profiles(args, results, progress)
    elif not args.quick:
        results.notes.append("Run with --no-profile: no profiles were taken.")
    if args.quick:
        results.profiles = {
            area: {"skipped": "quick mode takes no profiles"} for area, miss in report.missed(results).items() if miss
        }

    results.load_end = machine.load_average()
    results.elapsed_s = progress.elapsed
    args.output.write_text(report.render(results), encoding="utf-8")
    results.save(args.output.with_name("bench-results.json"))
    progress(f"wrote {args.output}")
    for row in report.targets(results):
        if row.met is False:
            progress(f"missed: {row.target}: {row.measured}")
    return 1 if results.errors else 0


def _full_stack_rounds(args: argparse.Namespace, results: report.Results, progress: Progress) -> None:
    runs = [run for run in report.RUNS if not (run.scenario == "postgresql" and args.no_postgres)]
    if args.no_postgres:
        for run in report.RUNS:
            if run.scenario == "postgresql":
                results.full_stack[run.key] = [{"scenario": "postgresql", "skipped": "--no-postgres"}]
    reserve = 0 if args.no_profile else PROFILE_RESERVE_S
    for round_number in range(1, args.repeats + 1):
        round_started = progress.elapsed
        for spec in runs:
            progress(f"full stack round {round_number}/{args.repeats}: {spec.label}, {args.users:,} users")
            command = ["bench.full_stack", "--scenario", spec.scenario, "--users", str(args.users), "--mode", spec.mode]
            if spec.rate is not None:
                command += ["--rate", str(spec.rate)]
            try:
                run = run_json(command)
            except BenchFailed as error:
                run = {"scenario": spec.scenario, "error": str(error)}
                results.errors.append(f"full stack, {spec.label}: {error}")
            results.full_stack.setdefault(spec.key, []).append(run)
            if "updates_per_s" in run and run.get("p99_ms") is not None:
                progress(
                    f"  {run['updates_per_s']:,.0f} updates/s, p99 {run['p99_ms']:.2f} ms, "
                    f"{run['completed']}/{run['users']} conversations completed"
                )
            elif "skipped" in run:
                progress(f"  skipped: {run['skipped']}")
        round_seconds = progress.elapsed - round_started
        if round_number < args.repeats and progress.elapsed + round_seconds + reserve > args.budget_seconds:
            note = (
                f"Full stack: {round_number} of {args.repeats} rounds; another round ({round_seconds:.0f} s) would "
                f"have passed the time budget of {args.budget_seconds:.0f} s (--budget-seconds)."
            )
            results.notes.append(note)
            progress(note)
            break


def _profiles(args: argparse.Namespace, results: report.Results, progress: Progress) -> None:
    wanted = report.missed(results)
    if wanted["full_stack"]:
        users = min(args.users, PROFILE_USERS)
        progress(f"profile: full stack on SQLite, concurrent, {users} users")
        results.profiles["full_stack"] = run_profile(
            ["bench.full_stack", "--scenario", "sqlite", "--mode", "concurrent", "--users", str(users)],
            f"One concurrent SQLite run with {users} users, up to {IN_FLIGHT} updates in flight: pyinstrument over "
            "the event loop, cProfile over the other threads (the profilers slow the run down several times; the "
            "shares are what counts).",
        )
    if wanted["rules"]:
        slowest = report.slowest_calculator(results)
        if slowest is not None:
            progress(f"profile: calculator {slowest[0]}")
            results.profiles["rules"] = run_profile(
                ["bench.rules_core", "--calculator", slowest[0]],
                f"pyinstrument over 1.5 s of `rules.bereken('{slowest[0]}', typical_input)` calls.",
            )
    if wanted["startup"]:
        progress("profile: start-up of adviesbot chat")
        results.profiles["startup"] = run_profile(
            ["bench.startup"], "pyinstrument over `adviesbot chat` from the first import up to the first prompt."
        )


if __name__ == "__main__":
    raise SystemExit(main())
