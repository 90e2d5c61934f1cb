"""Every page of the site, as a lazy sequence of views (pure: model in, pages out)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .analysis import by_speaker
from .insights import (
    counted_actors,
    counted_threads,
    counted_topics,
    latest_trend,
    list_positions,
    related,
)
from .model import Actor, Entry, Site, Topic
from .threadview import Said, snapshot_pages, thread_pages
from .urls import absolute, day_path
from .views import (
    HOME_NEWEST,
    MONTHS,
    Card,
    Link,
    Page,
    RenderBody,
    by_day,
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
    by_url: dict[str, Entry]
    positions: dict[int, dict[str, int]]  # id(list) -> url -> position, for related entries


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
    by_url = {e.url: e for e in site.entries}
    positions = list_positions([*threads.values(), *actors.values(), *topics.values()])
    return Indexes(cards, threads, actors, topics, dict(days), neighbours, by_url, positions)


Unit = tuple[str, ...]


@dataclass(frozen=True)
class Markup:
    """How pages get HTML: an entry's rendered body, and Markdown for other text."""

    entry_html: Callable[[Entry], str]
    markdown: RenderBody


def units(site: Site, ix: Indexes) -> list[Unit]:
    """The site's pages in groups that render independently (a list with all its pages)."""
    return [
        ("home",),
        *(("entry", entry.url) for entry in site.entries),
        *(("archive", *map(str, key)) for key in sorted(ix.days)),
        ("threads",),
        *(("thread", thread_id) for thread_id in site.threads),
        *(("as-of", thread_id) for thread_id in site.threads if site.config.snapshots),
        ("terms", "actors"),
        *(("term", "actors", actor_id) for actor_id in site.actors),
        ("terms", "topics"),
        *(("term", "topics", topic_id) for topic_id in site.topics),
        ("corrections",),
        ("search",),
        ("404",),
    ]


def unit_pages(site: Site, ix: Indexes, unit: Unit, markup: Markup) -> Iterator[Page]:
    kind = unit[0]
    if kind == "entry":
        entry = ix.by_url[unit[1]]
        yield entry_page(site, ix, entry, markup.entry_html(entry))
    elif kind == "home":
        yield home(site, ix)
    elif kind == "archive":
        yield from archive(site, ix, tuple(int(part) for part in unit[1:]))
    elif kind == "threads":
        yield threads_index(site, ix)
    elif kind == "thread":
        thread = site.threads[unit[1]]
        yield from thread_pages(site, thread, ix.threads[thread.id], ix.cards, markup.markdown)
    elif kind == "as-of":
        thread = site.threads[unit[1]]
        yield from snapshot_pages(site, thread, ix.threads[thread.id], ix.cards, markup.markdown)
    elif kind == "terms":
        yield terms_index(site, ix, unit[1])
    elif kind == "term":
        yield from term_pages(site, ix, unit[1], unit[2])
    elif kind == "corrections":
        yield corrections_page(site, ix)
    elif kind == "search":
        yield search_page(site)
    elif kind == "404":
        yield not_found_page()


def site_pages(site: Site, ix: Indexes, markup: Markup) -> Iterator[Page]:
    """Every HTML page, in a stable order."""
    for unit in units(site, ix):
        yield from unit_pages(site, ix, unit, markup)


def corrections_page(site: Site, ix: Indexes) -> Page:
    """Every correction, newest first, with the entry it corrects."""
    rows = sorted(
        ((c, ix.cards[e.url]) for e in site.entries for c in e.corrections),
        key=lambda row: (row[0].date, row[1].url),
        reverse=True,
    )
    description = f"Corrections to entries of {site.config.title}, newest first."
    feed = Link("Corrections", "corrections/feed.xml")
    return Page(
        "corrections/",
        "corrections.html",
        {"rows": rows},
        "Corrections",
        description,
        lastmod=rows[0][0].date if rows else None,
        kind="corrections",
        feeds=(feed,),
    )


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
            (
                Link(t.title, f"threads/{t.id}/", len(ix.threads[t.id])),
                day,
                _trend_card(ix, latest_trend(ix.threads[t.id])),
            )
            for t, day in active
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


def _trend_card(ix: Indexes, entry: Entry | None) -> Card | None:
    return ix.cards[entry.url] if entry else None


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
        "related": [ix.cards[e.url] for e in related(entry, _lists_of(ix, entry), ix.positions)],
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


def _lists_of(ix: Indexes, entry: Entry) -> list[list[Entry]]:
    return [
        *(ix.threads[t] for t in entry.thread_ids),
        *(ix.actors[a] for a in entry.actor_ids),
        *(ix.topics[t] for t in entry.topic_ids),
    ]


def citation(site: Site, entry: Entry) -> str:
    """A ready-to-copy citation line."""
    return f"“{entry.title}”, {site.config.title}, {long_date(entry.day)}, {absolute(site.config, entry.url)}"


def archive(site: Site, ix: Indexes, key: tuple[int, ...]) -> Iterator[Page]:
    """Day: that day's briefing by thread. Month: its entries by day. Year: an index of days."""
    if len(key) == 1:
        yield year_page(ix, key[0])
        return
    path = day_path(*key)
    entries = ix.days[key]
    if len(key) == 3:
        heading, kind, group = long_date(dt.date(*key)), "day", by_thread
    else:
        heading, kind, group = f"{MONTHS[key[1] - 1]} {key[0]}", "month", by_day
    for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
        context = {"heading": heading, "groups": group(chunk), "pager": pager, "archive_kind": kind}
        title = titled(f"Briefing for {heading}" if kind == "day" else f"Archive: {heading}", pager)
        description = f"{len(entries)} entries from {heading}."
        yield Page(
            page_url, "archive.html", context, title, description, lastmod=entries[0].day, kind=kind
        )


def year_page(ix: Indexes, year: int) -> Page:
    """A year as a calendar index: each month with its days and their entry counts."""
    months = []
    for key in sorted((k for k in ix.days if len(k) == 2 and k[0] == year), reverse=True):
        days = sorted((k for k in ix.days if len(k) == 3 and k[:2] == key), reverse=True)
        day_links = [Link(str(d[2]), day_path(*d), len(ix.days[d])) for d in days]
        month = Link(f"{MONTHS[key[1] - 1]} {year}", day_path(*key), len(ix.days[key]))
        months.append((month, day_links))
    entries = ix.days[(year,)]
    context = {"year": year, "months": months, "count": len(entries)}
    return Page(
        day_path(year),
        "year.html",
        context,
        f"Archive: {year}",
        f"{len(entries)} entries from {year}, by month and day.",
        lastmod=entries[0].day,
        kind="year",
    )


def threads_index(site: Site, ix: Indexes) -> Page:
    statuses = []
    for status in ("active", "watch", "resolved"):
        rows = [
            (t, ix.threads[t.id][0].day if ix.threads[t.id] else None, len(ix.threads[t.id]))
            for t in site.threads.values()
            if t.status == status
        ]
        rows.sort(key=lambda row: -(row[1].toordinal() if row[1] else 0))
        if rows:
            statuses.append((status, rows))
    description = f"All {len(site.threads)} crisis threads followed by {site.config.title}."
    return Page(
        "threads/",
        "threads.html",
        {"statuses": statuses},
        "Crisis threads",
        description,
        kind="threads",
    )


def terms_index(site: Site, ix: Indexes, kind: str) -> Page:
    records = site.actors if kind == "actors" else site.topics
    lists = ix.actors if kind == "actors" else ix.topics
    rows = [(r, len(lists[r.id])) for r in records.values()]
    label = "Actors" if kind == "actors" else "Topics"
    description = f"{label} in {site.config.title}, with their entries."
    return Page(
        f"{kind}/",
        "terms.html",
        {"kind": kind, "label": label, "rows": rows},
        label,
        description,
        kind=f"{kind}-index",
    )


def term_pages(site: Site, ix: Indexes, kind: str, record_id: str) -> Iterator[Page]:
    record: Actor | Topic = site.actors[record_id] if kind == "actors" else site.topics[record_id]
    entries = (ix.actors if kind == "actors" else ix.topics)[record_id]
    path = f"{kind}/{record.id}/"
    feed = Link(f"{record.name}: all entries", f"{path}feed.xml")
    description = record.description or f"Entries about {record.name}."
    last = entries[0].day if entries else None
    skip = record_id if kind == "actors" else ""
    said = (
        [
            Said(Link(record.name, path), s.text, s.kind, ix.cards[e.url])
            for e in entries
            for s in e.statements
            if s.actor_id == record_id
        ]
        if kind == "actors"
        else []
    )
    overview = {
        "threads": counted_threads(site, entries),
        "with_actors": counted_actors(site, entries, skip=skip, limit=8),
        "with_topics": counted_topics(
            site, entries, skip=record_id if kind == "topics" else "", limit=8
        ),
        "said": said,
    }
    for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
        context = {
            "kind": kind,
            "record": record,
            "cards": chunk,
            "pager": pager,
            "count": len(entries),
            **overview,
        }
        yield Page(
            page_url,
            "term.html",
            context,
            titled(record.name, pager),
            description,
            lastmod=last,
            kind=kind[:-1],
            feeds=(feed,),
        )
