"""`new actor` and `new topic`: add a record to actors.yaml or topics.yaml.

The record is appended as text, so the file keeps its comments, order and layout (a
round trip through a YAML dumper would drop the comments). A name that an entry would
already resolve to another record (ids, names and aliases, case-folded, as entries are
resolved) is refused. The new file is written beside the old one, checked as the build
checks it, and only then renamed over it: the registry is never left half-written.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.content.fields import ID_PATTERN
from briefing.content.registry import parse_registry
from briefing.content.sources import SourceFile, shown_path
from briefing.errors import did_you_mean
from briefing.model import ACTOR_KINDS, Actor, Topic
from briefing.site.urls import slugify

REGISTRY_FILES = {"actor": "actors.yaml", "topic": "topics.yaml"}
_EMPTY_FLOW_LIST = re.compile(r"^\[[ \t]*\][ \t]*$", re.MULTILINE)


class RecordError(Exception):
    """The record cannot be added; lines to print."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class NewRecord:
    """What the command line asked for, before it is checked."""

    kind: str  # "actor" or "topic"
    name: str
    record_id: str | None = None
    actor_kind: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None


def _quoted(text: str) -> str:
    """The text as YAML writes it by hand: plain where it reads back the same, else
    double-quoted (JSON strings are valid YAML)."""
    try:
        plain = yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        plain = False
    return text if plain and text == text.strip() else json.dumps(text, ensure_ascii=False)


def record_text(record: NewRecord, record_id: str) -> str:
    """The record as a block-style list item, in the order the shipped files use."""
    lines = [f"- id: {record_id}", f"  name: {_quoted(record.name)}"]
    if record.kind == "actor":
        lines.append(f"  kind: {record.actor_kind}")
        if record.aliases:
            lines.append(f"  aliases: [{', '.join(_quoted(a) for a in record.aliases)}]")
    if record.description:
        lines.append(f"  description: {_quoted(record.description)}")
    return "\n".join(lines) + "\n"


def appended(text: str, item: str) -> str:
    """The file's text with the item added last; an empty `[]` list makes way for it."""
    if _EMPTY_FLOW_LIST.search(text) and not re.search(r"^\s*-", text, re.MULTILINE):
        return _EMPTY_FLOW_LIST.sub(lambda _: item.rstrip("\n"), text, count=1)
    if text and not text.endswith("\n"):
        text += "\n"
    return text + item


def _id_line(text: str, record_id: str) -> int:
    """The line that gives a record its id, for messages (1 if it cannot be found)."""
    pattern = re.compile(rf"^\s*-?\s*id:\s*['\"]?{re.escape(record_id)}['\"]?\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def clashes(
    record: NewRecord, record_id: str, existing: Sequence[Actor | Topic], text: str, shown: str
) -> list[str]:
    """Every name of the new record that an entry would already resolve to another one."""
    owners: dict[str, str] = {}
    for other in existing:
        for name in (other.id, other.name, *getattr(other, "aliases", ())):
            owners.setdefault(name.casefold(), other.id)
    problems = []
    for label, name in [("id", record_id), ("name", record.name)] + [
        ("alias", alias) for alias in record.aliases
    ]:
        owner = owners.get(name.casefold())
        if owner is not None:
            where = f"{shown}:{_id_line(text, owner)}"
            if label == "id" and owner == record_id:
                message = f"id '{name}' is taken by the {record.kind} at {where}"
                problems.append(f"error: {message}; give this one another with --id")
            else:
                message = f"{label} '{name}' already names {record.kind} '{owner}' at {where}"
                problems.append(f"error: {message} (did you mean '{owner}'?)")
    return problems


def _checked(record: NewRecord) -> str:
    """The record's id, once the command line's values are known to be usable."""
    if not record.name.strip():
        raise RecordError([f"error: the {record.kind}'s name is empty"])
    if record.kind == "actor" and record.actor_kind not in ACTOR_KINDS:
        given = record.actor_kind or ""
        hint = did_you_mean(given, ACTOR_KINDS) if given else ""
        raise RecordError(
            [f"error: --kind '{given}' is not one of {', '.join(ACTOR_KINDS)}{hint}"]
            if given
            else [f"error: give the actor's kind: --kind {' | '.join(ACTOR_KINDS)}"]
        )
    if record.kind == "topic" and (record.aliases or record.actor_kind):
        raise RecordError(["error: a topic has an id, a name and a description only"])
    record_id = record.record_id or slugify(record.name, empty=record.kind)
    if not ID_PATTERN.fullmatch(record_id):
        raise RecordError(
            [f"error: --id '{record_id}' must be a lowercase slug such as '{slugify(record_id)}'"]
        )
    return record_id


def add_record(content: Path, record: NewRecord) -> tuple[Path, str]:
    """Add the record to its registry; returns the file and the record's id."""
    record_id = _checked(record)
    name = REGISTRY_FILES[record.kind]
    path = content / name
    shown = shown_path(content, name)
    if not content.is_dir():
        raise RecordError([f"error: {content} is not a folder (give --content DIR)"])
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    existing, problems = parse_registry(SourceFile(shown, name, text), record.kind)
    errors = [str(p) for p in problems if not p.warning]
    if errors:
        raise RecordError([*errors, f"fix {shown} first; nothing was written"])
    found = clashes(record, record_id, existing, text, shown)
    if found:
        raise RecordError([*found, "nothing was written"])
    _replace_checked(path, shown, appended(text, record_text(record, record_id)), record.kind)
    return path, record_id


def _replace_checked(path: Path, shown: str, text: str, kind: str) -> None:
    """Write the new text beside the file, check it, and rename it over the file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        written = Path(temporary).read_text(encoding="utf-8")
        _, problems = parse_registry(SourceFile(shown, path.name, written), kind)
        errors = [str(p) for p in problems if not p.warning]
        if errors:
            raise RecordError([*errors, f"the record does not fit {shown}; nothing was written"])
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
