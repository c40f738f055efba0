"""The shipped JSON Schema is the one the loader uses, and accepts the bundled scripts."""

from __future__ import annotations

import json

import jsonschema
import yaml

from rehearse.script.loader import _bundled_dir, bundled_names
from rehearse.script.schema import build_schema, render_schema, shipped_schema_text


def test_shipped_schema_is_up_to_date() -> None:
    assert shipped_schema_text() == render_schema(), "run: python -m rehearse.script.schema --write"


def test_bundled_scripts_match_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(shipped_schema_text()))
    for name in bundled_names():
        data = yaml.safe_load(_bundled_dir().joinpath(f"{name}.yaml").read_text())
        assert list(validator.iter_errors(data)) == [], name


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(build_schema())
