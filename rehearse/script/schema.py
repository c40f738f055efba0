"""The JSON Schema of call scripts (`version: 1`).

The shipped file `rehearse/script/call-script.schema.json` is generated from
this module and the detector registry (`python -m rehearse.script.schema --write`), so
editors see exactly the keys the loader accepts; a test keeps the two equal.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from typing import Any

from rehearse.checks import DETECTORS
from rehearse.script.voices import VOICE_ENGINES

ID_PATTERN = "^[a-z][a-z0-9_-]*$"
SCHEMA_FILE = "call-script.schema.json"

_TEXT = {"type": "string", "minLength": 1}
_ID = {"type": "string", "pattern": ID_PATTERN}


def _detect_schema() -> dict[str, Any]:
    branches = []
    for kind, entry in sorted(DETECTORS.items()):
        params = dict(entry.params_schema)
        properties = {"kind": {"const": kind}, **params.get("properties", {})}
        then: dict[str, Any] = {"properties": properties, "additionalProperties": False}
        if params.get("required"):
            then["required"] = list(params["required"])
        branches.append({"if": {"properties": {"kind": {"const": kind}}}, "then": then})
    return {
        "type": "object",
        "description": "How the point is recognized in the caller's words.",
        "required": ["kind"],
        "properties": {
            "kind": {
                "enum": sorted(DETECTORS),
                "description": "; ".join(f"{k}: {e.summary}" for k, e in sorted(DETECTORS.items())),
            }
        },
        "allOf": branches,
    }


def build_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:rehearse:call-script:1",
        "title": "rehearse call script",
        "description": "A phone call to practise: who speaks, what the caller should cover, "
        "and how the conversation goes.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "title", "roles", "points", "start", "steps"],
        "properties": {
            "version": {"const": 1, "description": "Format version; always 1."},
            "title": _TEXT,
            "description": {"type": "string"},
            "roles": {
                "type": "object",
                "description": "The people on the other side of the call, by id.",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/role"},
            },
            "points": {
                "type": "array",
                "description": "What the caller must cover; feedback reports each one.",
                "minItems": 1,
                "items": {"$ref": "#/$defs/point"},
            },
            "order": {
                "type": "array",
                "description": "Advice on the order of points (say who you are before asking).",
                "items": {"$ref": "#/$defs/order_rule"},
            },
            "closing": {
                "type": "array",
                "description": "The last line of the feedback, by how the call went: the first "
                "entry whose outcome the call reached (one without an outcome fits any call).",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["say"],
                    "properties": {
                        "outcome": {**_ID, "description": "An outcome of one of the steps' choices."},
                        "say": _TEXT,
                    },
                },
            },
            "scenarios": {
                "type": "object",
                "description": "Named branches (--scenario NAME): each fixes random choices.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {
                    "type": "object",
                    "description": "choice name: outcome",
                    "minProperties": 1,
                    "additionalProperties": _ID,
                },
            },
            "start": {**_ID, "description": "The step the call begins with."},
            "max_turns": {
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
                "description": "The call ends after this many caller turns (default 15).",
            },
            "steps": {
                "type": "object",
                "description": "The dialogue, by step id.",
                "minProperties": 1,
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": {"$ref": "#/$defs/step"},
            },
        },
        "$defs": {
            "role": {
                "type": "object",
                "additionalProperties": False,
                "required": ["label"],
                "properties": {
                    "label": {**_TEXT, "description": "Shown before the role's lines."},
                    "voice": {"$ref": "#/$defs/voice"},
                },
            },
            "voice": {
                "type": "object",
                "description": "A hint for text-to-speech; engines do their best.",
                "additionalProperties": False,
                "properties": {
                    "gender": {"enum": ["female", "male"]},
                    "rate": {"type": "integer", "minimum": 80, "maximum": 400},
                    "pitch": {"type": "integer", "minimum": 0, "maximum": 99},
                    "language": {"type": "string", "pattern": "^[a-z]{2}(-[a-z]+)?$"},
                    "engine": {
                        "enum": list(VOICE_ENGINES),
                        "description": "espeak (espeak-ng, the default) or piper (a natural neural "
                        "voice; espeak-ng stands in when it is missing).",
                    },
                    "name": {
                        **_TEXT,
                        "description": "A Piper voice: en_US-joe-medium, or an absolute path to an .onnx.",
                    },
                },
            },
            "point": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "label", "weight", "detect", "tip", "example"],
                "properties": {
                    "id": _ID,
                    "label": _TEXT,
                    "weight": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "maximum": 100,
                        "description": "Share of the score; weights are scaled to 100.",
                    },
                    "detect": {"$ref": "#/$defs/detect"},
                    "score_cap": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": 100,
                        "description": (
                            "Highest score a call can get when the caller said something against "
                            "this point (an insult fails `polite` this way), not merely left it out."
                        ),
                    },
                    "tip": {**_TEXT, "description": "Advice when the point is missed."},
                    "against_tip": {
                        **_TEXT,
                        "description": (
                            "Advice when the caller said something against the point (withdrew "
                            "instead of saying they are still interested); the point is then not "
                            "scored, and this replaces `tip`."
                        ),
                    },
                    "example": {**_TEXT, "description": "A better way to say it."},
                },
            },
            "detect": _detect_schema(),
            "order_rule": {
                "type": "object",
                "additionalProperties": False,
                "required": ["first", "then", "advice"],
                "properties": {"first": _ID, "then": _ID, "advice": _TEXT},
            },
            "step": {
                "type": "object",
                "additionalProperties": False,
                "required": ["role", "say"],
                "properties": {
                    "role": _ID,
                    "say": {
                        "type": "array",
                        "minItems": 1,
                        "items": _TEXT,
                        "description": "Variants of the line; one is picked at random.",
                    },
                    "listen": {
                        "type": "boolean",
                        "description": "Wait for the caller after the line (default: true, "
                        "false for end steps).",
                    },
                    "expect": {
                        "type": "array",
                        "items": _ID,
                        "description": "Points the caller should cover in reply.",
                    },
                    "choose": {
                        **_ID,
                        "description": "Name of the random choice this step's outcome rules make.",
                    },
                    "next": {
                        "description": "A step id, or rules tried in order.",
                        "anyOf": [
                            _ID,
                            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/rule"}},
                        ],
                    },
                    "end": {"type": "boolean", "description": "The call ends after this line."},
                    "reactions": {
                        "type": "array",
                        "description": "Notes on how the caller took this line, judged on their "
                        "reply to it alone (in practice and demo calls).",
                        "items": {"$ref": "#/$defs/reaction"},
                    },
                },
            },
            "reaction": {
                "type": "object",
                "additionalProperties": False,
                "required": ["note"],
                "anyOf": [{"required": ["opens"]}, {"required": ["says"]}],
                "properties": {
                    "opens": {
                        "type": "array",
                        "minItems": 1,
                        "items": _TEXT,
                        "description": "The reply opens with one of these (after 'oh', 'um', 'well').",
                    },
                    "says": {
                        "type": "array",
                        "minItems": 1,
                        "items": _TEXT,
                        "description": "The reply says one of these, as whole words, anywhere.",
                    },
                    "note": {**_TEXT, "description": "The feedback's note when it does."},
                },
            },
            "rule": {
                "type": "object",
                "additionalProperties": False,
                "required": ["goto"],
                "properties": {
                    "goto": _ID,
                    "if": {**_ID, "description": "Taken when the caller has covered this point."},
                    "unless": {**_ID, "description": "Taken while the caller has not covered it."},
                    "against": {
                        **_ID,
                        "description": (
                            "Taken once the caller has said something against this point: an "
                            "insult against `polite`, withdrawing against `continued_interest`."
                        ),
                    },
                    "outcome": {**_ID, "description": "One outcome of the step's random choice."},
                    "weight": {"type": "number", "exclusiveMinimum": 0},
                },
            },
        },
    }


def shipped_schema_text() -> str:
    return resources.files("rehearse").joinpath("script", SCHEMA_FILE).read_text(encoding="utf-8")


def render_schema() -> str:
    return json.dumps(build_schema(), indent=2) + "\n"


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        target = resources.files("rehearse").joinpath("script", SCHEMA_FILE)
        with resources.as_file(target) as path:
            path.write_text(render_schema(), encoding="utf-8")
        return 0
    sys.stdout.write(render_schema())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
