"""Today's rule checker beside the learned judge, on every labelled text set.

`python -m bench.judge` prints, for each set in tests/eval (calls.yaml is the tuning set,
holdout*.yaml and adversarial*.yaml held out), per point precision / recall / F1 and false
credits of both checkers; then:

- leave-one-set-out over the older sets: the intent models retrained without any example
  line that the left-out set says (its sentences, names made canonical), scored on that set;
- typed against spoken: every call again lowercased and without punctuation;
- time per call (mean, p95) of each checker, and the judge's load time (sentence model and
  trained models) in a fresh process.

The rule checker is today's bundled follow-up script (phrase lists); the judge is the bundled
follow-up-learned script, the same call with its intent points of `kind: intent`. holdout9.yaml and
adversarial3.yaml are blind: their FIRST result is what counts, written in their headers.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.checker import DEFAULT_CALLS, EvalCall, held_out_sets, load_calls, score_calls
from bench.intent_examples import BLIND, LABELLED, OLDER
from rehearse.checks import Detector

ROOT = Path(__file__).parents[1]
RULES = "follow-up"
JUDGE = "follow-up-learned"
INTENT_POINTS = LABELLED  # the intent points the labelled sets score


def rules_detectors(script: str = RULES) -> dict[str, Detector]:
    from rehearse.script.loader import resolve_script

    return {p.id: p.detector for p in resolve_script(script).points}


def judge_detectors(exclude: set[str] | None = None) -> dict[str, Detector]:
    """The bundled follow-up's detectors; with `exclude`, intent points retrained without
    example lines whose key is in it."""
    from rehearse.checks.intent import IntentDetector
    from rehearse.script.loader import load_bundled

    points = load_bundled(JUDGE).points
    if not exclude:
        return {p.id: p.detector for p in points}
    found: dict[str, Detector] = {}
    for point in points:
        detector = point.detector
        if isinstance(detector, IntentDetector):
            spec = detector.spec

            def keep(lines: Sequence[str]) -> tuple[str, ...]:
                return tuple(line for line in lines if _key(line) not in exclude)

            spec = replace(
                spec,
                examples=keep(spec.examples),
                near_misses=tuple(replace(g, lines=keep(g.lines)) for g in spec.near_misses),
                against=tuple(replace(g, lines=keep(g.lines)) for g in spec.against),
                spoils=tuple(replace(g, lines=keep(g.lines)) for g in spec.spoils),
                background=keep(spec.background),
            )
            detector = IntentDetector(
                spec, detector.threshold, detector.against_problem, detector.spoils_problem
            )
        found[point.id] = detector
    return found


def _key(line: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", line.lower().replace("'", "").replace("’", "")))


def said_keys(calls: Sequence[EvalCall]) -> set[str]:
    from rehearse.checks.intent import canonical_text, sentences

    return {
        _key(canonical_text(s.quote, call.facts.profile))
        for call in calls
        for turn in call.turns
        for s in sentences(turn)
    }


def spoken(calls: Sequence[EvalCall]) -> list[EvalCall]:
    """The calls lowercased and without punctuation (apostrophes kept), as a recognizer writes."""

    def plain(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())

    return [replace(c, turns=tuple(plain(t) for t in c.turns)) for c in calls]


def table(name: str, results: Mapping[str, Mapping[str, Any]]) -> list[str]:
    labels = list(results)
    lines = [
        f"{name}: {next(iter(results.values()))['calls']} calls",
        f"{'point':<20}" + "".join(f" {label + ' P/R/F1':>22} {'false':>6}" for label in labels),
    ]
    points = next(iter(results.values()))["points"]
    for point in points:
        row = f"{point:<20}"
        for label in labels:
            s = results[label]["points"][point]
            negatives = int(s["fp"] + s["tn"])
            figures = f"{s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>7.3f}"
            row += f" {figures} {int(s['fp']):>3}/{negatives:<3}"
        lines.append(row)
    row = f"{'false credit in all':<20}"
    for label in labels:
        total = sum(int(s["fp"]) for s in results[label]["points"].values())
        row += f" {'':>22} {total:>6}"
    lines.append(row)
    lines.append(
        "time per call: "
        + ", ".join(
            f"{label} mean {r['ms_mean']:.1f} ms p95 {r['ms_p95']:.1f} ms" for label, r in results.items()
        )
    )
    return lines


def load_time() -> str:
    """The judge's load in a fresh process: the sentence model and the follow-up's models."""
    code = (
        "import time; t=time.perf_counter();"
        "from rehearse.script.loader import load_bundled; from rehearse.checks import intent;"
        "s=load_bundled('follow-up-learned'); t1=time.perf_counter();"
        "intent.prepare(s.points); t2=time.perf_counter();"
        "e=intent.current_engine(); print(f'script {t1-t:.3f} s, models {t2-t1:.3f} s "
        "(sentence model {e.encoder.load_seconds:.3f} s), trained at load: {len(e.trained)}')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.judge", description=__doc__)
    parser.add_argument("--sets", nargs="*", type=Path, help="labelled sets (default: all in tests/eval)")
    parser.add_argument("--no-loso", action="store_true", help="skip leave-one-set-out")
    parser.add_argument("--misses", action="store_true", help="list the judge's disagreements")
    args = parser.parse_args(argv)
    paths = args.sets or [DEFAULT_CALLS, *held_out_sets()]
    rules = rules_detectors()
    judge = judge_detectors()
    print(f"judge loaded: {load_time()}")
    for path in paths:
        calls = load_calls(path)
        results = {"rules": score_calls(calls, rules, "rules"), "judge": score_calls(calls, judge, "judge")}
        kind = "BLIND" if path.stem in BLIND else "tuning" if path == DEFAULT_CALLS else "held-out"
        print()
        print("\n".join(table(f"{path.name} ({kind})", results)))
        if args.misses:
            for miss in results["judge"]["misses"]:
                said = "missed" if miss["expected"] else "false credit"
                detail = miss["evidence"] or miss["problem"] or ""
                print(f"  {miss['call']:<8} {miss['point']:<20} {said:<12} {detail}")
    every = [c for name in OLDER for c in load_calls(DEFAULT_CALLS.parent / f"{name}.yaml")]
    print()
    typed = {"rules": score_calls(every, rules, "rules"), "judge": score_calls(every, judge, "judge")}
    plain = {
        "rules lower": score_calls(spoken(every), rules, "rules"),
        "judge lower": score_calls(spoken(every), judge, "judge"),
    }
    print("\n".join(table("older sets typed", typed)))
    print("\n".join(table("older sets lowercased, no punctuation", plain)))
    if not args.no_loso:
        print()
        print("leave-one-set-out (judge retrained without the left-out set's lines): F1 / false credits")
        worst: dict[str, float] = {}
        for name in OLDER:
            calls = load_calls(DEFAULT_CALLS.parent / f"{name}.yaml")
            started = time.perf_counter()
            result = score_calls(calls, judge_detectors(said_keys(calls)), f"judge without {name}")
            cells = []
            for point in INTENT_POINTS:
                s = result["points"][point]
                worst[point] = min(worst.get(point, 1.0), s["f1"])
                cells.append(f"{point[:10]} {s['f1']:.3f}/{int(s['fp'])}")
            print(
                f"  {name:<13} " + "  ".join(cells) + f"  ({time.perf_counter() - started:.0f} s)", flush=True
            )
        print("  min F1        " + "  ".join(f"{p[:10]} {worst[p]:.3f}" for p in INTENT_POINTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
