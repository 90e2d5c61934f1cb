"""Chain the clip stages over a saved page's text: pure, no files touched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from briefing.clip.blocks import Page, looks_like_html, split_text
from briefing.clip.clutter import extract
from briefing.clip.detect import DateFinding, Finding, detect_date, detect_headline
from briefing.clip.draft import DraftInput, entry_path, render_draft
from briefing.clip.htmlpage import parse_html
from briefing.clip.mentions import (
    ActorHit,
    Named,
    TopicHit,
    TopicInfo,
    mask,
    rank_actors,
    rank_topics,
)
from briefing.clip.publisher import detect_publisher
from briefing.clip.quotes import Statement, key_statements
from briefing.clip.suggest import FiledEntry, suggest_thread
from briefing.site.urls import file_slug


@dataclass(frozen=True)
class Registry:
    """What the content folder has registered, as plain data."""

    actors: tuple[Named, ...] = ()
    topics: tuple[TopicInfo, ...] = ()
    thread_ids: tuple[str, ...] = ()
    entries: tuple[FiledEntry, ...] = ()


@dataclass(frozen=True)
class ClipOptions:
    publisher: str | None = None
    url: str | None = None
    thread: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Clipping:
    """Everything clip found, why, and the draft (None when something is missing)."""

    headline: Finding
    date: DateFinding
    publisher: Finding
    thread: Finding
    actors: tuple[ActorHit, ...]
    topics: tuple[TopicHit, ...]
    statements: tuple[Statement, ...]
    kept: int  # article blocks kept
    dropped: int  # blocks dropped as clutter
    missing: tuple[str, ...]  # what stops the draft being written, with what to do
    path: str | None = None  # inside the content folder
    text: str | None = None


def read_page(text: str, filename: str) -> Page:
    """A saved page as blocks: HTML through the parser, anything else as copied text."""
    return parse_html(text) if looks_like_html(text, filename) else Page(split_text(text))


def analyse(page: Page, registry: Registry, options: ClipOptions) -> Clipping:
    """Run every detection stage and build the draft when nothing is missing."""
    article = extract(page)
    headline = detect_headline(article, page.meta)
    every_name = [name for actor in registry.actors for name in actor.names]
    publisher = detect_publisher(page.meta, article.dropped, options.publisher, every_name)
    date = detect_date(article, page.meta, options.date)
    masked = mask(
        "\n".join([headline.value or "", article.standfirst or "", *article.paragraphs]),
        [publisher.value or ""],
    )
    actors = tuple(rank_actors(masked, headline.value or "", registry.actors))
    topics = tuple(rank_topics(masked, registry.topics))
    if options.thread:
        thread = Finding(options.thread, "given", "given with --thread")
    else:
        thread = suggest_thread(
            [hit.id for hit in actors], [hit.id for hit in topics],
            registry.thread_ids, registry.entries,
        )  # fmt: skip
    statements = tuple(key_statements(article.paragraphs, registry.actors))
    missing = _missing(headline, date, publisher)
    clipping = Clipping(
        headline, date, publisher, thread, actors, topics, statements,
        len(article.paragraphs), len(article.dropped), missing,
    )  # fmt: skip
    if missing or headline.value is None or date.value is None or publisher.value is None:
        return clipping
    draft = DraftInput(
        headline=headline.value,
        day=date.value,
        thread_id=thread.value,
        actor_ids=tuple(hit.id for hit in actors),
        topic_ids=tuple(hit.id for hit in topics),
        publisher=publisher.value,
        url=options.url or page.meta.url,
        statements=statements,
    )
    path = entry_path(date.value, file_slug(headline.value))
    return replace(clipping, path=path, text=render_draft(draft))


def _missing(headline: Finding, date: DateFinding, publisher: Finding) -> tuple[str, ...]:
    problems = []
    if headline.value is None:
        problems.append("no headline found; is this a saved article?")
    if date.value is None:
        problems.append(f"no date found ({date.reason}); give it with --date YYYY-MM-DD")
    if publisher.value is None:
        problems.append(f"no publisher found ({publisher.reason}); give it with --publisher NAME")
    return tuple(problems)
