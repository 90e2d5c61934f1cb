"""`new`: start an entry or a thread with a complete front matter, checked as `build` checks it.

The text is made by pure functions; run_new reads the registries, checks the
thread, actor and topic ids through read_entry and assemble (the build's own
validation, with its did-you-mean hints), and writes the file only if it is new.
Every field the schema knows is present: required ones filled from the command
line or left empty and marked `# required`, optional ones commented out.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import zoneinfo
from collections.abc import Sequence
from pathlib import Path

from briefing.commands.registry_edit import REGISTRY_FILES, NewRecord, RecordError, add_record
from briefing.content import placeholders
from briefing.content.assemble import Records
from briefing.content.fields import ID_PATTERN, parse_date
from briefing.content.sources import (
    SourceFile,
    create_new,
    list_files,
    read_content,
    read_text,
    shown_path,
)
from briefing.content.validate import ENTRY_KEYS, THREAD_KEYS, read_entry
from briefing.engine.store import assemble_site, parse_records
from briefing.errors import SourceError
from briefing.model import (
    STATEMENT_KINDS,
    THREAD_STATUSES,
    TRENDS,
    SiteConfig,
)
from briefing.site.urls import file_slug, slugify

REFERENCE_KEYS = ("thread", "actors", "topics")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _ids(values: Sequence[str]) -> str:
    return "[" + ", ".join(values) + "]"


def entry_text(
    title: str, day: dt.date, threads: Sequence[str], actors: Sequence[str], topics: Sequence[str]
) -> str:
    """A draft entry: every field of the schema, required ones filled or marked."""
    required = "  # required"
    lines = [
        "---",
        f"title: {_quoted(title)}",
        f'summary: ""{required}: one or two sentences, in our own words',
        f"date: {day.isoformat()}  # or a time: {day.isoformat()}T14:30:00+03:00",
        f"thread: {_ids(threads)}{required}: thread ids (files in threads/); the first is primary",
        f"actors: {_ids(actors)}{required}: ids from actors.yaml",
        f"topics: {_ids(topics)}{required}: ids from topics.yaml",
        f"sources:{required}: at least one; publisher is required",
        f'  - publisher: ""{required}',
        '    title: ""',
        '    url: ""',
        f"    published: {day.isoformat()}",
        "draft: true  # remove this line (or set false) to publish",
        "# slug: a-shorter-slug  # instead of the one in the file name",
        f"# updated: {day.isoformat()}  # the day of a substantive update",
        f"# trend: steady  # one of: {', '.join(TRENDS)}",
        '# trend_reason: ""  # one line on why; needs trend',
        "# statements:  # who said what",
        f'#   - by: actor-id\n#     text: ""\n#     kind: quote  # one of: {", ".join(STATEMENT_KINDS)}',
        "# indicators: [indicator-id]  # indicators of the thread that this entry observes",
        f'# corrections:\n#   - date: {day.isoformat()}\n#     text: ""',
    ]
    lines += _unlisted(ENTRY_KEYS, "\n".join(lines), skip=("topic",))
    lines += ["---", "", placeholders.NEW_BODY, ""]
    return "\n".join(lines)


def thread_text(title: str) -> str:
    """A new thread file: every field of the schema, required ones filled or marked."""
    lines = [
        "---",
        f"title: {_quoted(title)}",
        'summary: ""  # required: what the thread follows, in one or two sentences',
        f"status: active  # one of: {', '.join(THREAD_STATUSES)}",
        "# started: YYYY-MM-DD",
        "# ended: YYYY-MM-DD",
        '# indicators:  # signs to watch for\n#   - id: indicator-id\n#     text: ""',
    ]
    lines += _unlisted(THREAD_KEYS, "\n".join(lines))
    lines += ["---", "", placeholders.NEW_THREAD_BODY, ""]
    return "\n".join(lines)


def _unlisted(keys: Sequence[str], text: str, skip: Sequence[str] = ()) -> list[str]:
    """Keys the schema gained after this template was written: listed, commented out."""
    return [f"# {key}:" for key in keys if key not in skip and f"{key}:" not in text]


def entry_path(content: Path, day: dt.date, slug: str) -> Path:
    return content / "entries" / f"{day:%Y}" / f"{day.isoformat()}-{slug}.md"


def slug_holder(content: Path, day: dt.date, slug: str) -> str | None:
    """The entry file that already has this slug on this day, if any (its URL is taken)."""
    path = entry_path(content, day, slug)
    if path.exists() or path.is_symlink():
        return shown_path(content, path.relative_to(content).as_posix())
    problems: list[SourceError] = []
    prefix = f"{day.isoformat()}-"
    for relative in list_files(content, "entries", problems):
        if not relative.rsplit("/", 1)[-1].startswith(prefix):
            continue
        file = read_text(content, relative, problems)
        parsed = read_entry(file, include_drafts=True)[0] if file else None
        if parsed is not None and parsed.slug == slug:
            return file.shown if file else relative
    return None


# The command ----------------------------------------------------------------------


class ScaffoldError(Exception):
    """Something the author must fix before the file can be written; lines to print."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _config(content: Path) -> SiteConfig:
    records, problems = _records(content)
    if records.config is None:
        shown = shown_path(content, "site.yaml")
        found = [str(p) for p in problems if p.path == shown and not p.warning]
        raise ScaffoldError(found or [f"{shown}:1: missing"])
    return records.config


def _records(content: Path) -> tuple[Records, list[SourceError]]:
    """site.yaml, the registries and the threads, read and parsed as the build reads them."""
    files, problems = read_content(content, entries=False)
    records, found = parse_records(files, None)
    return records, problems + found


def check_references(content: Path, relative: str, text: str, config: SiteConfig) -> list[str]:
    """The build's own messages for unknown threads, actors and topics in `text`."""
    file = SourceFile(shown_path(content, relative), relative, text)
    parsed, _ = read_entry(file, include_drafts=True)
    if parsed is None:  # pragma: no cover - the scaffold always parses
        return [f"{file.shown}:1: the new entry does not parse"]
    records, _ = _records(content)
    _, errors = assemble_site(dataclasses.replace(records, config=config), [parsed])
    return [str(e) for e in errors if e.message.split(":", 1)[0] in REFERENCE_KEYS]


def new_entry(
    content: Path,
    title: str,
    threads: Sequence[str],
    actors: Sequence[str],
    topics: Sequence[str],
    day: dt.date | None = None,
    slug: str | None = None,
) -> Path:
    """Write a new draft entry; returns its path. Raises ScaffoldError."""
    if not title.strip():
        raise ScaffoldError(["error: the title is empty"])
    if not threads:
        raise ScaffoldError(["error: give the entry's thread: --thread ID"])
    if slug is not None and not ID_PATTERN.fullmatch(slug):
        raise ScaffoldError([f"error: --slug '{slug}' must be a lowercase slug such as "
                             f"'{slugify(slug)}'"])  # fmt: skip
    config = _config(content)
    day = day or dt.datetime.now(zoneinfo.ZoneInfo(config.timezone)).date()
    slug = slug or file_slug(title)
    holder = slug_holder(content, day, slug)
    if holder is not None:
        raise ScaffoldError([f"error: the slug '{slug}' is taken on {day.isoformat()} by "
                             f"{holder}; not overwritten. Give this entry another with "
                             f"--slug"])  # fmt: skip
    path = entry_path(content, day, slug)
    text = entry_text(title.strip(), day, threads, actors, topics)
    relative = path.relative_to(content).as_posix()
    problems = check_references(content, relative, text, config)
    if problems:
        raise ScaffoldError([*problems, "nothing was written"])
    _write_new(path, text)
    return path


def new_thread(content: Path, thread_id: str, title: str) -> Path:
    """Write a new thread file; returns its path. Raises ScaffoldError."""
    if not ID_PATTERN.fullmatch(thread_id):
        suggestion = slugify(thread_id)
        raise ScaffoldError([f"error: thread id '{thread_id}' must be a lowercase slug "
                             f"such as '{suggestion}'"])  # fmt: skip
    path = content / "threads" / f"{thread_id}.md"
    if os.path.lexists(path):
        raise ScaffoldError([f"error: {path} already exists; not overwritten"])
    _write_new(path, thread_text(title.strip() or thread_id))
    return path


def _write_new(path: Path, text: str) -> None:
    """Create the file; never replace one that appeared in the meantime."""
    try:
        create_new(path, text)
    except FileExistsError:
        raise ScaffoldError([f"error: {path} already exists; not overwritten"]) from None
    except OSError as exc:  # a name too long, a read-only folder
        raise ScaffoldError([f"error: {path}: cannot write: {exc.strerror}"]) from None


def run_new(args: argparse.Namespace) -> int:
    """The `new` command: `new "Title" --thread ID ...` or `new thread ID "Title"`."""
    words: list[str] = args.words
    try:
        if words[0] in REGISTRY_FILES and len(words) == 2 and args.thread is None:
            return _new_record(args, words[0], words[1])
        if words[0] == "thread" and len(words) == 3 and args.thread is None:
            path = new_thread(args.content, words[1], words[2])
        elif len(words) != 1:
            raise ScaffoldError([USAGE])
        else:
            day = _date(args.date)
            path = new_entry(args.content, words[0], _split(args.thread), _split(args.actors),
                             _split(args.topics), day, args.slug)  # fmt: skip
    except (ScaffoldError, RecordError) as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        return 2 if exc.lines[0].startswith("usage:") else 1
    print(path)
    return 0


USAGE = ('usage: new "Title" --thread ID [--slug SLUG], new thread ID "Title", '
         'new actor "Name" --kind KIND [--alias NAME]..., new topic "Name"')  # fmt: skip


def _new_record(args: argparse.Namespace, kind: str, name: str) -> int:
    record = NewRecord(kind, name.strip(), args.id, args.kind, tuple(args.alias),
                       args.description)  # fmt: skip
    path, record_id = add_record(args.content, record)
    print(f"{path}: added {kind} '{record_id}'")
    return 0


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ScaffoldError([f"error: --date: {exc}"]) from None
