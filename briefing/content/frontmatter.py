"""Split a Markdown file into YAML front matter and body, and parse YAML safely.

Dates are kept as strings (the timestamp resolver is removed) so that the
validator can report an impossible date with its line instead of PyYAML
raising a bare ValueError. Anchors and aliases are refused outright: PyYAML
does not bound alias expansion, so a 1 KB "billion laughs" file could
otherwise take minutes and gigabytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.content.characters import describe, line_at

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    """A key given twice in one mapping; lines are 0-based lines of the YAML text."""

    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader without the YAML 1.1 timestamp resolver, refusing duplicate keys.

    PyYAML lets the last of two equal keys win: a second `title:` pasted further down
    would silently replace the first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                line = key_node.start_mark.line
                if key in first_lines:
                    raise _DuplicateKey(key_node.value, line, first_lines[key])
                first_lines[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        return mapping

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's constructor, its bare exceptions as YAML errors at the node: some
        values it resolves but cannot build (`0b_` taken for a binary number, `!!int abc`,
        `!!bool maybe`) raise ValueError or KeyError, which name no line."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, OverflowError):
            kind = node.tag.rsplit(":", 1)[-1]
            problem = f"{node.value!r} cannot be read as {_KINDS.get(kind, kind)}"
            if isinstance(node, yaml.ScalarNode) and not node.style and kind in _KINDS:
                problem += "; to keep it as text, put it in quotes (without a '!!' tag)"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    def get_single_data(self) -> Any:
        """The document, built straight from its nodes when it holds only what front matter
        holds (PyYAML's own constructor, a generator per list or mapping, is most of the
        time of a load); anything else is left to that constructor, which builds it or
        raises as it always has."""
        node = self.get_single_node()
        if node is None:
            return None
        try:
            return _plain(node, 0)
        except _Unusual:
            return self.construct_document(node)


_KINDS = {"int": "a whole number", "float": "a number", "bool": "true or false"}
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_PLAIN_DEPTH = 16  # deeper than any front matter goes; recursion stays far from its limit


class _Unusual(Exception):
    """A node _plain leaves to PyYAML's constructor (which builds it or reports it)."""


def _plain(node: yaml.Node, depth: int) -> Any:
    """Strings, nulls, booleans, lists and mappings with distinct string keys: the values
    PyYAML's safe constructor would make of them, or _Unusual for any other node."""
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL and node.value.lower() in _Base.bool_values:
            return _Base.bool_values[node.value.lower()]
        raise _Unusual
    if depth >= _PLAIN_DEPTH:
        raise _Unusual
    if isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_plain(item, depth + 1) for item in node.value]
    if isinstance(node, yaml.MappingNode) and tag == _MAP:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            # A duplicate key, or a key of another kind, is the constructor's to report.
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                raise _Unusual
            if key_node.value in mapping:
                raise _Unusual
            mapping[key_node.value] = _plain(value_node, depth + 1)
        return mapping
    raise _Unusual


# Without the merge resolver, '<<' is a plain key (and so an unknown one): merged keys
# would be silently overridden by the mapping's own, as duplicate keys would.
_NOT_RESOLVED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _NOT_RESOLVED]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*|<<)[ \t]*:", re.MULTILINE)
_CLOSING_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)
_DRAFT_LINE = re.compile(r"^draft[ \t]*:[ \t]*(true|yes|on)[ \t]*(#.*)?$", re.MULTILINE | re.I)


class YamlProblem(Exception):
    """A YAML document that cannot be used, with the 1-based line of the problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    """A content file split into its parts; lines are 1-based lines of the file."""

    front: str
    front_line: int
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)


def split(text: str) -> Document:
    """Split `---`-fenced front matter from the body.

    Raises YamlProblem when the fences are missing or unclosed.
    """
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise YamlProblem(1, "the file is empty (expected front matter between '---' lines)")
    if not text.startswith("---") or text[3:4] not in ("\n", " ", "\t", ""):
        raise YamlProblem(1, "the file must start with a '---' line opening the front matter")
    first_break = text.find("\n")
    if first_break < 0 or text[3:first_break].strip():
        raise YamlProblem(1, "the file must start with a '---' line opening the front matter")
    match = _CLOSING_FENCE.search(text[first_break + 1 :])
    if match is None:
        raise YamlProblem(
            1, "front matter is not closed: add a '---' line after the last front matter key"
        )
    front = text[first_break + 1 : first_break + 1 + match.start()]
    rest = text[first_break + 1 + match.end() :]
    body = rest[1:] if rest.startswith("\n") else rest
    body_line = 3 + front.count("\n")
    lines = key_lines(front, first_line=2)
    return Document(front=front, front_line=2, body=body, body_line=body_line, key_lines=lines)


def front_part(text: str) -> str:
    """The file up to the fence that closes its front matter (all of it if there is none).

    Lists, feeds and other entries' pages show an entry's front matter, never its body: a
    digest of this part tells whether they can have changed.
    """
    match = _CLOSING_FENCE.search(text, 4)
    return text if match is None else text[: match.start()]


def key_lines(text: str, first_line: int = 1) -> dict[str, int]:
    """The file line of each top-level key of a block-style YAML mapping."""
    lines: dict[str, int] = {}
    for match in _KEY_LINE.finditer(text):
        lines.setdefault(match.group(1), first_line + text.count("\n", 0, match.start()))
    return lines


def says_draft(front: str) -> bool:
    """Whether raw front matter declares `draft: true`, even if it does not parse."""
    return _DRAFT_LINE.search(front) is not None


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document safely; lines in errors are offset by first_line - 1."""
    if "&" in text or "*" in text:
        _refuse_anchors(text, first_line)
    try:
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as exc:
        message = f"duplicate key '{exc.key}' (first at line {first_line + exc.first})"
        raise YamlProblem(first_line + exc.line, message) from None
    except yaml.reader.ReaderError as exc:
        # Its own text runs over two lines and names no line: point at the character.
        line = line_at(text, exc.position, first_line)
        raise YamlProblem(line, f"YAML: {describe(chr(exc.character))}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate, which only a str (never a file) has
        line = line_at(text, exc.start, first_line) if exc.object == text else first_line
        raise YamlProblem(line, f"YAML: {describe(exc.object[exc.start])}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and exc.context_mark is not None and mark.line >= text.count("\n"):
            # An unclosed '[' or quote is only noticed at the end: point at where it opened.
            mark = exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlProblem(line, f"YAML: {yaml_hint(exc, text) or _describe(exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"YAML: {exc}") from None


def _refuse_anchors(text: str, first_line: int) -> None:
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "anchors" if isinstance(token, yaml.AnchorToken) else "aliases"
                raise YamlProblem(
                    first_line + token.start_mark.line,
                    f"YAML {kind} ('&name' / '*name') are not allowed here; write the value out",
                )
    except yaml.YAMLError:
        return  # the parse that follows reports the problem with its line


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    if "could not determine a constructor for the tag" in problem:
        return "tags that construct objects (such as '!!python/...') are not allowed"
    if exc.context and exc.context not in problem:
        return f"{exc.context}: {problem}"
    return problem


_DASH_WITHOUT_SPACE = re.compile(r"^[ ]*-[^\s-]")


def yaml_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What most likely caused a YAML error, in the editor's terms, instead of the parser's
    ("" when unsure)."""
    marks = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
    lines = text.split("\n")
    # The line before the mark too: a '-key: value' item only fails on the line after it.
    first, last = max(0, min(marks, default=0) - 1), max(marks, default=0)
    near = lines[first : last + 1]
    problem = f"{exc.context or ''} {exc.problem or ''}"
    if any(_DASH_WITHOUT_SPACE.match(line) for line in near):
        return "a list item needs a space after its dash ('- item', not '-item')"
    if "tab" in problem or any("\t" in line[: len(line) - len(line.lstrip())] for line in near):
        return "the line is indented with a tab: indent with spaces only"
    if "quoted scalar" in problem:
        return "a quote opened here is never closed: end the value with the same quote mark"
    if "flow sequence" in problem or "flow mapping" in problem:
        closing = "]" if "sequence" in problem else "}"
        return (
            f"a bracket opened here is never closed: end the list with '{closing}' "
            "(and quote any item that contains ': ')"
        )
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be quoted, e.g. title: \"Talks: day two\""
    return ""


def item_key_lines(text: str, first_line: int, start: int, end: int) -> list[dict[str, int]]:
    """Lines of the keys of each block-style list item between file lines start and end.

    A light scan instead of a second, position-keeping YAML parse: it is only
    used to point messages at the right line, and falls back to the list's
    own line when the list is written in flow style.
    """
    items: list[dict[str, int]] = []
    indent: int | None = None
    for offset, line in enumerate(text.split("\n")):
        number = first_line + offset
        if number <= start or number >= end:
            continue
        stripped = line.lstrip(" ")
        here = len(line) - len(stripped)
        if stripped.startswith("- ") or stripped == "-":
            if indent is None:
                indent = here
            if here == indent:
                items.append({"-": number})
                stripped = stripped[1:].lstrip(" ")
        key = _KEY_LINE.match(stripped)
        if key and items:
            items[-1].setdefault(key.group(1), number)
    return items
