"""The dialogue: which line the other side says next, given what the caller said.

Pure: text in, lines out. `Dialogue.opening()` gives the first lines; each
`Dialogue.reply(text)` records one caller turn and gives the next lines,
until `finished`. Random choices (which line variant, whether the interviewer
picks up) come from one seeded `random.Random`, and a scenario can fix the
choices by name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from rehearse.checks.base import Facts
from rehearse.script.model import CallScript, Rule, Step, expected_points
from rehearse.templates import render
from rehearse.turns import Line


@dataclass
class CallState:
    """Everything the dialogue has decided so far; the engine's only mutable part."""

    step: str
    caller_turns: list[str] = field(default_factory=list)
    covered: set[str] = field(default_factory=set)  # points the rules ask about, covered so far
    against: set[str] = field(default_factory=set)  # ... and those said against (an insult)
    visited: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    finished: bool = False
    ran_long: bool = False
    notes: list[str] = field(default_factory=list)  # how the caller took the news (step reactions)


class Dialogue:
    def __init__(
        self,
        script: CallScript,
        facts: Facts,
        *,
        seed: int | None = None,
        scenario: str | None = None,
    ) -> None:
        self.forced = script.scenario_choices(scenario)
        self.script = script
        self.facts = facts
        self.scenario = scenario
        self.random = random.Random(seed)
        rules = [rule for step in script.steps.values() for rule in step.rules]
        asked = {p for rule in rules for p in (rule.if_point, rule.unless_point, rule.against_point)}
        self._rule_points = [p for p in script.points if p.id in asked]
        self.values = facts.profile.template_values()
        self.state = CallState(step=script.start)
        self._started = False

    # ------------------------------------------------------------ public

    @property
    def finished(self) -> bool:
        return self.state.finished

    @property
    def caller_turns(self) -> list[str]:
        return list(self.state.caller_turns)

    def expected_points(self) -> list[str]:
        """Points this call's path asks for, given the scenario and the choices made so far."""
        return expected_points(self.script, {**self.state.outcomes, **self.forced})

    @property
    def notes(self) -> list[str]:
        """Notes on how the caller took what they were told (the steps' `reactions`)."""
        return list(self.state.notes)

    def outcomes(self) -> dict[str, str]:
        """How the script's choices went in this call (choice -> outcome), scenario included."""
        return {**self.forced, **self.state.outcomes}

    def scenario_taken(self) -> str | None:
        """The scenario this call is on: the one asked for; else the script's scenario whose
        choices all came out so in this call (the one that fixes the most of them); else an
        outcome no scenario names (the follow-up call's `open_told`), once one was drawn. None
        while the choices that tell them apart are still to come."""
        if self.scenario is not None:
            return self.scenario
        drawn = self.state.outcomes
        fits = [
            (len(fixed), name)
            for name, fixed in self.script.scenarios.items()
            if fixed and all(drawn.get(choice) == outcome for choice, outcome in fixed.items())
        ]
        if fits:
            return max(fits, key=lambda fit: fit[0])[1]  # (the first of the most specific)
        named = {
            (choice, outcome) for fixed in self.script.scenarios.values() for choice, outcome in fixed.items()
        }
        chosen = {choice for choice, _ in named}
        unnamed = [o for c, o in drawn.items() if c in chosen and (c, o) not in named]
        return unnamed[-1] if unnamed else None

    def opening(self) -> list[Line]:
        """The first lines of the call, up to the first time the caller should speak."""
        if self._started:
            raise RuntimeError("opening() was already called")
        self._started = True
        return self._enter(self.script.start)

    def reply(self, text: str) -> list[Line]:
        """Record one caller turn and return what the other side says next."""
        if not self._started:
            raise RuntimeError("call opening() first")
        if self.state.finished:
            return []
        text = " ".join(text.split())
        self.state.caller_turns.append(text)
        self._note_covered(text)
        self._note_reactions(self.script.steps[self.state.step], text)
        if len(self.state.caller_turns) >= self.script.max_turns:
            self.state.ran_long = True
            self.state.finished = True
            return []
        return self._advance(self.script.steps[self.state.step])

    def possible_replies(self) -> list[Line]:
        """Every line the other side may open its next reply with: each wording of each step the
        current one can lead to. A voice uses them to get its first words ready early."""
        if self.state.finished or not self._started:
            return []
        step = self.script.steps[self.state.step]
        targets = list(dict.fromkeys(rule.goto for rule in step.rules))
        steps = [self.script.steps[target] for target in targets]
        return [self._render(step, wording) for step in steps for wording in step.say]

    # ------------------------------------------------------------ internals

    def _note_covered(self, text: str) -> None:
        """Track the points the script's rules ask about; the full judgement is feedback's job."""
        turns = [text]
        for point in self._rule_points:
            if point.id in self.state.covered and point.id in self.state.against:
                continue
            finding = point.detector.find(turns, self.facts)
            if finding.covered:
                self.state.covered.add(point.id)
            if finding.against:
                self.state.against.add(point.id)

    def _note_reactions(self, answered: Step, text: str) -> None:
        for reaction in answered.reactions:
            note = render(reaction.note, self.values)
            if reaction.fits(text) and note not in self.state.notes:
                self.state.notes.append(note)

    def _enter(self, step_id: str) -> list[Line]:
        lines: list[Line] = []
        while True:
            step = self.script.steps[step_id]
            self.state.step = step_id
            self.state.visited.append(step_id)
            lines.append(self._line(step))
            if step.end:
                self.state.finished = True
                return lines
            if step.listen:
                return lines
            step_id = self._choose_next(step)

    def _advance(self, step: Step) -> list[Line]:
        return self._enter(self._choose_next(step))

    def _line(self, step: Step) -> Line:
        line = self._render(step, self.random.choice(step.say))
        return line

    def _render(self, step: Step, wording: str) -> Line:
        """One of the step's wordings as its role says it, filled from the profile."""
        role = self.script.roles[step.role]
        speaker = render(role.label, self.values)
        return Line(role=role.id, speaker=speaker, text=render(wording, self.values), voice=role.voice)

    def _choose_next(self, step: Step) -> str:
        for rule in step.rules:
            if rule.if_point is not None:
                if rule.if_point in self.state.covered:
                    return rule.goto
            elif rule.unless_point is not None:
                if rule.unless_point not in self.state.covered:
                    return rule.goto
            elif rule.against_point is not None:
                if rule.against_point in self.state.against:
                    return rule.goto
            elif rule.outcome is not None:
                return self._pick_outcome(step)
            else:
                return rule.goto
        raise AssertionError(f"step {step.id} has no rule that applies")  # loader prevents this

    def _pick_outcome(self, step: Step) -> str:
        assert step.choose is not None
        options: list[Rule] = [r for r in step.rules if r.outcome is not None]
        forced = self.forced.get(step.choose)
        if forced is not None:
            chosen = next(r for r in options if r.outcome == forced)
        else:
            chosen = self.random.choices(options, weights=[r.weight for r in options])[0]
        assert chosen.outcome is not None
        self.state.outcomes[step.choose] = chosen.outcome
        return chosen.goto
