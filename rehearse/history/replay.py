"""Show (and optionally play) a saved practice session."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from rehearse.errors import AudioDeviceError
from rehearse.history.store import SavedSession, SessionStore
from rehearse.turns import HEARD, Line, Utterance


def list_sessions(store: SessionStore, out: Console) -> None:
    sessions = store.listed()
    if not sessions:
        out.print(f"{store.nothing_yet[0].upper()}{store.nothing_yet[1:]}.", markup=False)
        return
    for session in sessions:
        score = f"{session.score}/100" if session.score is not None else "incomplete"  # as `history` says
        kind = "  (check)" if session.kind == "check" else ""
        out.print(f"{session.id}  {score}  {session.turns} turns{kind}", markup=False)


def replay(session: SavedSession, out: Console, *, play: bool = False) -> None:
    start = session.start
    out.print(f"[bold]{escape(session.id)}[/bold]: {escape(start.get('title', ''))}")
    player_broken = not play
    for event in session.events:
        if event["event"] == "line":
            line = Line.from_json(event)
            out.print(f"[bold cyan]{escape(line.speaker)}:[/bold cyan] {escape(line.text)}")
        elif event["event"] == "turn":
            turn = Utterance.from_json(event)
            how = " [dim](heard)[/dim]" if turn.source == HEARD else ""
            out.print(f"[bold]You:[/bold] {escape(turn.text)}{how}")
        elif event["event"] == "end" and event.get("reason") != "finished":
            out.print(f"[dim](call ended: {escape(event['reason'])})[/dim]")
        audio = event.get("audio")  # where a line's or a turn's audio was kept, if anywhere
        if audio and not player_broken:
            player_broken = not _play(Path(audio), out)
    report = session.report
    if report is not None:
        out.print(f"Score: [bold]{report['score']}/100[/bold]")


def _play(path: Path, out: Console) -> bool:
    from rehearse.speech.audio.playback import play_wav

    try:
        play_wav(path)
    except AudioDeviceError as error:
        reason = str(error).rstrip(".")
        out.print(f"[yellow]{escape(reason)}.[/yellow] Showing the text only.")
        return False
    return True
