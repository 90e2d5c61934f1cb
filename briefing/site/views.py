"""What templates see: plain view records built from the model, never the model itself."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from briefing.model import Entry, Site
from briefing.site.analysis import week_monday
from briefing.site.cards import Cards, Link
from briefing.site.urls import absolute, day_path, page_path

T = TypeVar("T")


@dataclass(frozen=True)
class Group:
    heading: str
    anchor: str
    cards: Cards
    link: str = ""


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    prev: str | None
    next: str | None


@dataclass(frozen=True)
class Page:
    """One output file: its site path, template and what the template sees."""

    path: str
    template: str
    context: dict[str, Any]
    title: str
    description: str
    lastmod: dt.date | None = None
    in_sitemap: bool = True
    kind: str = "list"
    feeds: tuple[Link, ...] = field(default_factory=tuple)


def paginate(path: str, items: Cards, size: int) -> Iterator[tuple[str, Cards, Pager]]:
    """Split a list into pages: (page path, items, pager); always at least one page."""
    total = max(1, -(-len(items) // size))
    for number in range(1, total + 1):
        prev = page_path(path, number - 1) if number > 1 else None
        nxt = page_path(path, number + 1) if number < total else None
        chunk = items[(number - 1) * size : number * size]
        yield page_path(path, number), chunk, Pager(number, total, prev, nxt)


def by_month(cards: Cards) -> tuple[Group, ...]:
    """Consecutive cards grouped under "January 2022" headings."""
    return tuple(
        Group(
            f"{MONTHS[month - 1]} {year}",
            f"m-{year:04d}-{month:02d}",
            members,
            day_path(year, month),
        )
        for (year, month), members in _runs(cards, lambda e: (e.day.year, e.day.month))
    )


def by_day(cards: Cards) -> tuple[Group, ...]:
    """Consecutive cards grouped under "28 January 2022" headings."""
    return tuple(
        Group(
            long_date(day), f"d-{day.isoformat()}", members, day_path(day.year, day.month, day.day)
        )
        for day, members in _runs(cards, lambda e: e.day)
    )


def by_thread(cards: Cards) -> tuple[Group, ...]:
    """Cards grouped by their primary thread, in order of each thread's newest card."""
    order: dict[str, list[Entry]] = {}
    for entry in cards.entries:
        order.setdefault(entry.thread_ids[0], []).append(entry)
    groups = []
    for thread_id, entries in order.items():
        members = Cards(entries, cards.table)
        # the first card names the thread: one card made per group, not one per entry
        title = members[0].threads[0].title
        groups.append(Group(title, f"t-{thread_id}", members, f"threads/{thread_id}/"))
    return tuple(groups)


def _runs(cards: Cards, key: Callable[[Entry], T]) -> Iterator[tuple[T, Cards]]:
    """The runs of consecutive cards whose entries have the same key, as Cards: grouped
    by their entries, so that no card is made (a card's day is its entry's day)."""
    entries, table, start = cards.entries, cards.table, 0
    for value, run in itertools.groupby(entries, key=key):
        end = start + len(list(run))
        yield value, Cards(entries[start:end], table)
        start = end


def titled(base: str, pager: Pager) -> str:
    return base if pager.number == 1 else f"{base} (page {pager.number} of {pager.total})"


def news_article(site: Site, entry: Entry) -> str:
    """schema.org NewsArticle JSON-LD, safe to place inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": entry.title,
        "description": entry.summary,
        "datePublished": entry.instant.isoformat(),
        "dateModified": (entry.updated or entry.day).isoformat(),
        "url": absolute(site.config, entry.url),
        "mainEntityOfPage": absolute(site.config, entry.url),
        "inLanguage": site.config.language,
        "publisher": {"@type": "Organization", "name": site.config.title},
        "about": [site.actors[a].name for a in entry.actor_ids],
        "keywords": [site.topics[t].name for t in entry.topic_ids],
        "citation": [
            {"@type": "CreativeWork", "name": s.title or s.publisher, "publisher": s.publisher}
            | ({"url": s.url} if s.url else {})
            for s in entry.sources
        ],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</script>" or "<!--" in author text must not end the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def week_label(key: str) -> str:
    """An ISO week as readers name it: "2022-W04" -> "Week 4, 24–30 Jan 2022"."""
    monday = week_monday(key)
    sunday = monday + dt.timedelta(days=6)
    number = monday.isocalendar()[1]
    end = f"{sunday.day} {MONTHS[sunday.month - 1][:3]} {sunday.year}"
    if monday.year != sunday.year:
        start = f"{monday.day} {MONTHS[monday.month - 1][:3]} {monday.year}"
    elif monday.month != sunday.month:
        start = f"{monday.day} {MONTHS[monday.month - 1][:3]}"
    else:
        start = str(monday.day)
    return f"Week {number}, {start}–{end}"


RenderBody = Callable[[str], str]  # Markdown text -> HTML
