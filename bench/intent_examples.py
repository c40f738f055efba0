"""Write the intent examples (rehearse/calls/intents/*.yaml) from today's rule checker and the
older labelled sets: how the first examples were made, kept so it can be re-run and read.

For every call of the older text sets (tests/eval/calls.yaml, holdout.yaml..holdout8.yaml,
adversarial1.yaml, adversarial2.yaml) and every intent point its letters label: a call that
did NOT cover the point gives its sentences as lines that must not count; in a call that did,
the sentence holding the rule checker's evidence is an example, its other sentences are left
out (unknown). The rule detectors' phrase lists (thanks, apology, the request phrases...) join
the examples. The caller's and interviewer's names and the company are written as the
canonical Alex Kim, Morgan Reed and Acme (`rehearse.checks.intent.CANONICAL`).

The two newest blind sets (holdout9.yaml, adversarial3.yaml) and any later ones are never
read: `BLIND` lists them and the script refuses them.

Run: `python -m bench.intent_examples --rules RULES.yaml` with RULES the rule-based
follow-up.yaml (e.g. `git show f6cbc1c:rehearse/calls/follow-up.yaml`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from bench.checker import load_calls
from rehearse.checks.intent import CANONICAL_PROFILE, canonical_text, sentences
from rehearse.script.loader import load_script
from rehearse.templates import render

EVAL = Path(__file__).parents[1] / "tests" / "eval"
OUT = Path(__file__).parents[1] / "rehearse" / "calls" / "intents"
OLDER = ["calls", *(f"holdout{n}" for n in ["", 2, 3, 4, 5, 6, 7, 8]), "adversarial1", "adversarial2"]
BLIND = {"holdout9", "adversarial3"}
LABELLED = [
    "status_question",
    "continued_interest",
    "polite",
    "ask_for_interviewer",
    "thanks",
    "ask_callback",
]
PHRASE_POINTS = {"thanks": "phrases", "apology": "phrases", "lasting_interest": "phrases"}


def key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def collect(rules: Path) -> dict[str, dict[str, list[str]]]:
    script = load_script(rules)
    detectors = {p.id: p.detector for p in script.points}
    found: dict[str, dict[str, dict[str, str]]] = {}

    def add(intent: str, part: str, line: str) -> None:
        found.setdefault(intent, {}).setdefault(part, {}).setdefault(key(line), line)

    background: dict[str, str] = {}
    for name in OLDER:
        if name in BLIND:
            raise SystemExit(f"{name} is a blind set: never read for examples")
        for call in load_calls(EVAL / f"{name}.yaml"):
            profile = call.facts.profile
            said = [(t, s) for t, turn in enumerate(call.turns) for s in sentences(turn)]
            labels: list[dict[str, int | None]] = [{} for _ in said]
            for point in LABELLED:
                finding = detectors[point].find(call.turns, call.facts)
                evidence = key(finding.evidence or "")
                for index, (turn, sentence) in enumerate(said):
                    if not call.expected[point]:
                        labels[index][point] = 0
                    elif (
                        finding.covered
                        and turn == finding.turn
                        and evidence
                        and evidence in key(sentence.quote)
                    ):
                        labels[index][point] = 1
                    else:
                        labels[index][point] = None
                    fails = finding.against or "pushy" in (finding.problem or "")
                    if fails and turn == finding.turn:
                        part = "against" if finding.against else "spoils"
                        labels[index][f"{point}:{part}"] = 1
            for (_, sentence), label in zip(said, labels, strict=True):
                line = canonical_text(sentence.quote, profile)
                positive = [p for p, v in label.items() if v == 1]
                unknown = [p for p, v in label.items() if v is None]
                for point in positive:
                    if ":" in point:
                        add(*point.split(":"), line)
                    else:
                        add(point, "examples", line)
                if not positive and not unknown:
                    background.setdefault(key(line), line)
                elif not positive:
                    for point, value in label.items():
                        if value == 0:
                            add(point, "near_misses", line)
    values = CANONICAL_PROFILE.template_values()
    for point in script.points:
        phrases = point.params.get("phrases", [])
        if point.kind in ("phrases", "request") and phrases:
            for phrase in phrases:
                add(point.id, "examples", render(phrase, values))
    result = {i: {part: list(lines.values()) for part, lines in parts.items()} for i, parts in found.items()}
    result["background"] = {"lines": list(background.values())}
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.intent_examples", description=__doc__)
    parser.add_argument("--rules", type=Path, required=True, help="the rule-based follow-up.yaml")
    parser.add_argument("--out", type=Path, default=Path("/tmp/intents-derived"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for intent, parts in collect(args.rules).items():
        path = args.out / f"{intent}.yaml"
        path.write_text(
            yaml.safe_dump(parts, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8"
        )
        print(path, {part: len(lines) for part, lines in parts.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
