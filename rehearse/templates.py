"""Fill `{field}` placeholders in script lines and tips.

Substitution is a plain lookup in a dict of strings: nothing in a template is
evaluated, no attribute access or format spec is honoured. `{{` and `}}` give
literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|\{[^{}]*\}?")


class TemplateFieldError(ValueError):
    """A template names a field that does not exist, or has a stray brace."""


def fields_in(template: str) -> list[str]:
    """The field names a template uses, in order; raises on malformed placeholders."""
    names: list[str] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise TemplateFieldError(f"malformed placeholder {token!r} (use {{field}}, or {{{{ for a brace)")
        names.append(match.group(1))
    stray = _TOKEN.sub("", template)
    if "}" in stray:
        raise TemplateFieldError("stray '}' (write }} for a literal brace)")
    return names


def render(template: str, values: Mapping[str, str]) -> str:
    """Replace each `{field}` by `values[field]`; unknown fields raise TemplateFieldError."""

    def substitute(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name is None:
            raise TemplateFieldError(f"malformed placeholder {token!r}")
        if name not in values:
            raise TemplateFieldError(f"unknown field {{{name}}}")
        return values[name]

    return _TOKEN.sub(substitute, template)
