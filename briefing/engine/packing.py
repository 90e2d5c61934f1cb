"""Entries as plain data for the build cache (pure): packed once parsed, unpacked by a rebuild.

marshal stores only plain data, so an entry travels as a tuple of strings, numbers and
tuples; unpacking gives back the parsed entry (to resolve its names again), or, while the
registries and threads are unchanged, the assembled entry itself (unpack_settled).
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Sequence
from typing import Any, NamedTuple

from briefing.content.assemble import day_of, instant_of
from briefing.content.validate import ParsedEntry
from briefing.errors import SourceError
from briefing.model import Correction, Entry, Source, Statement


class Resolution(NamedTuple):
    """What assembling made of an entry's names; holds while the registries and threads are
    unchanged."""

    thread_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]
    speakers: tuple[str, ...]  # each statement's speaker, by actor id
    indicator_ids: tuple[str, ...]  # the indicators kept


class _Pack(NamedTuple):
    """An entry's fields as the cache keeps them: plain data, which marshal can store."""

    path: str
    slug: str
    title: str
    summary: str
    when: str  # ISO date, or date and time
    is_datetime: bool
    sources: tuple[tuple[str, str, str, str | None], ...]  # publisher, title, url, published
    body: str
    body_line: int
    draft: bool
    updated: str | None
    trend: str | None
    corrections: tuple[tuple[str, str], ...]  # date, text
    trend_reason: str
    statements: tuple[tuple[str, str, str, int], ...]  # by (unresolved), text, kind, line
    # The names the entry gives (threads, actors, topics, indicators) and its line numbers,
    # marshalled apart: only resolving the names again reads them, so a rebuild under
    # unchanged registries (unpack_settled) never unpacks them.
    names: bytes
    # Its warnings, (line, message, advisory): an entry read from the cache still has them.
    warnings: tuple[tuple[int, str, bool], ...] = ()
    links: tuple[tuple[str, int], ...] = ()  # the body's links to this site

    def moment(self) -> dt.date | dt.datetime:
        parse = dt.datetime.fromisoformat if self.is_datetime else dt.date.fromisoformat
        return parse(self.when)

    def updated_day(self) -> dt.date | None:
        return dt.date.fromisoformat(self.updated) if self.updated else None


def pack_entry(entry: ParsedEntry, warnings: Sequence[SourceError] = ()) -> tuple[Any, ...]:
    sources = tuple(
        (s.publisher, s.title, s.url, s.published.isoformat() if s.published else None)
        for s in entry.sources
    )
    names = (entry.threads, entry.actors, entry.topics, entry.indicators, entry.lines)
    return tuple(
        _Pack(
            entry.path,
            entry.slug,
            entry.title,
            entry.summary,
            entry.when.isoformat(),
            isinstance(entry.when, dt.datetime),
            sources,
            entry.body,
            entry.body_line,
            entry.draft,
            entry.updated.isoformat() if entry.updated else None,
            entry.trend,
            tuple((c.date.isoformat(), c.text) for c in entry.corrections),
            entry.trend_reason,
            entry.statements,
            marshal.dumps(names),
            tuple((w.line, w.message, w.advisory) for w in warnings),
            tuple((href, line) for href, line in entry.links),
        )
    )


_PATH, _WARNINGS = _Pack._fields.index("path"), _Pack._fields.index("warnings")


def warnings_of(packed: tuple[Any, ...]) -> list[SourceError]:
    """The warnings the entry's file had when it was packed (read on every run for every
    entry: by position, without making the whole record)."""
    path = packed[_PATH]
    return [
        SourceError(path, line, message, warning=True, advisory=advisory)
        for line, message, advisory in packed[_WARNINGS]
    ]


def unpack_entry(packed: tuple[Any, ...]) -> ParsedEntry:
    p = _Pack._make(packed)
    threads, actors, topics, indicators, lines = marshal.loads(p.names)
    return ParsedEntry(
        path=p.path,
        slug=p.slug,
        title=p.title,
        summary=p.summary,
        when=p.moment(),
        threads=tuple(threads),
        actors=tuple(actors),
        topics=tuple(topics),
        sources=_unpack_sources(p.sources),
        body=p.body,
        body_line=p.body_line,
        draft=p.draft,
        updated=p.updated_day(),
        trend=p.trend,
        lines=dict(lines),
        corrections=_unpack_corrections(p.corrections),
        trend_reason=p.trend_reason,
        statements=p.statements,
        indicators=tuple(indicators),
        links=tuple((href, line) for href, line in p.links),
    )


def is_draft(packed: tuple[Any, ...]) -> bool:
    return bool(_Pack._make(packed).draft)


def pack_resolution(entry: Entry) -> Resolution:
    speakers = tuple(s.actor_id for s in entry.statements)
    return Resolution(
        entry.thread_ids, entry.actor_ids, entry.topic_ids, speakers, entry.indicator_ids
    )


def unpack_settled(packed: tuple[Any, ...], resolution: Resolution, tz: dt.tzinfo) -> Entry:
    """The entry as assemble made it from these fields under unchanged registries and threads:
    its names replaced by the ids they resolved to (see Resolution)."""
    p = _Pack._make(packed)
    thread_ids, actor_ids, topic_ids, speakers, indicator_ids = resolution
    moment = p.moment()
    return Entry(
        path=p.path,
        slug=p.slug,
        title=p.title,
        summary=p.summary,
        day=day_of(moment),
        instant=instant_of(moment, tz),
        thread_ids=thread_ids,
        actor_ids=actor_ids,
        topic_ids=topic_ids,
        sources=_unpack_sources(p.sources),
        body=p.body,
        body_line=p.body_line,
        draft=p.draft,
        updated=p.updated_day(),
        trend=p.trend,
        corrections=_unpack_corrections(p.corrections),
        trend_reason=p.trend_reason,
        statements=tuple(
            Statement(by, text, kind)
            for by, (_, text, kind, _) in zip(speakers, p.statements, strict=True)
        ),
        indicator_ids=indicator_ids,
        links=tuple((href, line) for href, line in p.links),
    )


def _unpack_sources(packed: tuple[Any, ...]) -> tuple[Source, ...]:
    return tuple(Source(p, t, u, dt.date.fromisoformat(d) if d else None) for p, t, u, d in packed)


def _unpack_corrections(packed: tuple[Any, ...]) -> tuple[Correction, ...]:
    return tuple(Correction(dt.date.fromisoformat(d), t) for d, t in packed)
