"""The progress chart as a PNG, with matplotlib's headless Agg canvas (the `chart` extra).

matplotlib is optional: without it, `progress --png` says in one line how to install it.
No pyplot, so no display and no global state: a Figure drawn on a FigureCanvasAgg.
"""

from __future__ import annotations

from pathlib import Path

from rehearse.errors import EngineMissingError, OutputFileError
from rehearse.history.progress import Progress

INSTALL_HINT = (
    "--png needs matplotlib, which is not installed: pip install 'rehearse[chart]' "
    "(or: .venv/bin/pip install matplotlib)"
)


def write_png(progress: Progress, path: Path) -> None:
    """Score over time above, the points most often missed below; same data as the terminal chart."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise EngineMissingError(INSTALL_HINT) from None

    figure = Figure(figsize=(8, 6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    scores_axes, missed_axes = figure.subplots(2, 1, height_ratios=(3, 2))
    numbers = list(range(1, len(progress.series) + 1))
    scores = progress.scores
    scores_axes.plot(numbers, scores, marker="o" if len(scores) <= 60 else None, linewidth=1.5)
    scores_axes.set_ylim(0, 105)
    scores_axes.set_xlim(0.5, len(scores) + 0.5)
    scores_axes.set_ylabel("score")
    scores_axes.set_xlabel("call")
    first, last = progress.first_day, progress.last_day
    scores_axes.set_title(f"Score over {len(scores)} calls, {first} to {last}")
    scores_axes.grid(axis="y", alpha=0.3)
    top = list(progress.missed[:5])
    if top:
        labels = [m.label for m in reversed(top)]
        rates = [100 * m.missed / m.judged for m in reversed(top)]
        missed_axes.barh(labels, rates, color="tab:red")
        missed_axes.set_xlim(0, 100)
        missed_axes.set_xlabel("% of the calls it applied to")
        missed_axes.set_title("Points most often missed")
        for row, m in enumerate(reversed(top)):
            missed_axes.text(1, row, f" {m.missed} of {m.judged}", va="center", fontsize=8)
    else:
        missed_axes.axis("off")
        missed_axes.text(0.5, 0.5, "Every point covered in every scored call", ha="center", va="center")
    try:
        figure.savefig(path, format="png")
    except OSError as error:
        raise OutputFileError(f"{path}: cannot write the chart: {error.strerror}") from None
