"""`python -m rehearse.judge --write`: train the bundled scripts' intent models and ship them
in rehearse/judge/trained/ (stale ones removed); `--check`: exit 1 if one is missing."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from rehearse.checks.intent import specs_in
from rehearse.config import cache_dir
from rehearse.judge import TRAINED, MiniLMEngine, model_key
from rehearse.script.loader import bundled_names, load_bundled


def bundled_specs() -> dict[str, object]:
    specs = {}
    for name in bundled_names():
        for spec in specs_in(load_bundled(name).points):
            specs[model_key(spec)] = spec
    return specs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rehearse.judge", description=__doc__)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    specs = bundled_specs()
    missing = [key for key in specs if not (TRAINED / f"{key}.npz").is_file()]
    if args.check or not args.write:
        for key in missing:
            print(f"not trained: {key} (python -m rehearse.judge --write)")
        return 1 if missing else 0
    engine = MiniLMEngine(cache=cache_dir() / "judge", shipped=None)
    for key, spec in specs.items():
        started = time.perf_counter()
        model = engine.model(spec)  # type: ignore[arg-type]
        model.save(TRAINED / f"{key}.npz")
        print(f"{key}: {time.perf_counter() - started:.1f} s")
    for stale in TRAINED.glob("*.npz"):
        if stale.stem not in specs:
            stale.unlink()
            print(f"removed {stale.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
