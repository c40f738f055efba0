"""A line as a recognizer would write it: lowercase, no punctuation, numbers as words, and the
casual spellings Whisper and PocketSphinx give ("gonna", "wanna"). Examples are trained in
every form, so spoken and typed text are judged alike. Pure text in, text out."""

from __future__ import annotations

import re

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth", "twenty": "twentieth", "thirty": "thirtieth",
}  # fmt: skip
_CASUAL = [
    (re.compile(r"\bgoing to\b"), "gonna"),
    (re.compile(r"\bwant to\b"), "wanna"),
    (re.compile(r"\bgot to\b"), "gotta"),
    (re.compile(r"\bkind of\b"), "kinda"),
    (re.compile(r"\bdon't know\b"), "dunno"),
]


def number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    return " ".join(_ONES[int(d)] for d in str(n))


def _ordinal(n: int) -> str:
    words = number_words(n).split()
    last = words[-1]
    words[-1] = _ORDINALS.get(last, last + "th")
    return " ".join(words)


def _clock(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), match.group(2)
    if minute == "00":
        return number_words(hour)
    if minute.startswith("0"):
        return f"{number_words(hour)} oh {number_words(int(minute))}"
    return f"{number_words(hour)} {number_words(int(minute))}"


def heard(text: str) -> str:
    """Lowercase, numbers as words, no punctuation but apostrophes."""
    t = text.lower().replace("’", "'")
    t = re.sub(r"\b(\d{1,2}):(\d\d)\b", _clock, t)
    t = re.sub(
        r"\b(\d{1,2})\s?([ap])\.?m\b\.?", lambda m: f"{number_words(int(m.group(1)))} {m.group(2)} m", t
    )
    t = re.sub(r"\b(\d{1,3})(?:st|nd|rd|th)\b", lambda m: _ordinal(int(m.group(1))), t)
    t = re.sub(r"\b\d{1,4}\b", lambda m: number_words(int(m.group(0))), t)
    t = re.sub(r"[^\w\s']|_", " ", t)
    return " ".join(t.split())


def casual(text: str) -> str:
    t = heard(text)
    for pattern, spelling in _CASUAL:
        t = pattern.sub(spelling, t)
    return t


def variants(text: str) -> tuple[str, ...]:
    """The line as written, as a recognizer writes it, and in casual spelling (no repeats)."""
    return tuple(dict.fromkeys((text, heard(text), casual(text))))
