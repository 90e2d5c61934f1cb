"""An entry as lists show it (its card), and the link records cards and lists are made of.

Apart from the rest of the views because the indexes make every card once per site, and
the indexes sit below the pages that use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.model import Entry, Site


@dataclass(frozen=True)
class Link:
    title: str
    url: str  # site path without the leading slash
    count: int = 0


@dataclass(frozen=True)
class Card:
    """An entry as lists show it."""

    title: str
    url: str
    summary: str
    day: dt.date
    datetime: str  # for <time datetime>
    threads: tuple[Link, ...]
    trend: str | None
    sources: tuple[tuple[str, str], ...] = ()  # (publisher, url): printed with lists
    draft: bool = False  # only ever shown by a preview, or a build with --drafts


def card(site: Site, entry: Entry) -> Card:
    threads = tuple(Link(site.threads[t].title, f"threads/{t}/") for t in entry.thread_ids)
    stamp = entry.day.isoformat() if _date_only(entry) else entry.instant.isoformat()
    sources = tuple((s.publisher, s.url) for s in entry.sources if s.url)
    return Card(
        entry.title,
        entry.url,
        entry.summary,
        entry.day,
        stamp,
        threads,
        entry.trend,
        sources,
        draft=entry.draft,
    )


def _date_only(entry: Entry) -> bool:
    return entry.instant.time() == dt.time() and entry.instant.date() == entry.day
