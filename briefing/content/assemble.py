"""Validated records -> Site: references resolved, instants fixed, URLs unique, order set."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from briefing.content.validate import ParsedEntry
from briefing.errors import SourceError, closest, did_you_mean
from briefing.model import Actor, Entry, Site, SiteConfig, Statement, Thread, Topic


@dataclass(frozen=True)
class Records:
    """What every entry is resolved against: site.yaml, the registries and the threads."""

    config: SiteConfig | None
    threads: tuple[Thread, ...]
    actors: tuple[Actor, ...]
    topics: tuple[Topic, ...]
    thread_files: tuple[str, ...]  # the id of every thread file, valid or not
    broken: tuple[str, ...] = ()  # registries with errors ("actors", "topics"): unchecked


def assemble(
    config: SiteConfig,
    records: Records,
    parsed: Sequence[ParsedEntry],
    settled: Sequence[Entry] = (),
) -> tuple[Site, list[SourceError]]:
    """Resolve every entry's references and order the entries newest first.

    settled: entries resolved earlier against these very records, which join the others
    unchecked but for their URLs. A name that a record of a registry with errors of its own
    (records.broken) would have given is not reported as unknown.
    """
    threads, actors, topics = records.threads, records.actors, records.topics
    thread_files, broken = records.thread_files, records.broken
    errors: list[SourceError] = _shared_thread_ids(threads)
    thread_map = {t.id: t for t in threads}
    # A thread file with errors of its own still exists: naming it is not a second error.
    thread_names: dict[str, str | tuple[str, ...]] = {t: t for t in (*thread_files, *thread_map)}
    actor_names = _name_index(actors)
    topic_names = _name_index(topics)
    labels = {t.id: t.title for t in threads}
    labels |= {a.id: a.name for a in actors} | {t.id: t.name for t in topics}
    unchecked = {"actors": "actors" in broken, "topics": "topics" in broken}
    tz = zoneinfo.ZoneInfo(config.timezone)
    entries = list(settled)
    for item in parsed:
        before = len(errors)
        thread_ids = _resolve(item, "thread", item.threads, thread_names, errors, labels)
        actor_ids = _resolve(
            item, "actors", item.actors, actor_names, errors, labels, unchecked["actors"]
        )
        topic_key = "topic" if "topic" in item.lines else "topics"
        topic_ids = _resolve(
            item, topic_key, item.topics, topic_names, errors, labels, unchecked["topics"]
        )
        statements = _statements(item, actor_names, errors, labels, unchecked["actors"])
        indicator_ids = _indicators(
            item, [thread_map[t] for t in thread_ids if t in thread_map], errors
        )
        if len(errors) > before or not set(thread_ids) <= thread_map.keys():
            continue
        # A speaker is one of the entry's actors, listed under `actors:` or not: their page,
        # the "appears most with" counts and search's actor filter all include the entry.
        speakers = tuple(dict.fromkeys(s.actor_id for s in statements))
        actor_ids += tuple(a for a in speakers if a not in actor_ids)
        entries.append(
            Entry(
                path=item.path,
                slug=item.slug,
                title=item.title,
                summary=item.summary,
                day=day_of(item.when),
                instant=instant_of(item.when, tz),
                thread_ids=thread_ids,
                actor_ids=actor_ids,
                topic_ids=topic_ids,
                sources=item.sources,
                body=item.body,
                body_line=item.body_line,
                draft=item.draft,
                updated=item.updated,
                trend=item.trend,
                corrections=item.corrections,
                trend_reason=item.trend_reason,
                statements=statements,
                indicator_ids=indicator_ids,
                links=item.links,
            )
        )
    errors += _url_collisions(entries)
    entries.sort(key=lambda e: e.slug)
    entries.sort(key=lambda e: e.instant, reverse=True)
    site = Site(
        config=config,
        entries=tuple(entries),
        threads=dict(sorted(thread_map.items())),
        actors={a.id: a for a in sorted(actors, key=lambda a: a.id)},
        topics={t.id: t for t in sorted(topics, key=lambda t: t.id)},
    )
    return site, errors


def _shared_thread_ids(threads: Sequence[Thread]) -> list[SourceError]:
    """A thread's id is its file name: threads/x.md and threads/archive/x.md would be one
    thread, and one of the two files would silently be dropped."""
    paths: dict[str, list[str]] = {}
    for thread in threads:
        paths.setdefault(thread.id, []).append(thread.path)
    errors = []
    for thread_id, shared in paths.items():
        for path in shared if len(shared) > 1 else ():
            others = ", ".join(sorted(p for p in shared if p != path))
            message = f"thread id '{thread_id}' is also given by {others}; rename one of the files"
            errors.append(SourceError(path, 1, message))
    return errors


def _name_index(records: Iterable[Actor | Topic]) -> dict[str, str | tuple[str, ...]]:
    """Every id, name and alias, case-folded, to the record's id (a tuple if ambiguous)."""
    index: dict[str, str | tuple[str, ...]] = {}
    for record in records:
        index[record.id.casefold()] = record.id
    for record in records:
        for name in (record.name, *getattr(record, "aliases", ())):
            folded = name.casefold()
            owner = index.setdefault(folded, record.id)
            if owner != record.id and folded != owner:
                previous = owner if isinstance(owner, tuple) else (owner,)
                if record.id not in previous:
                    index[folded] = (*previous, record.id)
    return index


def _resolve(
    item: ParsedEntry,
    key: str,
    names: Sequence[str],
    index: dict[str, str | tuple[str, ...]],
    errors: list[SourceError],
    labels: Mapping[str, str],
    unchecked: bool = False,
) -> tuple[str, ...]:
    ids: list[str] = []
    kind = {"thread": "thread", "actors": "actor"}.get(key, "topic")
    for name in names:
        found = index.get(name.casefold())
        line = item.lines.get(key, 1)
        if found is None:
            if not unchecked:  # else the registry's own errors explain it
                hint = suggestion(name, index, labels)
                message = f"{key}: unknown {kind} '{name}'{hint}"
                errors.append(SourceError(item.path, line, message))
        elif isinstance(found, tuple):
            choices = ", ".join(found)
            message = f"{key}: '{name}' is ambiguous: it names {choices}; use the id"
            errors.append(SourceError(item.path, line, message))
        elif found not in ids:
            ids.append(found)
    return tuple(ids)


def _statements(
    item: ParsedEntry,
    names: dict[str, str | tuple[str, ...]],
    errors: list[SourceError],
    labels: Mapping[str, str],
    unchecked: bool,
) -> tuple[Statement, ...]:
    """Each statement's speaker, named like an actor (id, name or alias)."""
    statements = []
    for by, text, kind, line in item.statements:
        found = names.get(by.casefold())
        if isinstance(found, str):
            statements.append(Statement(found, text, kind))
            continue
        if found is None and unchecked:
            continue
        if found is None:
            message = f"statements: unknown actor '{by}'{suggestion(by, names, labels)}"
        else:
            message = f"statements: '{by}' is ambiguous: it names {', '.join(found)}; use the id"
        errors.append(SourceError(item.path, line, message))
    return tuple(statements)


def _indicators(
    item: ParsedEntry, threads: Sequence[Thread], errors: list[SourceError]
) -> tuple[str, ...]:
    """Indicator ids must be watched by one of the entry's threads."""
    known = {indicator.id for thread in threads for indicator in thread.indicators}
    for indicator_id in item.indicators:
        if indicator_id not in known:
            hint = did_you_mean(indicator_id, known)
            where = " or ".join(t.id for t in threads) or "its thread"
            errors.append(
                SourceError(
                    item.path,
                    item.lines.get("indicators", 1),
                    f"indicators: '{indicator_id}' is not an indicator of {where}{hint}",
                )
            )
    return tuple(i for i in item.indicators if i in known)


def suggestion(
    name: str, index: Mapping[str, str | tuple[str, ...]], labels: Mapping[str, str]
) -> str:
    """A did-you-mean giving the closest record's id and name: " (did you mean 'id' (Name)?)"."""
    near = closest(name.casefold(), index)
    if near is None:
        return ""
    found = index[near]
    record_id = found if isinstance(found, str) else found[0]
    label = labels.get(record_id, "")
    named = f" ({label})" if label and label != record_id else ""
    return f" (did you mean '{record_id}'{named}?)"


def day_of(when: dt.date | dt.datetime) -> dt.date:
    return when.date() if isinstance(when, dt.datetime) else when


def instant_of(when: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A date counts as the start of its day in the site's time zone."""
    if not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time())
    return when if when.tzinfo is not None else when.replace(tzinfo=tz)


def url_key(entry: Entry) -> str:
    """Two entries clash when their URLs are equal after NFC and case folding."""
    url = entry.url
    if url.isascii():  # NFC leaves ASCII as it is: the usual case, at a fraction of the cost
        return url.casefold()
    return unicodedata.normalize("NFC", url).casefold()


def _url_collisions(entries: Sequence[Entry]) -> list[SourceError]:
    """Two entries may not write one URL, nor URLs that differ only by case or normalisation."""
    by_key: dict[str, list[Entry]] = {}
    for entry in entries:
        by_key.setdefault(url_key(entry), []).append(entry)
    errors = []
    for clashing in by_key.values():
        if len(clashing) < 2:
            continue
        paths = sorted(e.path for e in clashing)
        for entry in clashing:
            others = ", ".join(p for p in paths if p != entry.path)
            errors.append(
                SourceError(
                    entry.path,
                    1,
                    f"URL /{entry.url} is also written by {others}; change the slug of one",
                )
            )
    return errors
