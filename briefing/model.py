"""The content model: frozen data, built once and never mutated while rendering."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

THREAD_STATUSES = ("active", "watch", "resolved")
ACTOR_KINDS = ("person", "country", "organization", "group")
TRENDS = ("escalating", "steady", "de-escalating")
STATEMENT_KINDS = ("quote", "paraphrase")


@dataclass(frozen=True)
class Indicator:
    """A sign the editors watch for in a thread; entries report it as observed."""

    id: str
    text: str


@dataclass(frozen=True)
class Statement:
    """Who said what in the reported event: verbatim (quote) or in our words (paraphrase)."""

    actor_id: str
    text: str
    kind: str


@dataclass(frozen=True)
class EditorAssessment:
    """An editor's reading of one ISO week of a thread: a direction and a one-line reason."""

    week: str  # ISO week, e.g. "2022-W04"
    direction: str  # one of TRENDS
    reason: str
    line: int  # where the thread file states it, for errors found once entries are known


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    page_size: int = 50
    allow_html: bool = False
    snapshots: bool = True  # weekly "as of" pages of each thread

    @functools.cached_property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/briefing/" (always starts and ends with "/")."""
        after_scheme = self.base_url.split("://", 1)[-1]
        slash = after_scheme.find("/")
        return after_scheme[slash:] if slash >= 0 else "/"


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Thread:
    id: str
    path: str
    title: str
    summary: str
    status: str
    started: dt.date | None
    ended: dt.date | None
    body: str  # Markdown
    indicators: tuple[Indicator, ...] = ()
    assessments: tuple[EditorAssessment, ...] = ()


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str = ""
    url: str = ""
    published: dt.date | None = None


@dataclass(frozen=True)
class Correction:
    """A correction to a published entry, shown on it and on /corrections/."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Entry:
    path: str  # as shown in messages, e.g. content/entries/2022/2022-01-28-call.md
    slug: str
    title: str
    summary: str
    day: dt.date  # the calendar date as written
    instant: dt.datetime  # timezone-aware; orders entries
    thread_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]
    sources: tuple[Source, ...]
    body: str  # Markdown
    body_line: int
    draft: bool = False
    updated: dt.date | None = None
    trend: str | None = None
    corrections: tuple[Correction, ...] = ()
    trend_reason: str = ""
    statements: tuple[Statement, ...] = ()
    indicator_ids: tuple[str, ...] = ()
    # The body's links to this site, (destination as parsed, file line): checked before
    # anything is rendered (site/bodylinks.py).
    links: tuple[tuple[str, int], ...] = ()

    @functools.cached_property
    def url(self) -> str:
        """Site-relative URL path without a leading slash, e.g. "2022/01/28/call/"."""
        day = self.day  # as %Y/%m/%d would write it, at a quarter of strftime's cost
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/{self.slug}/"

    @property
    def sort_key(self) -> tuple[dt.datetime, str]:
        return (self.instant, self.slug)


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs; entries are sorted newest first."""

    config: SiteConfig
    entries: tuple[Entry, ...]
    threads: dict[str, Thread]
    actors: dict[str, Actor]
    topics: dict[str, Topic]
    # How the links in each entry's body are written, where not as the editor wrote them:
    # entry path -> {destination as parsed: destination to write}.
    link_targets: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
