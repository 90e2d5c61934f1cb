"""Entries by every list they appear on, computed once per site (pure)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.model import Entry, Site
from briefing.site.analysis import week_key
from briefing.site.assessment import Assessment, week_assessment
from briefing.site.cards import Card, card


class LazyCards(dict[str, Card]):
    """Entry cards made when first looked up by subscript (`cards[url]`), for a build that
    renders a few pages of a large site. .get() and iteration see only those made so far."""

    def __init__(self, site: Site, by_url: dict[str, Entry]) -> None:
        super().__init__()
        self._site = site
        self._by_url = by_url

    def __missing__(self, url: str) -> Card:
        made = self[url] = card(self._site, self._by_url[url])
        return made


class LazyPositions(dict[int, dict[str, int]]):
    """For each list (by id()), each entry's position in it (lists are newest first, so near
    is recent), made when first looked up: a rebuild after one edit looks up a few lists."""

    def __init__(self, lists: Iterable[Sequence[Entry]]) -> None:
        super().__init__()
        self._lists = {id(members): members for members in lists}

    def __missing__(self, key: int) -> dict[str, int]:
        made = self[key] = {e.url: i for i, e in enumerate(self._lists[key])}
        return made


class LazyNeighbours(dict[str, tuple[Entry | None, Entry | None]]):
    """url -> (newer, older) in the entry's primary thread, found when first looked up."""

    def __init__(self, by_url: dict[str, Entry], threads: dict[str, list[Entry]],
                 positions: dict[int, dict[str, int]]) -> None:  # fmt: skip
        super().__init__()
        self._by_url, self._threads, self._positions = by_url, threads, positions

    def __missing__(self, url: str) -> tuple[Entry | None, Entry | None]:
        members = self._threads[self._by_url[url].thread_ids[0]]
        at = self._positions[id(members)][url]
        newer = members[at - 1] if at > 0 else None
        made = self[url] = (newer, members[at + 1] if at + 1 < len(members) else None)
        return made


class LazyWeekAssessments(dict[tuple[str, str], Assessment]):
    """(thread id, ISO week) -> where the thread stood that week, counted when first looked
    up: every entry page of the week shows its thread's, and the weekly feed every thread's."""

    def __init__(self, site: Site, weeks: dict[str, list[Entry]]) -> None:
        super().__init__()
        self._site, self._weeks = site, weeks

    def __missing__(self, key: tuple[str, str]) -> Assessment:
        thread_id, week = key
        made = self[key] = week_assessment(self._site.threads[thread_id], week, self._weeks[week])
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
    """every_card=False: cards are made as pages ask for them (see LazyCards)."""
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
    cards = {e.url: card(site, e) for e in site.entries} if every_card else LazyCards(site, by_url)
    positions = LazyPositions([*threads.values(), *actors.values(), *topics.values()])
    neighbours = LazyNeighbours(by_url, threads, positions)
    weeks = dict(weeks)
    assessments = LazyWeekAssessments(site, weeks)
    return Indexes(
        cards, threads, actors, topics, dict(days), neighbours, by_url, positions, weeks,
        assessments,
    )  # fmt: skip


def cards_of(ix: Indexes, entries: Sequence[Entry]) -> list[Card]:
    return [ix.cards[e.url] for e in entries]


def day_keys(entry: Entry) -> tuple[tuple[int, ...], ...]:
    """The archives an entry is listed on: its year, month and day."""
    d = entry.day
    return ((d.year,), (d.year, d.month), (d.year, d.month, d.day))
