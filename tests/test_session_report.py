"""`rehearse report`: a saved session as one HTML page (rendered by a real browser here) or
Markdown, with the evidence marked, the feedback, the delivery figures and the audio."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rehearse.checks.base import Facts
from rehearse.coaching.feedback import build_report
from rehearse.history.session_report import to_html, to_markdown, transcript
from rehearse.history.store import SessionStore
from rehearse.profile.model import load_profile
from rehearse.script.loader import load_bundled
from rehearse.script.model import expected_points
from rehearse.speech.audio.clips import write_wav
from tests.cli_helpers import run

PROFILE = Path(__file__).parent / "data" / "jordan.yaml"
TURNS = [
    "Hi, this is Jordan Lee. Could I speak to Maria Lopez, please?",
    "I interviewed on Tuesday, November 17th at 2 pm for the data analyst position.",
    "Is there any news on the position? I'm still very interested. Thank you!",
]
MARK_YELLOW = np.array([255, 229, 138])


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def save_call(home: Path, *, audio: bool = True) -> str:
    script = load_bundled("follow-up")
    facts = Facts(profile=load_profile(PROFILE), today=dt.date(2026, 11, 25))
    writer = SessionStore(home).create("follow-up", now=dt.datetime(2026, 11, 25, 10, 30))
    line_audio = None
    if audio:
        tone = (np.sin(np.arange(16000) * 2 * np.pi * 440 / 16000) * 8000).astype(np.int16)
        line_audio = str(write_wav(writer.audio_dir / "001-receptionist.wav", tone.tobytes(), 16000))
    events: list[tuple[str, dict[str, object]]] = [
        ("start", {"script": "follow-up", "title": script.title, "scenario": "open", "today": "2026-11-25"}),
        (
            "line",
            {"role": "receptionist", "speaker": "Receptionist", "text": "Good morning.", "audio": line_audio},
        ),
    ]
    for turn in TURNS:
        events.append(("turn", {"text": turn, "source": "typed", "words": [], "audio": None}))
    pending = {"interviewer": "available", "status": "pending"}
    report = build_report(script, facts, TURNS, applies=expected_points(script, pending), outcomes=pending)
    events += [("report", {"report": report.to_json()}), ("end", {"reason": "finished"})]
    writer.record_many(events)
    writer.close()
    return writer.name


def test_the_evidence_is_marked_in_the_turn_it_came_from(home: Path) -> None:
    session = SessionStore(home).load(save_call(home))
    entries = transcript(session)
    assert [e.speaker for e in entries] == ["Receptionist", "You", "You", "You"]
    first = entries[1]
    marked = [first.text[m.start : m.end] for m in first.marks]
    assert marked and all(first.text.find(m) >= 0 for m in marked)
    assert any("Jordan Lee" in m for m in marked)
    labels = {label for e in entries for m in e.marks for label in m.labels}
    assert {"Said who you are", "Asked for the interviewer", "Gave the interview date"} <= labels


def test_markdown_has_the_call_the_feedback_and_the_audio_links(home: Path) -> None:
    session = SessionStore(home).load(save_call(home))
    text = to_markdown(session)
    assert text.startswith("# Follow-up call after an interview\n\n2026-11-25 10:30 · practice · session ")
    assert "- **Receptionist:** Good morning. ([audio](file://" in text
    assert "**Is there any news on the position**" in text
    assert '- ✓ Thanked them: "Thank you"' in text
    assert "- ✓ Kept it short (" in text
    assert text.rstrip().splitlines()[-1].startswith("> Now give them the time they asked for.")


def test_html_is_one_file_with_the_audio_inside(home: Path) -> None:
    session = SessionStore(home).load(save_call(home))
    page = to_html(session)
    assert page.count('<audio controls preload="none" src="data:audio/wav;base64,UklGR') == 1
    assert "file://" not in page and "http" not in page.replace('"https://', "")  # nothing fetched
    missing = to_html(session, read_audio=lambda path: None)
    assert "(audio file " in missing and "is missing)" in missing


def test_report_command(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    name = save_call(home)
    page, notes = tmp_path / "call.html", tmp_path / "call.md"
    result = run(capsys, "report", "--html", str(page), "--md", str(notes))
    assert (result.status, result.out) == (0, f"Wrote the report of {name} to {page} and {notes}\n")
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert run(capsys, "report").status == 64
    assert run(capsys, "report", "nope", "--md", str(notes)).status == 9
    unwritable = run(capsys, "report", "--md", str(tmp_path / "no-such-folder" / "x.md"))
    assert unwritable.status == 11
    target = tmp_path / "no-such-folder" / "x.md"
    assert unwritable.err == f"rehearse: {target}: cannot write the report: No such file or directory\n"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("chromium is missing: scripts/setup installs it (apt-get install chromium)")


def test_a_real_browser_shows_the_page(home: Path, tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "call.html"
    page.write_text(to_html(SessionStore(home).load(save_call(home))), encoding="utf-8")
    browser = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*browser, "--window-size=900,1600", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    # What the browser built from the page: the score, marks naming their points, one player.
    assert "Score: " in dom and "/100</p>" in dom
    assert dom.count("<mark title=") >= 3 and 'title="Said who you are' in dom
    assert dom.count("<audio") == 1
    # What it drew: a page (not blank), with the marks' yellow behind the caller's words.
    pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3).astype(int)
    yellow = np.abs(pixels - MARK_YELLOW).sum(axis=1) < 12
    dark = pixels.sum(axis=1) < 200
    assert yellow.sum() > 2000, "the evidence marks were not drawn"
    assert dark.sum() > 5000, "no text was drawn"
