"""The home, entry, search and 404 pages as views (pure); engine/units.py lists every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from briefing.model import Entry, Site
from briefing.site.analysis import by_speaker, week_key
from briefing.site.cards import Link
from briefing.site.indexes import Indexes
from briefing.site.insights import related
from briefing.site.urls import absolute
from briefing.site.views import Page, RenderBody, long_date, news_article
from briefing.site.weeks import this_week


@dataclass(frozen=True)
class MarkdownHtml:
    """How pages get HTML: an entry's rendered body, and Markdown for other text."""

    entry_html: Callable[[Entry], str]
    markdown: RenderBody


def search_page(site: Site) -> Page:
    description = (
        f"Search the entries of {site.config.title} by word, thread, actor, topic and year."
    )
    return Page("search/", "search.html", {}, "Search", description, kind="search")


def not_found_page() -> Page:
    return Page(
        "404.html",
        "404.html",
        {},
        "Page not found",
        "This page does not exist.",
        in_sitemap=False,
        kind="404",
    )


def home(site: Site, ix: Indexes) -> Page:
    """This week: every active and watch thread with its assessment and key entries."""
    latest, sections = this_week(site, ix)
    keys = sorted(ix.weeks)
    context = {
        "week": latest,
        "sections": sections,
        "previous": keys[-2] if len(keys) > 1 else "",
        "latest_day": site.entries[0].day if site.entries else None,
    }
    return Page(
        "",
        "home.html",
        context,
        site.config.title,
        site.config.description or site.config.title,
        lastmod=site.entries[0].day if site.entries else None,
        kind="home",
        feeds=(Link("All entries", "feed.xml"), Link("Weekly briefings", "weeks/feed.xml")),
    )


def entry_page(site: Site, ix: Indexes, entry: Entry, body: str) -> Page:
    newer, older = ix.neighbours[entry.url]
    context = {
        "entry": ix.cards[entry.url],
        "body": body,
        "actors": [Link(site.actors[a].name, f"actors/{a}/") for a in entry.actor_ids],
        "topics": [Link(site.topics[t].name, f"topics/{t}/") for t in entry.topic_ids],
        "sources": entry.sources,
        "updated": entry.updated,
        "newer": ix.cards[newer.url] if newer else None,
        "older": ix.cards[older.url] if older else None,
        "primary": Link(site.threads[entry.thread_ids[0]].title, f"threads/{entry.thread_ids[0]}/"),
        # where the thread stood in the entry's week, which the kicker and search results show
        "assessment": ix.assessments[entry.thread_ids[0], week_key(entry.day)],
        "jsonld": news_article(site, entry),
        # Pagefind finds an entry by any name of its actors, so the names go in the indexed text.
        "actor_names": [(site.actors[a].name, site.actors[a].aliases) for a in entry.actor_ids],
        "year": entry.day.year,
        # Pagefind's sort key: UTC, so entries written with different offsets still sort right.
        "sort_date": f"{entry.instant.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
        "thread_ids": entry.thread_ids,
        "actor_ids": entry.actor_ids,
        "topic_ids": entry.topic_ids,
        "related": [ix.cards[e.url] for e in related(entry, lists_of(ix, entry), ix.positions)],
        "corrections": entry.corrections,
        "trend_reason": entry.trend_reason,
        "statements": [
            (Link(site.actors[actor_id].name, f"actors/{actor_id}/"), group)
            for actor_id, group in by_speaker(entry.statements)
        ],
        "indicators": [
            i.text
            for t in entry.thread_ids
            for i in site.threads[t].indicators
            if i.id in entry.indicator_ids
        ],
        "citation": citation(site, entry),
    }
    return Page(
        entry.url,
        "entry.html",
        context,
        entry.title,
        entry.summary,
        lastmod=entry.updated or entry.day,
        kind="entry",
    )


def lists_of(ix: Indexes, entry: Entry) -> list[list[Entry]]:
    return [
        *(ix.threads[t] for t in entry.thread_ids),
        *(ix.actors[a] for a in entry.actor_ids),
        *(ix.topics[t] for t in entry.topic_ids),
    ]


def citation(site: Site, entry: Entry) -> str:
    """A ready-to-copy citation line."""
    return f"“{entry.title}”, {site.config.title}, {long_date(entry.day)}, {absolute(site.config, entry.url)}"
