"""Feedback and call lines on the terminal, with rich. The edge: no decisions here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from rehearse.coaching.delivery import DeliveryReport
from rehearse.coaching.feedback import Report
from rehearse.coaching.timing import CallTiming
from rehearse.turns import Said, Utterance

if TYPE_CHECKING:
    from rehearse.history.call_log import RealCall


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """The reader went away (`| head -2`): up to the command line, which ends quietly with 0
        (rich's own answer is to exit with status 1)."""
        self.quiet = True
        raise BrokenPipeError


def console(stderr: bool = False) -> Console:
    return _Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_json(out: Console, data: Any) -> None:
    out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    out.file.flush()


def print_report(out: Console, report: Report) -> None:
    out.print()
    out.print(f"[bold]Feedback: {escape(report.title)}[/bold]")
    out.print(f"Score: [bold]{report.score}/100[/bold]")
    out.print()
    for point in report.points:
        if point.against:
            out.print(f"[yellow]–[/yellow] {escape(point.label)} (not scored: {escape(point.problem or '')})")
            out.print(f"    Tip: {escape(point.advice)}")
            continue
        if not point.applies:
            if point.covered:
                out.print(f"[dim]- {escape(point.label)}: not asked for in this call, but you did it[/dim]")
            else:
                out.print(f"[dim]- {escape(point.label)}: not part of this call[/dim]")
            continue
        if point.covered:
            figure = f" ({escape(point.measured)})" if point.measured and not point.evidence else ""
            out.print(f"[green]✓[/green] {escape(point.label)}{figure}")
            if point.evidence:
                out.print(f'    You said: "{escape(point.evidence)}"')
        else:
            out.print(f"[red]✗[/red] {escape(point.label)}")
        if point.problem:
            out.print(f"    [yellow]Careful:[/yellow] {escape(_sentence(point.problem))}")
        if not point.covered:
            out.print(f"    Tip: {escape(point.advice)}")
    if report.advice:
        out.print()
        out.print("[bold]Advice[/bold]")
        for line in report.advice:
            out.print(f"  • {escape(line)}")
    if report.delivery is not None:
        print_delivery(out, report.delivery)
    out.print()
    words = "word" if report.caller_words == 1 else "words"
    turns = "turn" if report.caller_turns == 1 else "turns"
    out.print(f"[dim]You spoke {report.caller_turns} {turns}, {report.caller_words} {words}.[/dim]")
    if report.closing:
        out.print()
        out.print(escape(report.closing))


def print_delivery(out: Console, delivery: DeliveryReport) -> None:
    """How the caller spoke: a line per figure worth saying, then what was not measured."""
    out.print()
    if not delivery.lines:
        note = f" ({delivery.note})" if delivery.note else ""
        out.print(f"[dim]Delivery: no fillers or repeated hedges{escape(note)}.[/dim]")
        return
    out.print("[bold]Delivery[/bold]")
    for line in delivery.lines:
        out.print(f"  • {escape(line)}")
    if delivery.note:
        out.print(f"[dim]  ({escape(delivery.note)})[/dim]")


def print_caller_lines(out: Console, lines: Sequence[Said]) -> None:
    """Which lines of a written call were read as the caller's, so a wrong guess shows."""
    yours = [line.line or 0 for line in lines if isinstance(line, Utterance)]
    theirs = len(lines) - len(yours)
    other = f"; {theirs} other {'line is' if theirs == 1 else 'lines are'} the other side's" if theirs else ""
    out.print(f"[dim]Read as yours: {_number_list(yours)}{other}.[/dim]")


def _number_list(numbers: Sequence[int]) -> str:
    """ "line 4", "lines 1-3, 7": runs of consecutive numbers as ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs]
    return f"{'line' if len(numbers) == 1 else 'lines'} {', '.join(parts)}"


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def print_timing(out: Console, timing: CallTiming, last: RealCall | None = None) -> None:
    if last is not None:
        out.print(f"Your last logged call: {last.day.isoformat()}, {escape(last.outcome)}.")
    verdict = "[green]Yes, call now.[/green]" if timing.call_now else "[yellow]Not yet.[/yellow]"
    out.print(verdict)
    out.print(escape(timing.reason))
    if not timing.call_now:
        out.print(f"Earliest good day: {timing.earliest.isoformat()}")
