"""One saved session as a page to keep or share: HTML (one self-contained file) or Markdown.

The transcript comes first, with the words that showed each point marked (hover a mark to see
which point), then the feedback, the delivery figures and the closing line. In HTML each line
and turn with kept audio gets a player, the audio embedded in the page as a data URI, so the
file works offline and on its own. Markdown links to the audio files instead.

Pure apart from reading the audio: the session's events in, a string out.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rehearse.history.store import SavedSession
from rehearse.turns import Said, Utterance

ReadAudio = Callable[[Path], bytes | None]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One line of the transcript as the report shows it: a line or a turn, its audio, and
    (for the caller's turns) where the evidence for each covered point stands in it."""

    said: Said
    audio: str | None
    marks: tuple[Mark, ...] = ()

    @property
    def caller(self) -> bool:
        return isinstance(self.said, Utterance)

    @property
    def speaker(self) -> str:
        return "You" if isinstance(self.said, Utterance) else self.said.speaker

    @property
    def text(self) -> str:
        return self.said.text


def read_audio_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def transcript(session: SavedSession) -> list[Entry]:
    """The call's lines and turns in order, each caller turn with its evidence marked."""
    report = session.report or {}
    by_turn: dict[int, list[tuple[str, str]]] = {}
    for point in (report.get("points") or {}).values():
        if (
            point.get("covered")
            and point.get("evidence")
            and point.get("turn") is not None
            and point.get("applies")
        ):
            by_turn.setdefault(int(point["turn"]), []).append((point["evidence"], point["label"]))
    entries: list[Entry] = []
    turn = 0
    for said, audio in session.said():
        if isinstance(said, Utterance):
            entries.append(Entry(said, audio, _marks(said.text, by_turn.get(turn, []))))
            turn += 1
        else:
            entries.append(Entry(said, audio))
    return entries


def _marks(text: str, evidence: Sequence[tuple[str, str]]) -> tuple[Mark, ...]:
    """Where each quote sits in the turn; overlapping quotes become one mark naming both points."""
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for quote, label in evidence:
        start = lowered.find(quote.lower())
        if start >= 0:
            spans.append((start, start + len(quote), label))
    spans.sort()
    merged: list[Mark] = []
    for start, end, label in spans:
        if merged and start < merged[-1].end:
            last = merged.pop()
            labels = last.labels if label in last.labels else (*last.labels, label)
            merged.append(Mark(last.start, max(last.end, end), labels))
        else:
            merged.append(Mark(start, end, (label,)))
    return tuple(merged)


def _when(session: SavedSession) -> str:
    """When the call was made: session ids start with it (YYYYMMDD-HHMMSS)."""
    try:
        return dt.datetime.strptime(session.id[:15], "%Y%m%d-%H%M%S").strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


# ---------------------------------------------------------------- HTML

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
  color: #1d232a; background: #fff; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #56616c; } .score { font-size: 2rem; font-weight: 700; }
.line { margin: 0.6rem 0; padding: 0.4rem 0.7rem; border-left: 4px solid #c9d3dc; }
.line.you { border-color: #2f6fb0; background: #f3f7fb; }
.who { font-weight: 600; } audio { display: block; margin-top: 0.3rem; height: 2rem; }
mark { background: #ffe58a; padding: 0 0.1rem; border-radius: 0.2rem; }
ul.points { list-style: none; padding: 0; } ul.points li { margin: 0.5rem 0; }
.ok { color: #1d7a36; font-weight: 700; } .miss { color: #b3261e; font-weight: 700; }
.off { color: #56616c; } .tip { display: block; color: #39434d; margin-left: 1.4rem; }
.closing { margin-top: 2rem; padding: 0.8rem 1rem; background: #eef6ee; border-radius: 0.4rem; }
"""


def to_html(session: SavedSession, read_audio: ReadAudio = read_audio_file) -> str:
    report = session.report
    title = session.start.get("title") or session.start.get("script") or "Practice call"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}: {_e(session.id)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(_when(session))} · {_e(session.kind)} · session {_e(session.id)}'
        f"{' · incomplete' if session.status != 'complete' else ''}</p>",
    ]
    if report is not None:
        parts.append(f'<p class="score">Score: {int(report["score"])}/100</p>')
    parts.append("<h2>The call</h2>")
    for entry in transcript(session):
        parts.append(_html_entry(entry, read_audio))
    if report is not None:
        parts += _html_feedback(report)
    else:
        parts.append("<p>This call ended before it could be scored; everything said is above.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_entry(entry: Entry, read_audio: ReadAudio) -> str:
    text = _html_marked(entry.text, entry.marks)
    player = ""
    if entry.audio:
        data = read_audio(Path(entry.audio))
        if data is None:
            player = f'<span class="off">(audio file {_e(entry.audio)} is missing)</span>'
        else:
            encoded = base64.b64encode(data).decode("ascii")
            player = f'<audio controls preload="none" src="data:audio/wav;base64,{encoded}"></audio>'
    css = "line you" if entry.caller else "line"
    return f'<div class="{css}"><span class="who">{_e(entry.speaker)}:</span> {text}{player}</div>'


def _html_marked(text: str, marks: Sequence[Mark]) -> str:
    out: list[str] = []
    position = 0
    for mark in marks:
        out.append(_e(text[position : mark.start]))
        out.append(f'<mark title="{_e("; ".join(mark.labels))}">{_e(text[mark.start : mark.end])}</mark>')
        position = mark.end
    out.append(_e(text[position:]))
    return "".join(out)


def _html_feedback(report: dict[str, Any]) -> list[str]:
    parts = ["<h2>Feedback</h2>", '<ul class="points">']
    for point in report["points"].values():
        label = _e(point["label"])
        if point.get("against"):
            parts.append(f'<li><span class="off">–</span> {label} (not scored){_tip(point["tip"])}</li>')
        elif not point["applies"]:
            parts.append(f'<li class="off">– {label}: not part of this call</li>')
        elif point["covered"]:
            shown = point.get("evidence") or point.get("measured")
            said = (
                f'<span class="tip">“{_e(shown)}”</span>'
                if point.get("evidence")
                else (f'<span class="tip">{_e(shown)}</span>' if shown else "")
            )
            parts.append(f'<li><span class="ok">✓</span> {label}{said}</li>')
        else:
            parts.append(f'<li><span class="miss">✗</span> {label}{_tip("Tip: " + point["tip"])}</li>')
    parts.append("</ul>")
    if report.get("advice"):
        parts.append("<h2>Advice</h2><ul>" + "".join(f"<li>{_e(a)}</li>" for a in report["advice"]) + "</ul>")
    delivery = report.get("delivery") or {}
    lines = delivery.get("lines") or []
    parts.append("<h2>How you said it</h2>")
    if lines:
        parts.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul>")
    else:
        parts.append("<p>No fillers or repeated hedges.</p>")
    if delivery.get("note"):
        parts.append(f'<p class="off">{_e(delivery["note"])}</p>')
    if report.get("closing"):
        parts.append(f'<p class="closing">{_e(report["closing"])}</p>')
    return parts


def _tip(text: str) -> str:
    return f'<span class="tip">{_e(text)}</span>'


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- Markdown


def to_markdown(session: SavedSession) -> str:
    report = session.report
    title = session.start.get("title") or "Practice call"
    out = [f"# {title}", "", f"{_when(session)} · {session.kind} · session `{session.id}`", ""]
    if session.status != "complete":
        out += ["*This call is incomplete.*", ""]
    if report is not None:
        out += [f"**Score: {int(report['score'])}/100**", ""]
    out += ["## The call", ""]
    for entry in transcript(session):
        text = _md_marked(entry.text, entry.marks)
        audio = f" ([audio]({Path(entry.audio).as_uri()}))" if entry.audio else ""
        out.append(f"- **{entry.speaker}:** {text}{audio}")
    out.append("")
    if report is None:
        return "\n".join(out)
    out += ["## Feedback", ""]
    for point in report["points"].values():
        if point.get("against"):
            out.append(f"- – {point['label']} (not scored): {point['tip']}")
        elif not point["applies"]:
            out.append(f"- – {point['label']}: not part of this call")
        elif point["covered"]:
            shown = (
                f': "{point["evidence"]}"'
                if point.get("evidence")
                else (f" ({point['measured']})" if point.get("measured") else "")
            )
            out.append(f"- ✓ {point['label']}{shown}")
        else:
            out.append(f"- ✗ {point['label']}. Tip: {point['tip']}")
    if report.get("advice"):
        out += ["", "## Advice", "", *(f"- {a}" for a in report["advice"])]
    delivery = report.get("delivery") or {}
    out += ["", "## How you said it", ""]
    out += [f"- {line}" for line in delivery.get("lines") or []] or ["No fillers or repeated hedges."]
    if report.get("closing"):
        out += ["", f"> {report['closing']}"]
    return "\n".join(out) + "\n"


def _md_marked(text: str, marks: Sequence[Mark]) -> str:
    out: list[str] = []
    position = 0
    for mark in marks:
        out.append(text[position : mark.start])
        out.append(f"**{text[mark.start : mark.end]}**")
        position = mark.end
    out.append(text[position:])
    return "".join(out)
