"""Entries by every list they appear on, computed once per site (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from briefing.model import Entry, Site
from briefing.site.analysis import week_key
from briefing.site.assessment import Assessment, week_assessment
from briefing.site.cards import Card, Cards, card

K = TypeVar("K")
V = TypeVar("V")


class Lazy(dict[K, V]):
    """A table whose values are made when first looked up by subscript (`table[key]`), for a
    rebuild after one edit, which looks up a few of thousands. .get() and iteration see only
    the values made so far."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        made = self[key] = self._make(key)
        return made


@dataclass(frozen=True)
class Indexes:
    """Entries (newest first) by every list they appear on, and each entry's card."""

    cards: dict[str, Card]
    threads: dict[str, list[Entry]]
    actors: dict[str, list[Entry]]
    topics: dict[str, list[Entry]]
    days: dict[tuple[int, ...], list[Entry]]
    neighbours: dict[str, tuple[Entry | None, Entry | None]]  # url -> (newer, older) in thread
    by_url: dict[str, Entry]
    positions: dict[int, dict[str, int]]  # id(list) -> url -> position, for related entries
    weeks: dict[str, list[Entry]]  # ISO week ("2022-W04") -> its entries, every thread's
    assessments: dict[tuple[str, str], Assessment]  # (thread id, ISO week) -> assessment


def index(site: Site, *, every_card: bool = True) -> Indexes:
    """every_card=False: cards are made as pages ask for them. Positions in lists, thread
    neighbours and week assessments always are (see Lazy)."""
    threads: dict[str, list[Entry]] = {t: [] for t in site.threads}
    actors: dict[str, list[Entry]] = {a: [] for a in site.actors}
    topics: dict[str, list[Entry]] = {t: [] for t in site.topics}
    days: dict[tuple[int, ...], list[Entry]] = defaultdict(list)
    weeks: dict[str, list[Entry]] = defaultdict(list)
    for entry in site.entries:
        weeks[week_key(entry.day)].append(entry)
        for thread_id in entry.thread_ids:
            threads[thread_id].append(entry)
        for actor_id in entry.actor_ids:
            actors[actor_id].append(entry)
        for topic_id in entry.topic_ids:
            topics[topic_id].append(entry)
        for key in day_keys(entry):
            days[key].append(entry)
    by_url = {e.url: e for e in site.entries}
    cards: dict[str, Card] = (
        {e.url: card(site, e) for e in site.entries}
        if every_card
        else Lazy(lambda url: card(site, by_url[url]))
    )
    lists = {id(members): members for members in (*threads.values(), *actors.values(),
                                                  *topics.values())}  # fmt: skip
    positions: Lazy[int, dict[str, int]] = Lazy(
        lambda key: {e.url: i for i, e in enumerate(lists[key])}
    )

    def neighbours(url: str) -> tuple[Entry | None, Entry | None]:
        """(newer, older) in the entry's primary thread."""
        members = threads[by_url[url].thread_ids[0]]
        at = positions[id(members)][url]
        return (members[at - 1] if at > 0 else None,
                members[at + 1] if at + 1 < len(members) else None)  # fmt: skip

    by_week = dict(weeks)

    def assessment(key: tuple[str, str]) -> Assessment:
        thread_id, week = key
        return week_assessment(site.threads[thread_id], week, by_week[week])

    return Indexes(
        cards, threads, actors, topics, dict(days), Lazy(neighbours), by_url, positions,
        by_week, Lazy(assessment),
    )  # fmt: skip


def cards_of(ix: Indexes, entries: Sequence[Entry]) -> Cards:
    """The entries' cards, made as they are read (see Cards)."""
    return Cards(entries, ix.cards)


def day_keys(entry: Entry) -> tuple[tuple[int, ...], ...]:
    """The archives an entry is listed on: its year, month and day."""
    d = entry.day
    return ((d.year,), (d.year, d.month), (d.year, d.month, d.day))
