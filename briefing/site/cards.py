"""An entry as lists show it (its card), and the link records cards and lists are made of.

Apart from the rest of the views because the indexes make every card once per site, and
the indexes sit below the pages that use them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import overload

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


@dataclass(frozen=True, eq=False)
class Cards(Sequence[Card]):
    """The cards of some entries, each made when a template first reads it (from `table`,
    which makes cards on first lookup in a rebuild after an edit: indexes.Lazy).

    A list's pages hold their cards this way: the engine digests the view of every page of
    a list that changed, standing each card as its entry's list key, and renders only the
    pages whose digest changed; so the pages it does not render never make their cards.
    Slicing gives Cards again, so a page's chunk of a list is made lazily too."""

    entries: Sequence[Entry]
    table: Mapping[str, Card]  # entry URL -> card

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, at: int) -> Card: ...

    @overload
    def __getitem__(self, at: slice) -> Cards: ...

    def __getitem__(self, at: int | slice) -> Card | Cards:
        if isinstance(at, slice):
            return Cards(self.entries[at], self.table)
        return self.table[self.entries[at].url]

    def __iter__(self) -> Iterator[Card]:
        # map, not a generator: every card of every list page goes through here in a build
        return map(self.table.__getitem__, map(attrgetter("url"), self.entries))


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
