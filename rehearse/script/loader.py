"""Call scripts: a strict loader that names file, line and field.

A script is YAML (`version: 1`, see `rehearse/script/call-script.schema.json`
and docs/scripts.md). Loading checks the structure against the JSON Schema, then
what a schema cannot say: step targets exist, every step is reachable and can
reach the end, points and roles named anywhere exist, templates use known
fields, scenarios name real choices. Every problem is one ScriptError line:
`FILE:LINE:COL: path.to.field: problem`.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from rehearse.checks import DETECTORS
from rehearse.errors import InputFileError, ScriptError, read_user_text
from rehearse.profile.model import TEMPLATE_FIELDS
from rehearse.script.model import (
    DEFAULT_MAX_TURNS,
    DEFAULT_SCRIPT,
    CallScript,
    Closing,
    OrderRule,
    Point,
    Reaction,
    Role,
    Rule,
    Step,
    YamlPath,
    word_runs,
)
from rehearse.script.schema import build_schema
from rehearse.script.voices import voice_name_problem
from rehearse.templates import TemplateFieldError, fields_in
from rehearse.turns import VoiceHint
from rehearse.yaml_source import SourceMap, YamlProblem, load_with_positions


class _Reporter:
    """Turns a problem at a YAML path into the one-line ScriptError."""

    def __init__(self, source: str, positions: SourceMap, data: Any) -> None:
        self.source = source
        self.positions = positions
        self.data = data

    def error(self, path: YamlPath, problem: str, *, at_key: bool = False) -> ScriptError:
        where = self.positions.key(path) if at_key else self.positions.value(path)
        location = f"{self.source}:{where.line}:{where.column}" if where else self.source
        field = self.dotted(path)
        return ScriptError(f"{location}: {field}: {problem}" if field else f"{location}: {problem}")

    def dotted(self, path: YamlPath) -> str:
        """`steps.greet.next`; list items by their `id` if they have one, else `[N]` (1-based)."""
        parts: list[str] = []
        node: Any = self.data
        for key in path:
            if isinstance(key, int):
                item = node[key] if isinstance(node, list) and key < len(node) else None
                label = item.get("id") if isinstance(item, dict) else None
                if isinstance(label, str) and label:
                    parts.append(label)
                else:
                    parts.append(f"[{key + 1}]")
                    if parts[:-1]:
                        parts[-2:] = [parts[-2] + parts[-1]]
            else:
                parts.append(str(key))
            node = _child(node, key)
        return ".".join(parts)


def _child(node: Any, key: Hashable) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and key < len(node):
        return node[key]
    return None


# ---------------------------------------------------------------- schema


_YAML_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
}


def _yaml_type(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(build_schema())


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf/if-then, the sub-error that says most about the problem."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
    return error


def _schema_problem(error: jsonschema.ValidationError) -> tuple[YamlPath, str, bool]:
    """(path, message, message is about a key) for one schema error."""
    error = _deepest(error)
    path: YamlPath = tuple(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    match error.validator:
        case "additionalProperties":
            allowed = set(schema.get("properties", {}))
            extra = sorted(str(k) for k in value if k not in allowed)
            hint = f" (expected one of: {', '.join(sorted(allowed))})" if allowed else ""
            return (*path, extra[0]), f"unknown key{hint}", True
        case "required":
            missing = [k for k in error.validator_value if k not in value]
            return path, f"missing required key '{missing[0]}'", False
        case "type":
            wanted = error.validator_value
            names = [wanted] if isinstance(wanted, str) else list(wanted)
            expected = " or ".join(_YAML_TYPES.get(n, n) for n in names)
            return path, f"expected {expected}, got {_yaml_type(value)}", False
        case "enum":
            options = ", ".join(str(o) for o in error.validator_value)
            return path, f"{value!r} is not one of: {options}", False
        case "const":
            return path, f"must be {error.validator_value!r}, got {value!r}", False
        case "pattern":
            return path, f"{value!r} is not a valid id (lowercase letters, digits, _ and -)", False
        case "propertyNames":
            return path, f"{value!r} is not a valid id (lowercase letters, digits, _ and -)", True
        case "minItems" | "minProperties" | "minLength":
            return path, "must not be empty", False
        case "minimum" | "exclusiveMinimum" | "maximum" | "exclusiveMaximum":
            bound = error.validator_value
            relation = {
                "minimum": f"at least {bound}",
                "exclusiveMinimum": f"greater than {bound}",
                "maximum": f"at most {bound}",
                "exclusiveMaximum": f"less than {bound}",
            }[str(error.validator)]
            return path, f"must be {relation}, got {value!r}", False
        case _:
            return path, error.message, False


def _check_schema(data: Any, report: _Reporter) -> None:
    if not isinstance(data, dict):
        raise report.error((), f"expected a mapping at the top of the script, got {_yaml_type(data)}")
    errors = list(_validator().iter_errors(data))
    if not errors:
        return
    located = []
    for error in errors:
        path, message, at_key = _schema_problem(error)
        where = report.positions.key(path) if at_key else report.positions.value(path)
        located.append(((where.line, where.column) if where else (0, 0), path, message, at_key))
    located.sort(key=lambda item: item[0])
    _, path, message, at_key = located[0]
    if path and path[-1] == "propertyNames":
        path = path[:-1]
    raise report.error(path, message, at_key=at_key)


# ---------------------------------------------------------------- building


def _templates(data: dict[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    for role_id, role in data["roles"].items():
        yield ("roles", role_id, "label"), role["label"]
    for index, point in enumerate(data["points"]):
        yield ("points", index, "tip"), point["tip"]
        yield ("points", index, "example"), point["example"]
    for step_id, step in data["steps"].items():
        for index, line in enumerate(step["say"]):
            yield ("steps", step_id, "say", index), line
    for index, closing in enumerate(data.get("closing", [])):
        yield ("closing", index, "say"), closing["say"]
    for step_id, step in data["steps"].items():
        for index, reaction in enumerate(step.get("reactions", [])):
            yield ("steps", step_id, "reactions", index, "note"), reaction["note"]


def _check_templates(data: dict[str, Any], report: _Reporter) -> None:
    for path, template in _templates(data):
        try:
            names = fields_in(template)
        except TemplateFieldError as error:
            raise report.error(path, str(error)) from None
        for name in names:
            if name not in TEMPLATE_FIELDS:
                known = ", ".join(TEMPLATE_FIELDS)
                raise report.error(path, f"unknown profile field {{{name}}} (known: {known})")


def _check_voices(data: dict[str, Any], report: _Reporter) -> None:
    for role_id, raw in data["roles"].items():
        voice = raw.get("voice", {})
        problem = voice_name_problem(voice.get("engine", "espeak"), voice.get("name"))
        if problem:
            raise report.error(("roles", role_id, "voice", "name"), problem)


def _build_points(data: dict[str, Any], report: _Reporter) -> tuple[Point, ...]:
    points: list[Point] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["points"]):
        if raw["id"] in seen:
            raise report.error(("points", index, "id"), f"duplicate point id '{raw['id']}'")
        seen.add(raw["id"])
        params = {k: v for k, v in raw["detect"].items() if k != "kind"}
        kind = raw["detect"]["kind"]
        try:
            detector = DETECTORS[kind].factory(params)
        except ValueError as error:
            raise report.error(("points", index, "detect"), str(error)) from None
        points.append(
            Point(
                id=raw["id"],
                label=raw["label"],
                weight=float(raw["weight"]),
                kind=kind,
                params=params,
                detector=detector,
                tip=raw["tip"],
                example=raw["example"],
                score_cap=raw.get("score_cap"),
                against_tip=raw.get("against_tip"),
            )
        )
    return tuple(points)


def _build_rules(step_id: str, raw: dict[str, Any], report: _Reporter) -> tuple[Rule, ...]:
    nxt = raw.get("next")
    if nxt is None:
        return ()
    if isinstance(nxt, str):
        return (Rule(goto=nxt),)
    rules = []
    for index, rule in enumerate(nxt):
        path = ("steps", step_id, "next", index)
        conditions = [k for k in ("if", "unless", "against", "outcome") if k in rule]
        if len(conditions) > 1:
            raise report.error(
                path, f"use one of if, unless, against, outcome per rule (got {', '.join(conditions)})"
            )
        if "weight" in rule and "outcome" not in rule:
            raise report.error((*path, "weight"), "weight goes with outcome")
        rules.append(
            Rule(
                goto=rule["goto"],
                if_point=rule.get("if"),
                unless_point=rule.get("unless"),
                against_point=rule.get("against"),
                outcome=rule.get("outcome"),
                weight=float(rule.get("weight", 1.0)),
            )
        )
    return tuple(rules)


def _build_steps(data: dict[str, Any], point_ids: set[str], report: _Reporter) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for step_id, raw in data["steps"].items():
        base: YamlPath = ("steps", step_id)
        if raw["role"] not in data["roles"]:
            known = ", ".join(data["roles"])
            raise report.error((*base, "role"), f"unknown role '{raw['role']}' (roles: {known})")
        for index, point_id in enumerate(raw.get("expect", [])):
            if point_id not in point_ids:
                raise report.error((*base, "expect", index), f"unknown point '{point_id}'")
        end = bool(raw.get("end", False))
        rules = _build_rules(step_id, raw, report)
        if end and rules:
            raise report.error((*base, "next"), "an end step cannot have next")
        if not end and not rules:
            raise report.error(base, "missing 'next' (or 'end: true' for the last line)")
        for index, rule in enumerate(rules):
            rule_path = (*base, "next") if isinstance(raw["next"], str) else (*base, "next", index)
            if rule.goto not in data["steps"]:
                target = rule_path if isinstance(raw["next"], str) else (*rule_path, "goto")
                raise report.error(target, f"unknown step '{rule.goto}'")
            for key, point_id in (
                ("if", rule.if_point),
                ("unless", rule.unless_point),
                ("against", rule.against_point),
            ):
                if point_id is not None and point_id not in point_ids:
                    raise report.error((*rule_path, key), f"unknown point '{point_id}'")
        outcomes = [r for r in rules if r.outcome is not None]
        if rules and not any(
            r.if_point is None and r.unless_point is None and r.against_point is None for r in rules
        ):
            raise report.error(
                (*base, "next"),
                "every rule has a condition: end with a plain goto so the call can go on",
            )
        choose = raw.get("choose")
        if outcomes and choose is None:
            raise report.error(base, "outcome rules need 'choose: NAME' on the step")
        if choose is not None and not outcomes:
            raise report.error((*base, "choose"), "a step with 'choose' needs outcome rules in next")
        names = [r.outcome for r in outcomes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise report.error((*base, "next"), f"outcome '{duplicates[0]}' given twice")
        steps[step_id] = Step(
            id=step_id,
            role=raw["role"],
            say=tuple(raw["say"]),
            listen=bool(raw.get("listen", not end)),
            expect=tuple(raw.get("expect", [])),
            choose=choose,
            rules=rules,
            end=end,
            reactions=tuple(
                Reaction(
                    note=r["note"], opens=word_runs(r.get("opens", [])), says=word_runs(r.get("says", []))
                )
                for r in raw.get("reactions", [])
            ),
        )
    return steps


def _check_flow(start: str, steps: Mapping[str, Step], report: _Reporter) -> None:
    if start not in steps:
        raise report.error(("start",), f"unknown step '{start}'")
    reachable = {start}
    frontier = [start]
    while frontier:
        for rule in steps[frontier.pop()].rules:
            if rule.goto not in reachable:
                reachable.add(rule.goto)
                frontier.append(rule.goto)
    for step_id in steps:
        if step_id not in reachable:
            raise report.error(("steps", step_id), f"unreachable from the start step '{start}'", at_key=True)
    finishing = {s.id for s in steps.values() if s.end}
    if not finishing:
        raise report.error(("steps",), "no step has 'end: true', so the call can never end")
    changed = True
    while changed:
        changed = False
        for step in steps.values():
            if step.id not in finishing and any(r.goto in finishing for r in step.rules):
                finishing.add(step.id)
                changed = True
    for step_id in steps:
        if step_id not in finishing:
            raise report.error(("steps", step_id), "no way to the end of the call from here", at_key=True)


def _check_scenarios(data: dict[str, Any], steps: Mapping[str, Step], report: _Reporter) -> None:
    choices: dict[str, set[str]] = {}
    for step in steps.values():
        if step.choose:
            choices.setdefault(step.choose, set()).update(r.outcome for r in step.rules if r.outcome)
    every = {outcome for outcomes in choices.values() for outcome in outcomes}
    for index, closing in enumerate(data.get("closing", [])):
        if "outcome" in closing and closing["outcome"] not in every:
            known = ", ".join(sorted(every)) or "none"
            raise report.error(
                ("closing", index, "outcome"), f"unknown outcome '{closing['outcome']}' (outcomes: {known})"
            )
    for name, fixed in data.get("scenarios", {}).items():
        for choice, outcome in fixed.items():
            path = ("scenarios", name, choice)
            if choice not in choices:
                known = ", ".join(sorted(choices)) or "none"
                raise report.error(path, f"unknown choice '{choice}' (choices: {known})", at_key=True)
            if outcome not in choices[choice]:
                options = ", ".join(sorted(choices[choice]))
                raise report.error(path, f"unknown outcome '{outcome}' (outcomes: {options})")


def _check_order(data: dict[str, Any], point_ids: set[str], report: _Reporter) -> None:
    for index, rule in enumerate(data.get("order", [])):
        for key in ("first", "then"):
            if rule[key] not in point_ids:
                raise report.error(("order", index, key), f"unknown point '{rule[key]}'")


def parse_script(text: str, source: str, name: str | None = None) -> CallScript:
    """Validate and build a script from YAML text; `source` names it in messages."""
    try:
        data, positions = load_with_positions(text)
    except YamlProblem as problem:
        report = _Reporter(source, SourceMap({(): problem.position} if problem.position else {}, {}), None)
        raise report.error(problem.path, problem.message) from None
    report = _Reporter(source, positions, data)
    _check_schema(data, report)
    _check_templates(data, report)
    _check_voices(data, report)
    points = _build_points(data, report)
    point_ids = {p.id for p in points}
    _check_order(data, point_ids, report)
    steps = _build_steps(data, point_ids, report)
    _check_flow(data["start"], steps, report)
    _check_scenarios(data, steps, report)
    roles = {
        role_id: Role(id=role_id, label=raw["label"], voice=VoiceHint(**raw.get("voice", {})))
        for role_id, raw in data["roles"].items()
    }
    return CallScript(
        name=name or Path(source).stem,
        source=source,
        title=data["title"],
        description=data.get("description", "").strip(),
        roles=roles,
        points=points,
        order=tuple(OrderRule(**rule) for rule in data.get("order", [])),
        closing=tuple(Closing(**entry) for entry in data.get("closing", [])),
        scenarios={k: dict(v) for k, v in data.get("scenarios", {}).items()},
        start=data["start"],
        max_turns=data.get("max_turns", DEFAULT_MAX_TURNS),
        steps=steps,
    )


# ---------------------------------------------------------------- finding scripts


def _bundled_dir() -> Any:
    return resources.files("rehearse").joinpath("calls")


def bundled_names() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in _bundled_dir().iterdir() if p.name.endswith(".yaml"))


def load_script(path: Path) -> CallScript:
    return parse_script(read_user_text(path, "call script"), str(path))


def load_bundled(name: str) -> CallScript:
    resource = _bundled_dir().joinpath(f"{name}.yaml")
    text = resource.read_text(encoding="utf-8")
    return parse_script(text, f"calls/{name}.yaml", name=name)


def resolve_script(name_or_path: str | None) -> CallScript:
    """A bundled script by name (`follow-up`), or a YAML file by path."""
    wanted = name_or_path or DEFAULT_SCRIPT
    if wanted in bundled_names():
        return load_bundled(wanted)
    path = Path(wanted)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_script(path)
    known = ", ".join(bundled_names())
    raise InputFileError(f"{wanted}: no such call script (bundled scripts: {known}; or give a .yaml path)")
