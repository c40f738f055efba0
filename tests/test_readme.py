"""The README and the docs: the command reference is the CLI's own help, the quick start is what
CI runs, the exit statuses are the code's, every path and link points at something, and the
site builds with `mkdocs build --strict`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rehearse import errors
from rehearse.cli.reference import PAGE, updated_page

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def _docs_pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="argparse's help layout differs between versions")
def test_command_reference_is_current() -> None:
    assert PAGE == DOCS / "commands.md"
    text = PAGE.read_text(encoding="utf-8")
    assert updated_page(text) == text, "run: python -m rehearse.cli.reference --write"


def test_quick_start_commands_exist_and_ci_runs_the_tests() -> None:
    text = README.read_text(encoding="utf-8")
    assert "./scripts/practice" in text and "./scripts/test" in text
    for script in ("practice", "test", "setup", "bench"):
        path = ROOT / "scripts" / script
        assert path.is_file() and path.stat().st_mode & 0o111, script
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_stays_short_and_says_piper_is_gpl() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250, "the README is the first read: put reference material in docs/"
    assert re.search(r"Piper.*GPL-3\.0-or-later", text)


def _statuses_in_code() -> set[int]:
    found: set[int] = set()
    pending = list(errors.RehearseError.__subclasses__())
    while pending:
        cls = pending.pop()
        found.add(cls.exit_status)
        pending += cls.__subclasses__()
    return found | {0, errors.INTERRUPTED_EXIT_STATUS, errors.INTERNAL_ERROR_EXIT_STATUS}


def test_exit_status_page_lists_the_statuses_the_code_returns() -> None:
    text = (DOCS / "exit-status.md").read_text(encoding="utf-8")
    documented = {int(status) for status in re.findall(r"^\| (\d+) \|", text, flags=re.MULTILINE)}
    assert documented == _statuses_in_code()


# A repository path as the README and docs write it: `rehearse/checks/written.py`, `bench/`,
# `tests/eval/holdout*.yaml`, `./scripts/bench`.
_PATH = re.compile(r"(?<![\w/.<-])(?:\./)?((?:rehearse|bench|tests|scripts|docs)/[\w./*-]*)")


@pytest.mark.parametrize("page", [README, *_docs_pages()], ids=lambda path: path.name)
def test_every_path_mentioned_exists(page: Path) -> None:
    missing = []
    for match in _PATH.finditer(page.read_text(encoding="utf-8")):
        path = match.group(1).rstrip(".,")
        if not list(ROOT.glob(path.rstrip("/"))):
            missing.append(path)
    assert not missing, f"{page.name} names paths that do not exist: {sorted(set(missing))}"


def test_readme_links_to_docs_pages_that_exist() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    relative = [target for target in targets if "://" not in target]
    assert [target for target in relative if not (ROOT / target).exists()] == []
    linked = {Path(target).name for target in relative if target.startswith("docs/")}
    assert {page.name for page in _docs_pages()} - linked == set(), "link every docs page from the README"


def test_docs_site_builds_strict(tmp_path: Path) -> None:
    """A broken link or anchor, or a page left out of the nav, is a warning, and --strict fails on it."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "No module named mkdocs" not in output, "mkdocs is missing: pip install -e '.[dev]'"
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "commands.html").is_file()
