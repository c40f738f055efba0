"""Text practice: the other side's lines are printed, the caller types (or pipes) replies."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from rehearse.turns import EndOfInput, Line, Utterance


class TextSpeaker:
    def __init__(self, out: Console) -> None:
        self.out = out

    def say(self, line: Line) -> str | None:
        self.out.print(f"[bold cyan]{escape(line.speaker)}:[/bold cyan] {escape(line.text)}")
        return None


class TextListener:
    """One caller turn per line. Interactive: prompts `You: `; piped: ends at end of input.

    Blank lines are skipped, so an accidental Enter does not count as a turn.
    """

    def __init__(self, stream: TextIO | None = None, out: Console | None = None) -> None:
        self.stream = stream or sys.stdin
        self.out = out
        self.interactive = self.stream.isatty()

    def listen(self) -> Utterance:
        while True:
            if self.interactive and self.out is not None:
                self.out.print("[bold]You:[/bold] ", end="")
            line = self.stream.readline()
            if not line:
                if self.interactive and self.out is not None:
                    self.out.print()
                raise EndOfInput
            text = " ".join(line.split())
            if text:
                if not self.interactive and self.out is not None:
                    self.out.print(f"[bold]You:[/bold] {escape(text)}")
                return Utterance(text=text, source="typed")
