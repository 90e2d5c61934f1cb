"""What a reader sees at a glance: related entries, who appears with whom, who is cited (pure)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from briefing.model import Correction, Entry, Site
from briefing.site.cards import Link
from briefing.site.views import MONTHS

RELATED_LIMIT = 5
NEIGHBOURHOOD = 4  # entries on each side, in each shared list, that may be related


def related(
    entry: Entry, lists: Sequence[Sequence[Entry]], positions: Mapping[int, Mapping[str, int]]
) -> list[Entry]:
    """Entries sharing the most of thread, actors and topics; nearer dates first on ties.

    lists: the entry's thread, actor and topic lists, in that order (pages.lists_of).
    Candidates come from each shared list's neighbourhood of the entry, so the cost per
    entry stays constant however long a thread grows.
    """
    candidates: dict[str, Entry] = {}
    for members in lists:
        at = positions[id(members)][entry.url]
        for other in members[max(0, at - NEIGHBOURHOOD) : at + NEIGHBOURHOOD + 1]:
            candidates[other.url] = other
    candidates.pop(entry.url, None)
    if not candidates:
        return []
    # What a candidate shares counts wherever it is on the list, near or not; each list's
    # positions tell that of every candidate at once. (A list named twice counts once.)
    weights = [3] * len(entry.thread_ids) + [2] * len(entry.actor_ids) + [1] * len(entry.topic_ids)
    shared = dict.fromkeys(candidates, 0)
    for list_id, weight in dict(zip(map(id, lists), weights, strict=True)).items():
        for url in positions[list_id].keys() & candidates.keys():
            shared[url] += weight
    # Only candidates sharing as much as the fifth most can be among the first five: the
    # others need no distance. (-shared, distance, url): most shared first, then nearest.
    least = heapq.nlargest(RELATED_LIMIT, shared.values())[-1]
    instant = entry.instant
    scored = [
        (-count, abs((instant - candidates[url].instant).total_seconds()), url)
        for url, count in shared.items()
        if count >= least
    ]
    scored.sort()
    return [candidates[url] for *_, url in scored[:RELATED_LIMIT]]


def counted_actors(
    site: Site, entries: Iterable[Entry], skip: str = "", limit: int = 10
) -> list[Link]:
    counts = Counter(a for e in entries for a in e.actor_ids if a != skip)
    return [Link(site.actors[a].name, f"actors/{a}/", n) for a, n in _top(counts, limit)]


def counted_topics(
    site: Site, entries: Iterable[Entry], skip: str = "", limit: int = 10
) -> list[Link]:
    counts = Counter(t for e in entries for t in e.topic_ids if t != skip)
    return [Link(site.topics[t].name, f"topics/{t}/", n) for t, n in _top(counts, limit)]


def counted_threads(site: Site, entries: Iterable[Entry]) -> list[Link]:
    counts = Counter(t for e in entries for t in e.thread_ids)
    return [Link(site.threads[t].title, f"threads/{t}/", n) for t, n in _top(counts, 50)]


def publishers(entries: Iterable[Entry], limit: int = 12) -> list[tuple[str, int]]:
    """Publishers cited, most cited first (each entry counts once per publisher)."""
    counts = Counter(p for e in entries for p in {s.publisher for s in e.sources})
    return _top(counts, limit)


def month_index(entries: Sequence[Entry], list_path: str, page_size: int) -> list[Link]:
    """Each month of a timeline, linked to the page (and heading) where it starts."""
    links: list[Link] = []
    starts: dict[tuple[int, int], int] = {}
    counts: Counter[tuple[int, int]] = Counter()
    for position, entry in enumerate(entries):
        key = (entry.day.year, entry.day.month)
        starts.setdefault(key, position)
        counts[key] += 1
    for (year, month), position in starts.items():
        count = counts[(year, month)]
        page = position // page_size + 1
        path = list_path if page == 1 else f"{list_path}page/{page}/"
        links.append(Link(f"{MONTHS[month - 1]} {year}", f"{path}#m-{year:04d}-{month:02d}", count))
    return links


def corrections(site: Site) -> list[tuple[Correction, Entry]]:
    """Every correction with the entry it corrects, newest first (the page and its feed)."""
    rows = [(c, e) for e in site.entries for c in e.corrections]
    return sorted(rows, key=lambda row: (row[0].date, row[1].url), reverse=True)


def _top(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
