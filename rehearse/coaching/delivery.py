"""How the caller spoke, not what they said: pace, fillers, pauses, length and hedges.

Pure: the caller's turns (text, and word timings when the call was spoken) in, a
`DeliveryReport` out, with at most one short line of feedback per figure. No audio here:
the channels measure, this module only counts.

What each kind of call can give:

- spoken: everything. Pace and pauses are timed by the turn's sound (`Utterance.speech`,
  measured by the channel) and, where a channel gave none, by the recognizer's word timings;
- spoken with neither (no audio, no word timings): fillers, hedges and word counts;
- typed: fillers as typed, hedges, word counts and the caller's share of the words. A typed
  call has no pace or pauses, and none is ever printed for one.

Recognizers leave out what they do not write down: Whisper drops "um" and "uh" almost
always, so with it those sounds are "not measured", never "none". `RECOGNIZER_HEARS` says
which recognizer writes hesitation sounds; `scripts/bench delivery` measured it.

Every threshold is in `DeliveryRules`, one table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from statistics import mean
from typing import Any

from rehearse.coaching.fillers import (
    FILLER_WORDS,
    HEDGES,
    Hit,
    Token,
    find_hesitations,
    find_phrases,
    tokens,
)
from rehearse.turns import Utterance, Word


@dataclass(frozen=True)
class DeliveryRules:
    """When a figure is worth a line. Phone advice: 120-160 words a minute is easy to follow."""

    easy_pace: tuple[int, int] = (120, 160)
    hesitant_below: int = 100  # words a minute
    rushed_above: int = 170
    min_timed_words: int = 12  # fewer words than this: too little speech to give a pace
    min_timed_seconds: float = 4.0
    fillers_per_100: float = 3.0  # from this many fillers per 100 words, say so
    long_pause: float = 1.0  # seconds of silence between two words of one turn
    slow_reply: float = 2.0  # seconds before the caller started answering
    long_call: float = 180.0  # seconds; a follow-up call fits in two or three minutes
    long_speech: float = 75.0  # seconds of the caller's own speech (about the brevity point's words)


DEFAULT_RULES = DeliveryRules()

# Whether a recognizer writes "um"/"uh" down. Measured with `scripts/bench delivery`.
RECOGNIZER_HEARS: dict[str, bool] = {
    "whisper": False,
    "faster-whisper": False,
    "sphinx": False,
    "sphinx-general": False,
    "vosk": False,
    "google": False,
}


@dataclass(frozen=True)
class Filler:
    label: str
    turn: int  # 1-based
    at: float | None  # seconds into the turn's audio, when timed
    first_in_turn: bool


@dataclass(frozen=True)
class Pause:
    turn: int
    after: str  # the word before the silence
    at: float
    seconds: float


@dataclass(frozen=True)
class Hedge:
    label: str
    count: int
    turns: tuple[int, ...]


@dataclass(frozen=True)
class DeliveryReport:
    spoken: bool
    timed: bool  # every spoken turn had word timings
    recognizer: str | None
    words: int  # the caller's words, fillers included
    wpm: float | None
    speaking_seconds: float | None
    hesitations_measured: bool
    fillers: tuple[Filler, ...]
    pauses: tuple[Pause, ...]
    reply_delays: tuple[float | None, ...]  # per turn; None where not measured
    caller_seconds: float | None
    other_seconds: float | None
    other_words: int | None
    hedges: tuple[Hedge, ...]
    lines: tuple[str, ...] = ()  # one short line per figure worth saying
    note: str | None = None  # what this call could not measure
    rules: DeliveryRules = field(default=DEFAULT_RULES, repr=False)

    @property
    def filler_rate(self) -> float | None:
        return round(100 * len(self.fillers) / self.words, 1) if self.words else None

    @property
    def call_seconds(self) -> float | None:
        if self.other_seconds is None or self.caller_seconds is None:
            return None
        waits = sum(d for d in self.reply_delays if d is not None)
        return self.other_seconds + self.caller_seconds + waits

    @property
    def caller_share(self) -> tuple[float, str] | None:
        """(the caller's share of the talk, "time" or "words"), when there is another side."""
        if self.caller_seconds is not None and self.other_seconds:
            return self.caller_seconds / (self.caller_seconds + self.other_seconds), "time"
        if self.other_words:
            return self.words / (self.words + self.other_words), "words"
        return None

    def to_json(self) -> dict[str, Any]:
        delays = [d for d in self.reply_delays if d is not None]
        share = self.caller_share
        counts = Counter(f.label for f in self.fillers)
        return {
            "spoken": self.spoken,
            "timed": self.timed,
            "recognizer": self.recognizer,
            "words": self.words,
            "pace": None
            if self.wpm is None
            else {"wpm": round(self.wpm, 1), "speaking_s": _r(self.speaking_seconds)},
            "fillers": {
                "count": len(self.fillers),
                "per_100_words": self.filler_rate,
                "by_word": dict(counts.most_common()),
                "hesitations_measured": self.hesitations_measured,
                "where": [
                    {"word": f.label, "turn": f.turn, "at_s": _r(f.at), "first_in_turn": f.first_in_turn}
                    for f in self.fillers
                ],
            },
            "pauses": None
            if not self.timed
            else {
                "long_pause_s": self.rules.long_pause,
                "inside_turns": [
                    {"turn": p.turn, "after": p.after, "at_s": _r(p.at), "seconds": _r(p.seconds)}
                    for p in self.pauses
                ],
                "longest_s": _r(max((p.seconds for p in self.pauses), default=None)),
            },
            "reply_delay": None
            if not delays
            else {
                "per_turn_s": [_r(d) for d in self.reply_delays],
                "mean_s": _r(mean(delays)),
                "max_s": _r(max(delays)),
            },
            "length": {
                "caller_words": self.words,
                "other_words": self.other_words,
                "caller_s": _r(self.caller_seconds),
                "other_s": _r(self.other_seconds),
                "call_s": _r(self.call_seconds),
                "caller_share": None if share is None else round(share[0], 3),
                "share_of": None if share is None else share[1],
            },
            "hedges": [{"hedge": h.label, "count": h.count, "turns": list(h.turns)} for h in self.hedges],
            "lines": list(self.lines),
            "note": self.note,
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---------------------------------------------------------------- measuring


def _turn_tokens(turn: Utterance) -> list[Token]:
    if turn.words:
        return [t for i, w in enumerate(turn.words) for t in tokens(w.text, i)]
    return tokens(turn.text)


def _word_at(turn: Utterance, token: Token) -> Word | None:
    return turn.words[token.word] if token.word is not None and turn.words else None


def _timed(turn: Utterance) -> bool:
    return bool(turn.speech or turn.words)


def _stretches(turn: Utterance) -> list[tuple[float, float]]:
    """The turn's sounding stretches: from its audio when the channel measured them, else
    from the recognizer's word timings."""
    if turn.speech:
        return list(turn.speech)
    return [(w.start, w.end) for w in turn.words]


def _word_before(turn: Utterance, at: float) -> str:
    """The recognized word that ends closest before `at` seconds (a little after counts)."""
    before = [w for w in turn.words if w.end <= at + 0.3]
    return before[-1].text.strip(",.?!") if before else ""


def _turn_timing(turn: Utterance, number: int, long_pause: float) -> tuple[float, float, list[Pause]]:
    """(seconds from the first sound to the last, the same less long pauses, the pauses)."""
    spans = _stretches(turn)
    if not spans:
        return 0.0, 0.0, []
    pauses = [
        Pause(number, _word_before(turn, a[1]), a[1], b[0] - a[1])
        for a, b in pairwise(spans)
        if b[0] - a[1] >= long_pause
    ]
    total = spans[-1][1] - spans[0][0]
    return total, max(0.0, total - sum(p.seconds for p in pauses)), pauses


def measure_delivery(
    turns: Sequence[Utterance],
    *,
    recognizer: str | None = None,
    other_words: int | None = None,
    other_seconds: float | None = None,
    rules: DeliveryRules = DEFAULT_RULES,
) -> DeliveryReport:
    """The delivery figures of a call. `other_words` / `other_seconds`: what the other side
    said, in words and in seconds of audio, when known."""
    spoken = any(t.spoken for t in turns)
    timed = spoken and all(_timed(t) for t in turns if t.spoken and t.text.strip())
    fillers: list[Filler] = []
    hedge_hits: list[tuple[int, Hit]] = []
    pauses: list[Pause] = []
    delays: list[float | None] = []
    total_words = 0
    speaking = 0.0
    paced_words = 0
    caller_seconds = 0.0
    for number, turn in enumerate(turns, start=1):
        toks = _turn_tokens(turn)
        total_words += sum(1 for t in toks if t.is_word)
        used: set[int] = set()
        hits = find_hesitations(toks, used) + find_phrases(toks, FILLER_WORDS, used)
        first_word = next((i for i, t in enumerate(toks) if t.is_word), None)
        for hit in sorted(hits, key=lambda h: h.first):
            word = _word_at(turn, toks[hit.first])
            fillers.append(Filler(hit.label, number, word.start if word else None, hit.first == first_word))
        hedge_hits += [(number, h) for h in find_phrases(toks, HEDGES, set(used))]
        if _timed(turn):
            total, seconds, found = _turn_timing(turn, number, rules.long_pause)
            caller_seconds += total
            speaking += seconds
            pauses += found
            words = sum(1 for t in toks if t.is_word)
            paced_words += words - sum(1 for h in hits if h.label in _HESITATION_LABELS)
        delays.append(turn.reply_delay)
    enough = paced_words >= rules.min_timed_words and speaking >= rules.min_timed_seconds
    hears = RECOGNIZER_HEARS.get(recognizer or "", False) if spoken else True
    report = DeliveryReport(
        spoken=spoken,
        timed=timed,
        recognizer=recognizer if spoken else None,
        words=total_words,
        wpm=60 * paced_words / speaking if timed and enough else None,
        speaking_seconds=speaking if timed else None,
        hesitations_measured=hears,
        fillers=tuple(f for f in fillers if hears or f.label not in _HESITATION_LABELS),
        pauses=tuple(pauses),
        reply_delays=tuple(delays),
        caller_seconds=caller_seconds if timed else None,
        other_seconds=other_seconds if timed else None,
        other_words=other_words,
        hedges=_hedges(hedge_hits),
        rules=rules,
    )
    return _with_lines(report)


_HESITATION_LABELS = frozenset({"um", "uh", "er", "hmm", "mm"})


def _hedges(hits: Sequence[tuple[int, Hit]]) -> tuple[Hedge, ...]:
    repeats = {p.label: p.repeats for p in HEDGES}
    counts = Counter(h.label for _, h in hits)
    out = []
    for label, count in counts.most_common():
        if count >= repeats[label]:
            turns = tuple(sorted({n for n, h in hits if h.label == label}))
            out.append(Hedge(label, count, turns))
    return tuple(out)


# ---------------------------------------------------------------- the lines


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def pace_line(report: DeliveryReport) -> str | None:
    if report.wpm is None:
        return None
    rules, wpm = report.rules, round(report.wpm)
    low, high = rules.easy_pace
    if wpm > rules.rushed_above:
        return f"Pace: {wpm} words a minute, fast for the phone; slow down to {low}-{high}."
    if wpm < rules.hesitant_below:
        return f"Pace: {wpm} words a minute, slow enough to sound unsure; aim for {low}-{high}."
    if low <= wpm <= high:
        return f"Pace was easy to follow ({wpm} words a minute)."
    side = "a little fast" if wpm > high else "a little slow"
    return f"Pace: {wpm} words a minute, {side}; {low}-{high} is easiest to follow on the phone."


def filler_line(report: DeliveryReport) -> str | None:
    rate = report.filler_rate
    fillers = report.fillers
    unmeasured = (
        None
        if report.hesitations_measured
        else f'"um" and "uh" are not measured with {report.recognizer or "this recognizer"}'
    )
    if rate is None or rate < report.rules.fillers_per_100:
        return f"Fillers: {unmeasured}; no filler words heard." if unmeasured and report.words else None
    counts = Counter(f.label for f in fillers).most_common(3)
    which = ", ".join(f'"{label}" {n}' for label, n in counts)
    where = _filler_place(fillers)
    text = f"Fillers: {rate:g} in 100 words ({which}){where}; a short silence works better."
    return text if unmeasured is None else f"{text[:-1]} ({unmeasured})."


def _filler_place(fillers: Sequence[Filler]) -> str:
    starts = sum(1 for f in fillers if f.first_in_turn)
    if starts * 2 >= len(fillers) and starts > 1:
        return f", {starts} of them as you began a turn"
    turn, count = Counter(f.turn for f in fillers).most_common(1)[0]
    if count * 2 > len(fillers) and len(fillers) > 2:
        return f", {count} of them in turn {turn}"
    return ""


def pause_line(report: DeliveryReport) -> str | None:
    if not report.pauses:
        return None
    longest = max(report.pauses, key=lambda p: p.seconds)
    many = len(report.pauses)
    what = "a silence" if many == 1 else f"{many} silences"
    after = f'after "{longest.after}" ' if longest.after else ""
    return (
        f"Pauses: {what} of {report.rules.long_pause:g} s or more inside your turns "
        f"(longest {longest.seconds:.1f} s, {after}in turn {longest.turn}); "
        "know your next sentence before you call."
    )


def reply_line(report: DeliveryReport) -> str | None:
    delays = [(d, n) for n, d in enumerate(report.reply_delays, start=1) if d is not None]
    if not delays:
        return None
    slowest, turn = max(delays)
    if slowest < report.rules.slow_reply:
        return None
    average = mean(d for d, _ in delays)
    return (
        f"Answering: you took {slowest:.1f} s to start in turn {turn} "
        f"({average:.1f} s on average); on the phone a silence feels longer, so start within a second or two."
    )


def length_line(report: DeliveryReport) -> str | None:
    """Spoken calls only: a typed call's length is the content advice's (words in all)."""
    rules, call, mine, share = report.rules, report.call_seconds, report.caller_seconds, report.caller_share
    if mine is None or not (mine > rules.long_speech or (call is not None and call > rules.long_call)):
        return None
    part = f" ({round(100 * share[0])}% of the talking)" if share is not None and share[1] == "time" else ""
    took = f"the call took {_duration(call)} and " if call is not None else ""
    return f"Length: {took}you spoke for {_duration(mine)}{part}; keep it short: say your piece, then listen."


def hedge_line(report: DeliveryReport) -> str | None:
    if not report.hedges:
        return None
    said = ", ".join(f'"{h.label}" {_times(h.count)}' for h in report.hedges[:3])
    return f"Hedges: {said}; once is enough, or they undercut what you say."


LINES = (pace_line, filler_line, pause_line, reply_line, length_line, hedge_line)


def _with_lines(report: DeliveryReport) -> DeliveryReport:
    lines = tuple(line for make in LINES if (line := make(report)) is not None)
    note = None
    if not report.spoken:
        note = "typed call: pace and pauses are measured on spoken calls only"
    elif not report.timed:
        note = f"pace and pauses not measured: {report.recognizer} gives no word timings"
    elif report.wpm is None:
        note = "too little speech to give a pace"
    return replace(report, lines=lines, note=note)
