"""What templates see: plain view records built from the model, never the model itself."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.model import Entry, Site
from briefing.site.analysis import week_monday
from briefing.site.cards import Card, Link
from briefing.site.urls import absolute, day_path, page_path


@dataclass(frozen=True)
class Group:
    heading: str
    anchor: str
    cards: tuple[Card, ...]
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


def paginate(
    path: str, items: Sequence[Card], size: int
) -> Iterator[tuple[str, Sequence[Card], Pager]]:
    """Split a list into pages: (page path, items, pager); always at least one page."""
    total = max(1, -(-len(items) // size))
    for number in range(1, total + 1):
        prev = page_path(path, number - 1) if number > 1 else None
        nxt = page_path(path, number + 1) if number < total else None
        chunk = items[(number - 1) * size : number * size]
        yield page_path(path, number), chunk, Pager(number, total, prev, nxt)


def by_month(cards: Sequence[Card]) -> tuple[Group, ...]:
    """Consecutive cards grouped under "January 2022" headings."""
    groups = []
    for (year, month), members in itertools.groupby(cards, key=lambda c: (c.day.year, c.day.month)):
        heading = f"{MONTHS[month - 1]} {year}"
        groups.append(
            Group(heading, f"m-{year:04d}-{month:02d}", tuple(members), day_path(year, month))
        )
    return tuple(groups)


def by_day(cards: Sequence[Card]) -> tuple[Group, ...]:
    """Consecutive cards grouped under "28 January 2022" headings."""
    return tuple(
        Group(
            long_date(day),
            f"d-{day.isoformat()}",
            tuple(members),
            day_path(day.year, day.month, day.day),
        )
        for day, members in itertools.groupby(cards, key=lambda c: c.day)
    )


def by_thread(cards: Sequence[Card]) -> tuple[Group, ...]:
    """Cards grouped by their primary thread, in order of each thread's newest card."""
    order: dict[str, list[Card]] = {}
    for item in cards:
        primary = item.threads[0]
        order.setdefault(primary.url, []).append(item)
    return tuple(
        Group(members[0].threads[0].title, "t-" + url.split("/")[1], tuple(members), url)
        for url, members in order.items()
    )


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
