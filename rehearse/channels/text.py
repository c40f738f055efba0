"""Text practice: the other side's lines are printed, the caller types (or pipes) replies."""

from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from rehearse.channels.transcript import MAX_CHARACTERS, check_length, decode_text
from rehearse.errors import InputFileError, TypedInputError
from rehearse.turns import EndOfInput, Line, Utterance

SOURCE = "standard input"
# The longest line read at once: more bytes than MAX_CHARACTERS characters can take in UTF-8,
# so a line that fills it is too long whatever it holds, and a stream with no newline (a binary
# file, /dev/zero) is refused without being read to its end.
LINE_BYTES = 4 * MAX_CHARACTERS + 4


class TextSpeaker:
    def __init__(self, out: Console) -> None:
        self.out = out

    def say(self, line: Line) -> str | None:
        self.out.print(f"[bold cyan]{escape(line.speaker)}:[/bold cyan] {escape(line.text)}")
        return None


class TextListener:
    """One caller turn per line. Interactive: prompts `You: `; piped: ends at end of input.

    Blank lines are skipped, so an accidental Enter does not count as a turn. Piped turns are
    read as bytes and held to what `check` takes from a transcript (UTF-8 text, at most
    MAX_CHARACTERS in the call): anything else is a TypedInputError before it is shown. On a
    terminal, a line that is not text or is too long is said and asked for again.
    """

    def __init__(self, stream: TextIO | None = None, out: Console | None = None) -> None:
        self.stream = stream or sys.stdin
        self.out = out
        self.interactive = self.stream.isatty()
        self.characters = 0  # read so far in this call

    def listen(self) -> Utterance:
        while True:
            if self.interactive and self.out is not None:
                self.out.print("[bold]You:[/bold] ", end="")
            try:
                line = self._read_line()
            except InputFileError as problem:
                if not self.interactive:
                    raise TypedInputError(str(problem)) from None
                if self.out is not None:
                    reason = str(problem).removeprefix(f"{SOURCE}: ")
                    self.out.print(f"[yellow]{escape(reason)}: type that turn again[/yellow]")
                continue
            if not line:
                if self.interactive and self.out is not None:
                    self.out.print()
                raise EndOfInput
            text = " ".join(line.split())
            if text:
                if not self.interactive and self.out is not None:
                    self.out.print(f"[bold]You:[/bold] {escape(text)}")
                return Utterance(text=text, source="typed")

    def _read_line(self) -> str:
        """The next line as text ("" at end of input), counted towards the call's limit."""
        line = self._typed_line() if self.interactive else decode_text(self._piped_line(), SOURCE)
        check_length(self.characters + len(line), SOURCE)
        self.characters += len(line)
        return line

    def _piped_line(self) -> bytes:
        buffer = getattr(self.stream, "buffer", None)
        if buffer is None:  # a text stream with no bytes beneath it
            return self.stream.readline().encode("utf-8", "surrogateescape")
        data: bytes = buffer.readline(LINE_BYTES)
        if len(data) >= LINE_BYTES and not data.endswith(b"\n") and b"\x00" not in data:
            check_length(self.characters + len(data.decode("utf-8", "replace")), SOURCE, at_least=True)
        return data

    def _typed_line(self) -> str:
        """A line typed on the terminal; one it could not decode is said, not a crash."""
        try:
            text = self.stream.readline()
            text.encode("utf-8")  # lone surrogates: bytes a surrogateescape stdin could not decode
        except UnicodeError:
            raise InputFileError(f"{SOURCE}: not UTF-8 text (is the terminal set to UTF-8?)") from None
        return text
