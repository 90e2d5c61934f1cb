"""Per-document validation: YAML text in, typed records and every problem out.

Cross-references (an entry's thread, actors and topics) are checked later by
assemble, which sees the whole content tree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from briefing.content.characters import bad_character, line_at
from briefing.content.fields import ID_PATTERN, SLUG_PATTERN, Fields
from briefing.content.frontmatter import (
    Document,
    YamlProblem,
    item_key_lines,
    load_yaml,
    says_draft,
    split,
)
from briefing.content.placeholders import ADVICE, NEW_THREAD_BODY, unfinished
from briefing.content.registry import record_id
from briefing.content.sources import SourceFile
from briefing.content.sources import thread_id as file_thread_id
from briefing.errors import SourceError, split_warnings
from briefing.model import (
    STATEMENT_KINDS,
    THREAD_STATUSES,
    TRENDS,
    Correction,
    EditorAssessment,
    Indicator,
    Source,
    Thread,
)

ENTRY_KEYS = ("title", "summary", "date", "thread", "actors", "topics", "topic", "sources",
              "slug", "draft", "updated", "trend", "corrections", "trend_reason", "statements",
              "indicators")  # fmt: skip
THREAD_KEYS = ("title", "summary", "status", "started", "ended", "indicators", "assessments")
WEEK_PATTERN = re.compile(r"(\d{4})-W(\d{2})")
SOURCE_KEYS = ("publisher", "title", "url", "published")
_ENTRY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)\.md")


@dataclass(frozen=True)
class ParsedEntry:
    """An entry whose own fields are valid; its references are not resolved yet."""

    path: str
    slug: str
    title: str
    summary: str
    when: dt.date | dt.datetime
    threads: tuple[str, ...]
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str
    body_line: int
    draft: bool
    updated: dt.date | None
    trend: str | None
    lines: dict[str, int]
    corrections: tuple[Correction, ...] = ()
    trend_reason: str = ""
    statements: tuple[tuple[str, str, str, int], ...] = ()  # (by, text, kind, line), by unresolved
    indicators: tuple[str, ...] = ()
    links: tuple[tuple[str, int], ...] = ()  # the body's links to this site (render/links.py)


def read_document(
    file: SourceFile, document: Document | None = None
) -> tuple[Document, dict[str, Any]] | SourceError:
    """Split a Markdown file (unless already split) and parse its front matter into a mapping."""
    try:
        document = document or split(file.text)
        data = load_yaml(document.front, document.front_line)
    except YamlProblem as exc:
        return SourceError(file.shown, exc.line, exc.message)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return SourceError(file.shown, 2, "front matter must be a mapping of 'key: value' lines")
    return document, data


def parse_entry(
    file: SourceFile, include_drafts: bool
) -> tuple[ParsedEntry | None, list[SourceError]]:
    """Validate one entry file: the entry, or None and its problems."""
    entry, errors = read_entry(file, include_drafts)
    return (None if errors else entry), errors


def read_entry(
    file: SourceFile, include_drafts: bool
) -> tuple[ParsedEntry | None, list[SourceError]]:
    """Validate one entry file, keeping what was readable even when some fields are wrong,
    so that its references are still checked. A draft is skipped unless drafts are built."""
    try:
        document = split(file.text)
    except YamlProblem as exc:
        return None, [SourceError(file.shown, exc.line, exc.message)]
    parsed = read_document(file, document)
    if isinstance(parsed, SourceError):
        # A half-written draft whose YAML does not parse yet is skipped, not reported. The
        # raw look is for this case alone: a parsed file is a draft when its YAML says so.
        return None, [] if not include_drafts and says_draft(document.front) else [parsed]
    document, data = parsed
    if data.get("draft") is True and not include_drafts:
        return None, []
    published = data.get("draft") is not True
    fields = Fields(file.shown, data, document.key_lines, 1, unfinished_ok=not published)
    _check_body(fields, document)
    fields.unknown_keys(ENTRY_KEYS)
    name = _ENTRY_FILE.fullmatch(file.relative.rsplit("/", 1)[-1])
    slug = fields.text("slug")
    if slug is None and name is None:
        fields.error("slug", "the file name must be YYYY-MM-DD-<slug>.md (or set 'slug:')")
    slug = slug or (name.group(2) if name else "")
    if slug and not SLUG_PATTERN.fullmatch(slug):
        where = "slug" if "slug" in data else "-"
        fields.error(where, f"slug: '{slug}' is not a safe URL slug (letters, digits and '-')")
    if "topic" in data and "topics" in data:
        fields.error("topic", "topic: give either 'topic' or 'topics', not both")
    title = _required_text(fields, "title")
    entry = ParsedEntry(
        path=file.shown,
        slug=slug,
        title=title,
        summary=_required_text(fields, "summary"),
        when=fields.instant("date") or dt.date.min,
        threads=fields.names("thread", required=True),
        actors=fields.names("actors", required=True),
        topics=fields.names("topic" if "topic" in data else "topics", required=True),
        sources=_sources(fields, document, title if published else None),
        body=document.body,
        body_line=document.body_line,
        draft=fields.boolean("draft"),
        updated=fields.date("updated"),
        trend=fields.choice("trend", TRENDS, None),
        lines=document.key_lines,
        corrections=_corrections(fields, document),
        trend_reason=_trend_reason(fields),
        statements=_statements(fields, document),
        indicators=fields.names("indicators"),
    )
    if name is not None:
        _date_agrees(fields, entry.when, name.group(1))
    if published:
        fields.errors += unfinished_work(entry)
    return entry, fields.errors


def _required_text(fields: Fields, key: str) -> str:
    """A required text of an entry; the message for a missing one says what to write."""
    value = fields.data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        message = f"{key}: required, and missing or empty; write {ADVICE[key]}"
        fields.errors.append(
            SourceError(fields.path, fields.line(key), message, warning=fields.unfinished_ok)
        )
        return ""
    return fields.text(key) or ""


def _date_agrees(fields: Fields, when: dt.date | dt.datetime, named: str) -> None:
    """The date in the file name and the date: field must be one day."""
    day = when.date() if isinstance(when, dt.datetime) else when
    if day == dt.date.min or day.isoformat() == named:
        return
    fields.error(
        "date",
        f"date: {day.isoformat()} is not the file name's date {named}; set 'date: {named}', "
        f"or rename the file to start with {day.isoformat()}",
    )


def unfinished_work(entry: ParsedEntry) -> list[SourceError]:
    """Placeholders and TODO/TK/FIXME markers left in a published entry, each at its line."""
    problems = []
    texts = [(key, getattr(entry, key), entry.lines.get(key, 1)) for key in UNFINISHED_FIELDS]
    for key, text, line in [*texts, ("body", entry.body, entry.body_line)]:
        for found in unfinished(key, text):
            problems.append(SourceError(entry.path, line + found.offset, found.message))
    return problems


UNFINISHED_FIELDS = ("title", "summary", "trend_reason")


def _sources(fields: Fields, document: Document, title: str | None) -> tuple[Source, ...]:
    """title: the entry's own, to compare with its sources'; None for a draft."""
    value = fields.data.get("sources")
    if value is None or value == []:
        fields.error("sources", "sources: required, give at least one {publisher, title, url}")
        return ()
    sources = []
    for item in _item_fields(fields, document, "sources", "{publisher, title, url, published}"):
        item.unknown_keys(SOURCE_KEYS)
        source = Source(
            publisher=item.text("publisher", required=True) or "",
            title=item.text("title") or "",
            url=item.url("url") or "",
            published=item.date("published"),
        )
        if title is not None:
            _source_warnings(item, source, title)
        sources.append(source)
    return tuple(sources)


def _source_warnings(item: Fields, source: Source, title: str) -> None:
    """A published entry's source without its address, or whose headline is ours verbatim."""
    if item.data.get("url") in (None, ""):
        # Advisory: a print-only source has no address to give, so --strict lets it pass.
        message = (
            f"{item.prefix}url: missing; add the address of the article "
            "(url: https://...) so that readers can check it"
        )
        line = item.line("url") if "url" in item.data else item.default_line
        item.errors.append(SourceError(item.path, line, message, warning=True, advisory=True))
    if title and source.title.casefold() == title.casefold():
        message = (
            "title: the same as the headline of its source "
            f"({source.publisher or 'unnamed'}); write a headline of our own"
        )
        item.errors.append(SourceError(item.path, item.line("title"), message, warning=True))


def _item_fields(fields: Fields, document: Document, key: str, label: str) -> list[Fields]:
    """A Fields reader per mapping of a list-valued key; other items are reported."""
    value = fields.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        fields.error(key, f"{key}: expected a list of {label}")
        return []
    start = fields.line(key)
    end = min([n for n in document.key_lines.values() if n > start], default=10**9)
    item_lines = item_key_lines(document.front, document.front_line, start, end)
    readers = []
    for index, item in enumerate(value):
        lines = item_lines[index] if index < len(item_lines) else {}
        where = f"{key}[{index + 1}]"
        if not isinstance(item, dict):
            line = lines.get("-", start)
            fields.errors.append(SourceError(fields.path, line, f"{where}: expected {label}"))
            continue
        first = lines.get("-", start)
        prefix = f"{where}."
        readers.append(
            Fields(fields.path, item, lines, first, fields.errors, prefix, fields.unfinished_ok)
        )
    return readers


def _corrections(fields: Fields, document: Document) -> tuple[Correction, ...]:
    corrections = []
    for item in _item_fields(fields, document, "corrections", "{date, text}"):
        item.unknown_keys(("date", "text"))
        day, text = item.date("date", required=True), item.text("text", required=True)
        if day is not None and text is not None:
            corrections.append(Correction(day, text))
    return tuple(sorted(corrections, key=lambda c: c.date, reverse=True))


def _trend_reason(fields: Fields) -> str:
    reason = fields.text("trend_reason") or ""
    if reason and "trend" not in fields.data:
        fields.error("trend_reason", "trend_reason: give the trend it explains ('trend:') too")
    if "\n" in reason:
        fields.error("trend_reason", "trend_reason: keep it to one line")
    return reason


def _statements(fields: Fields, document: Document) -> tuple[tuple[str, str, str, int], ...]:
    statements = []
    for item in _item_fields(fields, document, "statements", "{by, text, kind}"):
        item.unknown_keys(("by", "text", "kind"))
        by, text = item.text("by", required=True), item.text("text", required=True)
        kind = item.choice("kind", STATEMENT_KINDS, None)
        if kind is None and "kind" not in item.data:
            item.error("kind", f"kind: required, one of {', '.join(STATEMENT_KINDS)}")
        if by:  # its speaker is checked even when the rest of the statement is not right
            statements.append((by, text or "", kind or "", item.line("by")))
    return tuple(statements)


def _indicators(fields: Fields, document: Document) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    for item in _item_fields(fields, document, "indicators", "{id, text}"):
        item.unknown_keys(("id", "text"))
        indicator_id, text = record_id(item), item.text("text", required=True)
        if indicator_id and any(i.id == indicator_id for i in indicators):
            item.error("id", f"id: indicator '{indicator_id}' is listed twice")
        elif indicator_id and text:
            indicators.append(Indicator(indicator_id, text))
    return tuple(indicators)


def _check_body(fields: Fields, document: Document) -> None:
    """The body may not hold a character that no page or feed can carry."""
    bad = bad_character(document.body)
    if bad is not None:
        line = line_at(document.body, bad.offset, document.body_line)
        fields.errors.append(SourceError(fields.path, line, f"body: {bad.message}"))


def parse_thread(file: SourceFile) -> tuple[Thread | None, list[SourceError]]:
    parsed = read_document(file)
    if isinstance(parsed, SourceError):
        return None, [parsed]
    document, data = parsed
    fields = Fields(file.shown, data, document.key_lines, 1)
    _check_body(fields, document)
    fields.unknown_keys(THREAD_KEYS)
    thread_id = file_thread_id(file.relative)
    if not ID_PATTERN.fullmatch(thread_id):
        fields.error("-", f"thread id '{thread_id}' (the file name) must be a lowercase slug")
    if NEW_THREAD_BODY in document.body:
        line = document.body_line + document.body[: document.body.find(NEW_THREAD_BODY)].count("\n")
        message = f'body: still the placeholder "{NEW_THREAD_BODY}"; write what the thread follows'
        fields.errors.append(SourceError(file.shown, line, message, warning=True))
    thread = Thread(
        id=thread_id,
        path=file.shown,
        title=fields.text("title", required=True) or "",
        summary=fields.text("summary", required=True) or "",
        status=fields.choice("status", THREAD_STATUSES, "active") or "active",
        started=fields.date("started"),
        ended=fields.date("ended"),
        body=document.body,
        indicators=_indicators(fields, document),
    )
    assessments = _assessments(fields, document, thread.started, thread.ended)
    thread = dataclasses.replace(thread, assessments=assessments)
    return (None if split_warnings(fields.errors)[0] else thread), fields.errors


def _assessments(
    fields: Fields, document: Document, started: dt.date | None, ended: dt.date | None
) -> tuple[EditorAssessment, ...]:
    """The editor's week-by-week reading: a known direction, a one-line reason, each week once,
    within the thread's dates when it has them (its entries' span is checked once they are known).
    """
    found: list[EditorAssessment] = []
    label = "{week, direction, reason}"
    for item in _item_fields(fields, document, "assessments", label):
        item.unknown_keys(("week", "direction", "reason"))
        week = _week(item, started, ended)
        direction = item.choice("direction", TRENDS, None)
        if direction is None and "direction" not in item.data:
            item.error("direction", f"direction: required, one of {', '.join(TRENDS)}")
        reason = item.text("reason", required=True)
        if reason and "\n" in reason:
            item.error("reason", "reason: keep it to one line")
        if week and any(a.week == week for a in found):
            item.error("week", f"week: {week} is assessed twice; keep one")
        elif week and direction and reason:
            found.append(EditorAssessment(week, direction, reason, item.line("week")))
    return tuple(found)


def _week(item: Fields, started: dt.date | None, ended: dt.date | None) -> str | None:
    text = item.text("week", required=True)
    if text is None:
        return None
    match = WEEK_PATTERN.fullmatch(text)
    try:
        monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1) if match else None
    except ValueError:
        monday = None
    if monday is None:
        item.error("week", f"week: '{text}' is not an ISO week; write it like 2022-W04")
        return None
    if started and monday + dt.timedelta(days=6) < started:
        item.error("week", f"week: {text} ends before the thread started ({started})")
        return None
    if ended and monday > ended:
        item.error("week", f"week: {text} starts after the thread ended ({ended})")
        return None
    return text
