"""docs/commands.md is the CLI's own help, and the README's quick start is what CI runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rehearse.cli.reference import PAGE, updated_page

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="argparse's help layout differs between versions")
def test_command_reference_is_current() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert updated_page(text) == text, "run: python -m rehearse.cli.reference --write"


def test_quick_start_commands_exist_and_ci_runs_the_tests() -> None:
    text = README.read_text(encoding="utf-8")
    assert "./scripts/practice" in text and "./scripts/test" in text
    for script in ("practice", "test", "setup", "bench"):
        path = ROOT / "scripts" / script
        assert path.is_file() and path.stat().st_mode & 0o111, script
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
