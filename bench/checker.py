"""How well the point checker agrees with a careful human, and how fast it is.

Runs every detector of the follow-up call's points over the labelled calls in
`tests/eval/calls.yaml` and reports per-point precision, recall, F1 and
support, the false credits (a point credited that the labels say was not made, over
the calls without it), plus the time per call. Run: `python -m bench.checker`.

`tests/eval/holdout*.yaml` hold calls nobody tunes on, and `adversarial*.yaml` calls
written to tempt false credit (sarcasm, dates about something else, another surname...);
`--holdout` scores them too and prints each table apart, so the tuning-set figures (inflated: the
phrase lists were tuned on them) are never mistaken for the held-out ones.
A held-out file's header records its FIRST result, the only honest one: once
its misses have been read and fixed it is tuning data too, and a fresh file,
written and labelled before any run, is needed to measure generalization again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rehearse.checks import Detector, Facts
from rehearse.profile.model import Profile, profile_from_mapping

DEFAULT_CALLS = Path(__file__).parents[1] / "tests" / "eval" / "calls.yaml"

LETTERS = {
    "N": "name",
    "D": "interview_date",
    "T": "interview_time",
    "S": "status_question",
    "I": "continued_interest",
    "P": "polite",
    "A": "ask_for_interviewer",
    "K": "thanks",
    "R": "position",
    "B": "brief",
    "C": "ask_callback",
}


@dataclass(frozen=True)
class EvalCall:
    id: str
    turns: tuple[str, ...]
    facts: Facts
    expected: Mapping[str, bool]


def load_calls(path: Path = DEFAULT_CALLS) -> list[EvalCall]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profiles: dict[str, tuple[Profile, dt.date]] = {}
    for key, entry in data["profiles"].items():
        profiles[key] = (profile_from_mapping(entry["profile"], source=key), entry["today"])
    calls: list[EvalCall] = []
    for raw in data["calls"]:
        profile, today = profiles[raw["profile"]]
        letters = raw["covered"].split()
        unknown = [x for x in letters if x not in LETTERS]
        if unknown:
            raise ValueError(f"{path}: {raw['id']}: unknown point letter {unknown[0]!r}")
        expected = {point: letter in letters for letter, point in LETTERS.items()}
        facts = Facts(profile=profile, today=raw.get("today", today))
        calls.append(EvalCall(raw["id"], tuple(raw["turns"]), facts, expected))
    return calls


def script_detectors(script: str = "follow-up") -> dict[str, Detector]:
    """Detectors of a call script's points (a bundled name or a YAML path)."""
    from rehearse.script.loader import resolve_script

    return {p.id: p.detector for p in resolve_script(script).points}


def run_checker_bench(calls_path: Path = DEFAULT_CALLS, script: str = "follow-up") -> dict[str, Any]:
    """Score every point over the evaluation set; returns figures and the disagreements."""
    return score_calls(load_calls(calls_path), script_detectors(script), script)


def score_calls(calls: Sequence[EvalCall], detectors: Mapping[str, Detector], source: str) -> dict[str, Any]:
    """Score these detectors over these calls."""
    # One warm-up call so one-time costs (dateparser's tables) are not timed.
    for detector in detectors.values():
        detector.find(calls[0].turns, calls[0].facts)
    counts = {p: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for p in detectors}
    misses: list[dict[str, Any]] = []
    timings: list[float] = []
    for call in calls:
        started = time.perf_counter()
        findings = {p: d.find(call.turns, call.facts) for p, d in detectors.items()}
        timings.append((time.perf_counter() - started) * 1000)
        for point, finding in findings.items():
            if point not in call.expected:
                continue
            want = call.expected[point]
            key = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                (want, finding.covered), "tn"
            )
            counts[point][key] += 1
            if key in ("fp", "fn"):
                misses.append(
                    {
                        "call": call.id,
                        "point": point,
                        "expected": want,
                        "evidence": finding.evidence,
                        "problem": finding.problem,
                    }
                )
    points: dict[str, dict[str, float]] = {}
    labelled = {p for call in calls for p in call.expected}
    for point, c in counts.items():
        if point not in labelled:
            continue
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        support = c["tp"] + c["fn"]
        points[point] = {"precision": precision, "recall": recall, "f1": f1, "support": support}
        points[point].update({k: float(v) for k, v in c.items()})
    ordered = sorted(timings)
    return {
        "points_source": source,
        "calls": len(calls),
        "points": points,
        "ms_mean": statistics.fmean(timings),
        "ms_p95": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "misses": misses,
    }


def format_report(result: Mapping[str, Any], show_misses: bool = True, title: str = "") -> str:
    lines = [
        f"{title + ': ' if title else ''}Point checker over {result['calls']} labelled calls, "
        f"points from {result['points_source']}",
        f"{'point':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8} {'false credit':>14}",
    ]
    for point, s in result["points"].items():
        negatives = int(s["fp"] + s["tn"])
        credit = f"{int(s['fp'])}/{negatives}"
        lines.append(
            f"{point:<20} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} {int(s['support']):>8d}"
            f" {credit:>14}"
        )
    credited = sum(int(s["fp"]) for s in result["points"].values())
    lines.append(f"false credit in all: {credited} verdicts credit a point that was not made")
    lines.append(f"time per call: mean {result['ms_mean']:.2f} ms, p95 {result['ms_p95']:.2f} ms")
    if show_misses and result["misses"]:
        lines.append("disagreements with the labels:")
        for miss in result["misses"]:
            said = "missed" if miss["expected"] else "false alarm"
            detail = miss["evidence"] or miss["problem"] or ""
            lines.append(f"  {miss['call']:<5} {miss['point']:<20} {said:<12} {detail}")
    return "\n".join(lines)


def held_out_sets() -> list[Path]:
    """The held-out sets next to the tuning calls: fresh calls, then adversarial ones."""
    folder = DEFAULT_CALLS.parent
    return sorted(folder.glob("holdout*.yaml")) + sorted(folder.glob("adversarial*.yaml"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.checker", description=__doc__)
    parser.add_argument("--calls", type=Path, default=DEFAULT_CALLS)
    parser.add_argument(
        "--script", default="follow-up", help="whose points to score: a bundled script or a YAML path"
    )
    parser.add_argument("--quiet", action="store_true", help="do not list disagreements")
    parser.add_argument(
        "--holdout",
        nargs="*",
        type=Path,
        default=None,
        help="also score held-out calls (default: every holdout*.yaml and adversarial*.yaml "
        "next to the calls) "
        "and print each table apart",
    )
    args = parser.parse_args(argv)
    result = run_checker_bench(args.calls, args.script)
    held_paths = None if args.holdout is None else args.holdout or held_out_sets()
    title = "TUNING SET (phrase lists tuned on it)" if held_paths is not None else ""
    print(format_report(result, show_misses=not args.quiet, title=title))
    for path in held_paths or ():
        held = run_checker_bench(path, args.script)
        print()
        print(format_report(held, show_misses=not args.quiet, title=f"HELD-OUT ({path.name})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
