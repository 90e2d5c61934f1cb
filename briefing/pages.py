"""Every page of the site, as a lazy sequence of views (pure: model in, pages out)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .model import Entry, Site
from .urls import day_path
from .views import (
    HOME_NEWEST,
    MONTHS,
    Card,
    Link,
    Page,
    RenderBody,
    by_month,
    by_thread,
    card,
    long_date,
    news_article,
    paginate,
    titled,
)


@dataclass(frozen=True)
class Indexes:
    """Entries (newest first) by every list they appear on, and each entry's card."""

    cards: dict[str, Card]
    threads: dict[str, list[Entry]]
    actors: dict[str, list[Entry]]
    topics: dict[str, list[Entry]]
    days: dict[tuple[int, ...], list[Entry]]
    neighbours: dict[str, tuple[Entry | None, Entry | None]]  # url -> (newer, older) in thread


def index(site: Site) -> Indexes:
    threads: dict[str, list[Entry]] = {t: [] for t in site.threads}
    actors: dict[str, list[Entry]] = {a: [] for a in site.actors}
    topics: dict[str, list[Entry]] = {t: [] for t in site.topics}
    days: dict[tuple[int, ...], list[Entry]] = defaultdict(list)
    for entry in site.entries:
        for thread_id in entry.thread_ids:
            threads[thread_id].append(entry)
        for actor_id in entry.actor_ids:
            actors[actor_id].append(entry)
        for topic_id in entry.topic_ids:
            topics[topic_id].append(entry)
        d = entry.day
        for key in ((d.year,), (d.year, d.month), (d.year, d.month, d.day)):
            days[key].append(entry)
    cards = {e.url: card(site, e) for e in site.entries}
    neighbours = {}
    for members in threads.values():
        for position, entry in enumerate(members):
            if members is threads[entry.thread_ids[0]]:
                newer = members[position - 1] if position > 0 else None
                older = members[position + 1] if position + 1 < len(members) else None
                neighbours[entry.url] = (newer, older)
    return Indexes(cards, threads, actors, topics, dict(days), neighbours)


def site_pages(site: Site, ix: Indexes, body_html: RenderBody) -> Iterator[Page]:
    """All HTML pages; feeds and the sitemap are made from the same indexes."""
    yield home(site, ix)
    for entry in site.entries:
        yield entry_page(site, ix, entry, body_html(entry.body))
    for key in sorted(ix.days):
        yield from archive(site, ix, key)
    yield from threads(site, ix, body_html)
    yield from terms(site, ix, "actors")
    yield from terms(site, ix, "topics")
    yield Page(
        "search/",
        "search.html",
        {},
        "Search",
        f"Search the entries of {site.config.title} by word, thread, actor, topic and year.",
        kind="search",
    )
    yield Page(
        "404.html",
        "404.html",
        {},
        "Page not found",
        "This page does not exist.",
        in_sitemap=False,
        kind="404",
    )


def cards_of(ix: Indexes, entries: Sequence[Entry]) -> list[Card]:
    return [ix.cards[e.url] for e in entries]


def home(site: Site, ix: Indexes) -> Page:
    latest = site.entries[0].day if site.entries else None
    today = [e for e in site.entries if e.day == latest]
    active = [
        (thread, ix.threads[thread.id][0].day if ix.threads[thread.id] else None)
        for thread in site.threads.values()
        if thread.status == "active"
    ]
    active.sort(key=lambda pair: (pair[1] is None, -(pair[1].toordinal() if pair[1] else 0)))
    context = {
        "latest_day": latest,
        "today": by_thread(cards_of(ix, today)),
        "active": [
            (Link(t.title, f"threads/{t.id}/", len(ix.threads[t.id])), day) for t, day in active
        ],
        "newest": cards_of(ix, site.entries[:HOME_NEWEST]),
    }
    return Page(
        "",
        "home.html",
        context,
        site.config.title,
        site.config.description or site.config.title,
        lastmod=latest,
        kind="home",
        feeds=(Link("All entries", "feed.xml"),),
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
        "jsonld": news_article(site, entry),
        # Pagefind finds an entry by any name of its actors, so the names go in the indexed text.
        "actor_names": [(site.actors[a].name, site.actors[a].aliases) for a in entry.actor_ids],
        "year": entry.day.year,
        # Pagefind's sort key: UTC, so entries written with different offsets still sort right.
        "sort_date": f"{entry.instant.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
        "thread_ids": entry.thread_ids,
        "actor_ids": entry.actor_ids,
        "topic_ids": entry.topic_ids,
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


def archive(site: Site, ix: Indexes, key: tuple[int, ...]) -> Iterator[Page]:
    path = day_path(*key)
    entries = ix.days[key]
    if len(key) == 3:
        import datetime as dt

        heading = long_date(dt.date(*key))
        kind = "day"
    elif len(key) == 2:
        heading, kind = f"{MONTHS[key[1] - 1]} {key[0]}", "month"
    else:
        heading, kind = str(key[0]), "year"
    for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
        groups = by_thread(chunk) if kind == "day" else by_month(chunk)
        context = {"heading": heading, "groups": groups, "pager": pager, "archive_kind": kind}
        title = titled(f"Briefing for {heading}" if kind == "day" else f"Archive: {heading}", pager)
        yield Page(
            page_url,
            "archive.html",
            context,
            title,
            f"{len(entries)} entries from {heading}.",
            lastmod=entries[0].day,
            kind=kind,
        )


def threads(site: Site, ix: Indexes, body_html: RenderBody) -> Iterator[Page]:
    statuses = []
    for status in ("active", "watch", "resolved"):
        members = [t for t in site.threads.values() if t.status == status]
        members.sort(
            key=lambda t: -(ix.threads[t.id][0].day.toordinal() if ix.threads[t.id] else 0)
        )
        rows = [
            (t, ix.threads[t.id][0].day if ix.threads[t.id] else None, len(ix.threads[t.id]))
            for t in members
        ]
        if rows:
            statuses.append((status, rows))
    yield Page(
        "threads/",
        "threads.html",
        {"statuses": statuses},
        "Crisis threads",
        f"All {len(site.threads)} crisis threads followed by {site.config.title}.",
        kind="threads",
    )
    for thread in site.threads.values():
        path = f"threads/{thread.id}/"
        entries = ix.threads[thread.id]
        feed = Link(f"{thread.title}: all entries", f"{path}feed.xml")
        for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
            context = {
                "thread": thread,
                "groups": by_month(chunk),
                "pager": pager,
                "count": len(entries),
                "last_update": entries[0].day if entries else None,
                "background": body_html(thread.body) if pager.number == 1 else "",
            }
            yield Page(
                page_url,
                "thread.html",
                context,
                titled(thread.title, pager),
                thread.summary,
                lastmod=entries[0].day if entries else None,
                kind="thread",
                feeds=(feed,),
            )


def terms(site: Site, ix: Indexes, kind: str) -> Iterator[Page]:
    records = site.actors if kind == "actors" else site.topics
    lists = ix.actors if kind == "actors" else ix.topics
    rows = [(r, len(lists[r.id])) for r in records.values()]
    label = "Actors" if kind == "actors" else "Topics"
    yield Page(
        f"{kind}/",
        "terms.html",
        {"kind": kind, "label": label, "rows": rows},
        label,
        f"{label} in {site.config.title}, with their entries.",
        kind=f"{kind}-index",
    )
    for record in records.values():
        path = f"{kind}/{record.id}/"
        entries = lists[record.id]
        feed = Link(f"{record.name}: all entries", f"{path}feed.xml")
        for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
            context = {
                "kind": kind,
                "record": record,
                "cards": chunk,
                "pager": pager,
                "count": len(entries),
            }
            description = getattr(record, "description", "") or f"Entries about {record.name}."
            yield Page(
                page_url,
                "term.html",
                context,
                titled(record.name, pager),
                description,
                lastmod=entries[0].day if entries else None,
                kind=kind[:-1],
                feeds=(feed,),
            )
