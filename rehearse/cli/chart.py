"""Plain-text renderings of the history and of progress, for the terminal. Pure: lines out.

Everything fits 80 columns and depends on nothing but its input, so tests can compare the
exact text. The score chart draws one bar per scored call with Unicode block elements (an
eighth of a row, 1.25 points, is the finest step); past 72 calls, each bar is the average of a
run of consecutive calls, and the caption says how many.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rehearse.history.progress import Progress
from rehearse.history.summaries import SessionSummary

WIDTH = 80
ROWS = 10  # each row is 10 points
PLOT_WIDTH = 72
BLOCKS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 34
BAR_WIDTH = 24


def history_lines(sessions: Sequence[SessionSummary]) -> list[str]:
    """`sessions` oldest first (as read), shown newest first: a scored session with its missed
    points, an unfinished one as `incomplete` with how far it got."""
    if not sessions:
        return ["No saved sessions yet: practise a call first."]
    lines = [f"{'When':<16}  {'Kind':<8}  {'Scenario':<11}  {'Score':<10}  Session"]
    for session in reversed(sessions):
        when = f"{session.started_at[:10]} {session.started_at[11:16]}"
        complete = session.complete
        score = f"{session.score:>3}/100" if complete else "incomplete"
        scenario = session.scenario or "-"
        lines.append(f"{when:<16}  {session.kind:<8}  {scenario:<11}  {score:<10}  {session.id}")
        if complete:
            if session.missed_labels:
                lines.append("    missed: " + session.missed_labels)
        else:
            turns = "1 turn" if session.turns == 1 else f"{session.turns} turns"
            lines.append(f"    {turns}; {session.end_reason or 'stopped before the end'}")
    return lines


def _columns(scores: Sequence[int]) -> tuple[list[float], int, int]:
    """(values, cell width, calls per bar): wide bars for a few calls, averaged runs for many."""
    count = len(scores)
    if count * 3 <= PLOT_WIDTH:
        return [float(s) for s in scores], 3, 1
    if count * 2 <= PLOT_WIDTH:
        return [float(s) for s in scores], 2, 1
    run = math.ceil(count / PLOT_WIDTH)
    groups = [scores[i : i + run] for i in range(0, count, run)]
    return [sum(g) / len(g) for g in groups], 1, run


def _cell(value: float, row: int, width: int) -> str:
    low = row * 100 / ROWS
    eighths = round(max(0.0, min(1.0, (value - low) / (100 / ROWS))) * 8)
    bar = BLOCKS[eighths] * (width - 1 if width > 1 else 1)
    return bar + (" " if width > 1 else "")


def score_chart(progress: Progress) -> list[str]:
    scores = progress.scores
    values, width, run = _columns(scores)
    first, last = progress.first_day, progress.last_day
    span = f"{first.isoformat()} to {last.isoformat()}" if first != last else first.isoformat()
    title = f"Score over {len(scores)} calls, {span}"
    if run > 1:
        title += f" (each bar: {run} calls)"
    lines = [title]
    for row in range(ROWS - 1, -1, -1):
        top = (row + 1) * 100 // ROWS
        label = f"{top:>3} ┤" if top % 20 == 0 else "    │"
        lines.append((label + "".join(_cell(v, row, width) for v in values)).rstrip())
    plotted = len(values) * width
    lines.append("  0 ┼" + "─" * max(plotted, 22))
    start, end = first.isoformat(), last.isoformat()
    gap = max(2, max(plotted, 22) - len(start) - len(end))
    lines.append("     " + (start + " " * gap + end if first != last else start))
    average = sum(scores) / len(scores)
    lines.append(
        f"First {scores[0]}/100, latest {scores[-1]}/100, best {max(scores)}/100, average {average:.0f}/100."
    )
    return lines


def missed_lines(progress: Progress) -> list[str]:
    if not progress.missed:
        return ["You covered every point in every scored call."]
    lines = ["Points most often missed:"]
    for count in progress.missed[:5]:
        label = count.label if len(count.label) <= LABEL_WIDTH else count.label[: LABEL_WIDTH - 1] + "…"
        bar = "█" * max(1, round(BAR_WIDTH * count.missed / count.judged))
        lines.append(f"  {label:<{LABEL_WIDTH}}  {count.missed:>5} of {count.judged:<5}  {bar}".rstrip())
    return lines


def progress_lines(progress: Progress) -> list[str]:
    """The chart and the missed points, or what is needed first (fewer than two scored calls)."""
    if not progress.enough:
        return [progress.needs()]
    lines = [*score_chart(progress), "", *missed_lines(progress)]
    if progress.incomplete:
        calls = "call is" if progress.incomplete == 1 else "calls are"
        lines += ["", f"{progress.incomplete} incomplete {calls} not charted (see `rehearse history`)."]
    return lines
