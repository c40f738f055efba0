"""Word error rate on real human speech: the five LibriVox sentences pocketsphinx ships.

`/usr/share/pocketsphinx/test/data/librivox/` (Debian's pocketsphinx-testdata) holds five
16 kHz WAVs read from *Sense and Sensibility* and a `transcription` file, one line per
sentence: `<s> words </s> (file id)`. Every bench setup (`common.SETUPS`) hears each sentence
as one turn, made as for a call (the sample caller's phrases and facts: Whisper's call prompt
is about a job interview and the call's PocketSphinx model knows only call words, so
`whisper-plain` and `sphinx-general` are the setups without a call's priming). Word errors on
`common.spoken_form` of both sides.

    .venv/bin/python -m bench.librivox [OUT_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import (
    ALL_SETUPS,
    SAMPLE_PHRASES,
    SAMPLE_PROFILE,
    decode_streaming,
    make_setup,
    spoken_word_errors,
)
from rehearse.speech.recognition.registry import SAMPLE_RATE, RecognizerSettings

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
_LINE = re.compile(r"^\s*(?:<s>)?(?P<text>.*?)(?:</s>)?\s*\((?P<id>[^()]+)\)\s*$")


def read_transcription(folder: Path = LIBRIVOX) -> list[tuple[str, str]]:
    """(file id, words) for every line of `folder/transcription`."""
    sentences = []
    for line in (folder / "transcription").read_text(encoding="utf-8").splitlines():
        match = _LINE.match(line)
        if match:
            sentences.append((match["id"].strip(), " ".join(match["text"].split())))
    return sentences


def run_librivox_bench(
    out: Path | None = None, setups: Sequence[str] = ALL_SETUPS, folder: Path = LIBRIVOX, progress: Any = None
) -> dict[str, Any]:
    """Every setup on every sentence; writes `librivox.json` under `out`."""
    from rehearse.speech.audio.clips import load_clip

    target = Path(out) if out else Path(tempfile.mkdtemp(prefix="rehearse-librivox-"))
    target.mkdir(parents=True, exist_ok=True)
    if not (folder / "transcription").is_file():
        report: dict[str, Any] = {
            "missing": f"{folder}/transcription (apt-get install pocketsphinx-testdata)"
        }
        report["out"] = str(target)
        return report
    sentences = [
        (ident, text, load_clip(folder / f"{ident}.wav").pcm) for ident, text in read_transcription(folder)
    ]
    seconds = sum(len(pcm) for *_, pcm in sentences) / 2 / SAMPLE_RATE
    settings = RecognizerSettings(SAMPLE_PHRASES, SAMPLE_PROFILE, cache_dir=target / "lm-cache")
    report = {
        "folder": str(folder),
        "sentences": len(sentences),
        "audio_seconds": round(seconds, 2),
        "setups": {},
    }
    for setup in setups:
        if progress:
            progress(f"  {setup} on {len(sentences)} LibriVox sentences...")
        recognizer = make_setup(setup, settings)
        errors = words = 0
        heard = []
        for ident, text, pcm in sentences:
            said, _, _ = decode_streaming(recognizer, pcm)
            e, n = spoken_word_errors(text, said)
            errors, words = errors + e, words + n
            heard.append({"id": ident, "said": text, "heard": said, "errors": e})
        report["setups"][setup] = {
            "wer": round(errors / words, 3),
            "errors": errors,
            "words": words,
            "heard": heard,
        }
    (target / "librivox.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    report["out"] = str(target)
    return report


def format_librivox_report(report: dict[str, Any]) -> str:
    if "missing" in report:
        return f"LibriVox sentences: not run, no {report['missing']}"
    cells = ", ".join(f"{name} {r['wer']:.3f}" for name, r in report["setups"].items())
    return (
        f"Word error rate on real human speech ({report['sentences']} LibriVox sentences, "
        f"{report['audio_seconds']} s, read from a novel): {cells}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    report = run_librivox_bench(Path(args[0]) if args else None)
    print(format_librivox_report(report))
    print(f"-> {report['out']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
