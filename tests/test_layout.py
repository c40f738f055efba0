"""The package's shape: folders by the flow, no import cycle between them, a pure core.

Read from the source with `ast` (nothing is imported), so a new import that breaks the shape
fails here with the file that made it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "rehearse"

# The core takes text in and gives data out: it knows nothing of devices, storage or screens.
CORE = ("script", "dialogue", "checks", "coaching", "profile", "turns", "templates", "yaml_source", "errors")
CORE_EXEMPT = {"rehearse.profile.prompts"}  # the profile's questions on the terminal: an edge
# judge/ is the intent judge's model runtime (numpy, onnxruntime, the user cache): the core's
# intent detector sees it only through the IntentEngine protocol and finds it by name
# (rehearse.checks.intent.DEFAULT_ENGINE), so numpy stays out of the core.
EDGES = ("speech", "channels", "history", "cli", "app", "config", "judge")
AUDIO_WEB_TERMINAL = {
    "numpy",
    "wave",
    "sqlite3",
    "rich",
    "sounddevice",
    "pyaudio",
    "speech_recognition",
    "pyttsx3",
    "faster_whisper",
    "ctranslate2",
    "onnxruntime",
    "piper",
    "fastapi",
    "starlette",
    "uvicorn",
    "pocketsphinx",
}
# pocketsphinx's general English model is read as a word list (how common a word is), not audio.
ALLOWED = {("rehearse.checks.lexicon", "pocketsphinx")}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts).removesuffix(".__init__"), path


def imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def unit(module: str) -> str | None:
    """The folder (or top-level module) a module belongs to; speech's three folders apart."""
    parts = module.split(".")
    if parts[0] != "rehearse" or len(parts) < 2:
        return None
    if parts[1] == "speech" and len(parts) > 2 and (PACKAGE / "speech" / parts[2]).is_dir():
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def exists(module: str) -> bool:
    path = PACKAGE.parent / module.replace(".", "/")
    return path.with_suffix(".py").is_file() or path.is_dir()


def dependencies() -> dict[str, dict[str, str]]:
    """unit -> {unit it imports: a file that imports it}."""
    found: dict[str, dict[str, str]] = {}
    for module, path in modules():
        here = unit(module)
        for name in imports(path):
            there = unit(name) if exists(name) else None
            if here and there and there != here and there != "rehearse":
                found.setdefault(here, {}).setdefault(there, str(path.relative_to(PACKAGE.parent)))
    return found


def cycles(graph: dict[str, dict[str, str]]) -> list[str]:
    """Every edge a -> b from which a can be reached again, with the file that made it."""

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, {}))
        return False

    return [
        f"{a} -> {b} ({graph[a][b]}) and back"
        for a in sorted(graph)
        for b in sorted(graph[a])
        if reaches(b, a)
    ]


def test_no_import_cycle_between_folders() -> None:
    assert cycles(dependencies()) == []


def test_a_cycle_through_a_third_folder_is_found() -> None:
    graph = {"a": {"b": "a.py"}, "b": {"c": "b.py"}, "c": {"a": "c.py"}, "d": {"a": "d.py"}}
    assert cycles(graph) == [
        "a -> b (a.py) and back",
        "b -> c (b.py) and back",
        "c -> a (c.py) and back",
    ]


def test_the_core_imports_no_edge() -> None:
    core = {f"rehearse.{name}" for name in CORE}
    edges = {f"rehearse.{name}" for name in EDGES}
    wrong = []
    for module, path in modules():
        if module in CORE_EXEMPT or (unit(module) or "").split(".speech")[0] not in core:
            continue
        for name in imports(path):
            there = unit(name) or ""
            if any(there == edge or there.startswith(edge + ".") for edge in edges):
                wrong.append(f"{module} imports {name}")
            top = name.split(".")[0]
            if top in AUDIO_WEB_TERMINAL and (module, top) not in ALLOWED:
                wrong.append(f"{module} imports {top}")
    assert wrong == []


def test_no_module_lies_flat_but_the_shared_few() -> None:
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))
    assert flat == ["config", "errors", "templates", "turns", "yaml_source"]
