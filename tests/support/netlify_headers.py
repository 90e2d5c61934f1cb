"""Netlify's `[[headers]]` rules from netlify.toml, matched the way Netlify matches them.

The matching follows Netlify's own headers parser: a `for` path is split on `/`; a
segment `*` matches the rest of the path (including nothing), a segment containing
`*` matches any characters there, `:name` matches one segment, anything else is
literal; matching ignores case and a trailing slash. Every rule that matches applies,
in file order, and a later rule's value for the same header replaces an earlier one
(what `netlify dev` does). Production Netlify may instead join repeated headers, so
`overlapping_headers` lets a test insist that no header is set twice for one path.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
NETLIFY_TOML = REPO_ROOT / "netlify.toml"

# What Netlify sends for static files when no rule sets Cache-Control.
NETLIFY_DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"

_MULTIPLE_VALUES = re.compile(r"\s*,\s*")


@dataclass(frozen=True)
class HeaderRule:
    """One `[[headers]]` block: the `for` pattern and its header values."""

    for_path: str
    pattern: re.Pattern[str]
    values: Mapping[str, str]

    def matches(self, path: str) -> bool:
        return self.pattern.match(path) is not None


def for_regexp(for_path: str) -> re.Pattern[str]:
    """Compile a `for` path the way Netlify's headers parser does."""
    parts = [part.rstrip() for part in for_path.split("/")]
    pattern = "/".join(_part_regexp(part) for part in parts if part)
    return re.compile(f"^/{pattern}/?$", re.IGNORECASE)


def _part_regexp(part: str) -> str:
    if part.startswith(":"):
        return "([^/]+)"
    if part == "*":
        return "?(.*)"
    return "(.*)".join(re.escape(piece) for piece in part.split("*"))


def normalize_value(name: str, raw: object) -> str:
    """Collapse a TOML header value to the single line Netlify sends."""
    if isinstance(raw, str):
        return ", ".join(_MULTIPLE_VALUES.split(raw.strip()))
    if isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return ", ".join(item.strip() for item in raw)
    raise ValueError(f"header {name!r}: value must be a string or a list of strings")


def parse_rules(text: str) -> list[HeaderRule]:
    """Read the `[[headers]]` blocks of a netlify.toml text, in file order."""
    config: dict[str, Any] = tomllib.loads(text)
    rules = []
    for index, block in enumerate(config.get("headers", [])):
        for_path = block.get("for")
        if not isinstance(for_path, str) or not for_path.startswith("/"):
            raise ValueError(f"[[headers]] #{index + 1}: 'for' must be a path starting with '/'")
        raw_values = block.get("values", {})
        values = {name: normalize_value(name, raw) for name, raw in raw_values.items()}
        rules.append(HeaderRule(for_path, for_regexp(for_path), values))
    return rules


def load_rules(path: Path = NETLIFY_TOML) -> list[HeaderRule]:
    """Read the `[[headers]]` blocks of a netlify.toml file."""
    return parse_rules(path.read_text(encoding="utf-8"))


def matching_rules(path: str, rules: Sequence[HeaderRule]) -> list[HeaderRule]:
    """The rules that apply to a URL path, in file order."""
    return [rule for rule in rules if rule.matches(path)]


def headers_for(path: str, rules: Sequence[HeaderRule] | None = None) -> dict[str, str]:
    """The custom headers Netlify adds to a response for `path` (later rules override)."""
    merged: dict[str, str] = {}
    canonical: dict[str, str] = {}
    for rule in matching_rules(path, load_rules() if rules is None else rules):
        for name, value in rule.values.items():
            key = canonical.setdefault(name.lower(), name)
            merged[key] = value
    return merged


def overlapping_headers(path: str, rules: Sequence[HeaderRule]) -> dict[str, list[str]]:
    """Header names that more than one matching rule sets for `path`, with those rules."""
    setters: dict[str, list[str]] = {}
    for rule in matching_rules(path, rules):
        for name in rule.values:
            setters.setdefault(name.lower(), []).append(rule.for_path)
    return {name: fors for name, fors in setters.items() if len(fors) > 1}


def response_headers(path: str, rules: Sequence[HeaderRule]) -> dict[str, str]:
    """Custom headers plus Netlify's default Cache-Control where no rule sets one."""
    headers = headers_for(path, rules)
    if not any(name.lower() == "cache-control" for name in headers):
        headers["Cache-Control"] = NETLIFY_DEFAULT_CACHE_CONTROL
    return headers


def directives(policy: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy into directive name -> source list."""
    parsed: dict[str, list[str]] = {}
    for chunk in policy.split(";"):
        tokens = chunk.split()
        if tokens:
            parsed.setdefault(tokens[0].lower(), tokens[1:])
    return parsed
