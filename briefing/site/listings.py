"""List pages: archives by day, month and year; thread, actor and topic indexes; actor and
topic pages; corrections (pure: model in, pages out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from briefing.model import Actor, Site, Topic
from briefing.render.words import counted
from briefing.site.assessment import current
from briefing.site.cards import Link
from briefing.site.indexes import Indexes, cards_of
from briefing.site.insights import corrections, counted_actors, counted_threads, counted_topics
from briefing.site.threadview import Said
from briefing.site.urls import day_path
from briefing.site.views import MONTHS, Page, by_day, by_thread, long_date, paginate, titled

TERM_SAID = 10  # statements an actor's page shows


def archive(site: Site, ix: Indexes, key: tuple[int, ...]) -> Iterator[Page]:
    """Day: that day's briefing by thread. Month: its entries by day. Year: an index of days."""
    if len(key) == 1:
        yield year_page(ix, key[0])
        return
    path = day_path(*key)
    entries = ix.days[key]
    month = f"{MONTHS[key[1] - 1]} {key[0]}"
    if len(key) == 3:
        heading, kind, group = long_date(dt.date(*key)), "day", by_thread
        up = Link(month, day_path(*key[:2]))  # the page one level up, for the aside
    else:
        heading, kind, group = month, "month", by_day
        up = Link(str(key[0]), day_path(key[0]))
    for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
        context = {
            "heading": heading,
            "groups": group(chunk),
            "pager": pager,
            "archive_kind": kind,
            "up": up,
        }
        title = titled(f"Briefing for {heading}" if kind == "day" else f"Archive: {heading}", pager)
        description = f"{counted(len(entries), 'entry')} from {heading}."
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
        f"{counted(len(entries), 'entry')} from {year}, by month and day.",
        lastmod=entries[0].day,
        kind="year",
    )


def threads_index(site: Site, ix: Indexes) -> Page:
    statuses = []
    for status in ("active", "watch", "resolved"):
        rows = [
            (
                t,
                ix.threads[t.id][0].day if ix.threads[t.id] else None,
                len(ix.threads[t.id]),
                current(t, ix.threads[t.id]),
            )
            for t in site.threads.values()
            if t.status == status
        ]
        rows.sort(key=lambda row: -(row[1].toordinal() if row[1] else 0))
        if rows:
            statuses.append((status, rows))
    followed = (
        "The one crisis thread"
        if len(site.threads) == 1
        else f"All {len(site.threads)} crisis threads"
    )
    description = f"{followed} followed by {site.config.title}."
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
        [(s, e) for e in entries for s in e.statements if s.actor_id == record_id]
        if kind == "actors"
        else []
    )
    # cards only for the statements page 1 shows, not for every one the actor made
    latest = [
        Said(Link(record.name, path), s.text, s.kind, ix.cards[e.url]) for s, e in said[:TERM_SAID]
    ]
    overview = {
        "threads": counted_threads(site, entries),
        "with_actors": counted_actors(site, entries, skip=skip, limit=8),
        "with_topics": counted_topics(
            site, entries, skip=record_id if kind == "topics" else "", limit=8
        ),
        "said_total": len(said),
    }
    for page_url, chunk, pager in paginate(path, cards_of(ix, entries), site.config.page_size):
        context = {
            "kind": kind,
            "record": record,
            "cards": chunk,
            "pager": pager,
            "count": len(entries),
            # the latest few on page 1 only: each entry page shows its own statements
            "said": latest if pager.number == 1 else [],
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


def corrections_page(site: Site, ix: Indexes) -> Page:
    """Every correction, newest first, with the entry it corrects."""
    rows = [(correction, ix.cards[entry.url]) for correction, entry in corrections(site)]
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
