"""A thread's pages: the live page (paginated) and its "as of" snapshots (pure)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from briefing.model import Entry, Site, Thread
from briefing.render.ledger_svg import ARROWS, WORDS, describe, ledger_svg
from briefing.site.analysis import (
    Week,
    indicator_status,
    latest_week_statements,
    ledger,
    snapshot_days,
)
from briefing.site.cards import Card, Link
from briefing.site.insights import (
    counted_actors,
    counted_topics,
    latest_trend,
    month_index,
    publishers,
)
from briefing.site.views import (
    Page,
    Pager,
    RenderBody,
    by_month,
    long_date,
    paginate,
    titled,
)


@dataclass(frozen=True)
class WeekRow:
    key: str
    label: str
    escalating: int
    steady: int
    de_escalating: int
    arrow: str
    direction: str
    change: str
    movers: tuple[tuple[Card, str], ...]  # (entry, its trend_reason)


@dataclass(frozen=True)
class IndicatorRow:
    text: str
    first_observed: dt.date | None
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class Said:
    actor: Link
    text: str
    kind: str
    card: Card


def snapshot_path(thread: Thread, day: dt.date) -> str:
    return f"threads/{thread.id}/as-of/{day.isoformat()}/"


def thread_pages(
    site: Site,
    thread: Thread,
    entries: Sequence[Entry],
    cards: Mapping[str, Card],
    markdown: RenderBody,
) -> Iterator[Page]:
    """The live thread page, paginated; the analysis shows on page 1."""
    path = f"threads/{thread.id}/"
    feed = Link(f"{thread.title}: all entries", f"{path}feed.xml")
    weeks = ledger(entries)
    shared = _analysis(site, thread, entries, cards, weeks, "")
    shared["months"] = month_index(entries, path, site.config.page_size)
    shared["snapshots"] = [
        Link(long_date(d), snapshot_path(thread, d)) for d in snapshot_days(entries)
    ]
    timeline = [cards[e.url] for e in entries]
    for page_url, chunk, pager in paginate(path, timeline, site.config.page_size):
        context = {
            **shared,
            "groups": by_month(chunk),
            "pager": pager,
            "background": markdown(thread.body) if pager.number == 1 else "",
        }
        yield Page(
            page_url,
            "thread.html",
            context,
            titled(thread.title, pager),
            thread.summary,
            lastmod=shared["last_update"],
            kind="thread",
            feeds=(feed,),
        )


def snapshot_pages(
    site: Site,
    thread: Thread,
    entries: Sequence[Entry],
    cards: Mapping[str, Card],
    markdown: RenderBody,
) -> Iterator[Page]:
    """The thread as it stood at the end of each of its weeks."""
    weeks = ledger(entries)
    starts = [week.start for week in weeks]  # consecutive weeks: each snapshot shows a prefix
    background = markdown(thread.body)
    for day in snapshot_days(entries):
        shown = weeks[: bisect_right(starts, day)]
        yield snapshot_page(site, thread, entries, cards, background, day, shown)


def snapshot_page(
    site: Site,
    thread: Thread,
    entries: Sequence[Entry],
    cards: Mapping[str, Card],
    background: str,
    day: dt.date,
    weeks: Sequence[Week],
) -> Page:
    """The thread as it stood at the end of `day`: nothing dated later appears on it.

    `weeks` are the ledger's weeks that start on or before `day`.
    """
    known = [e for e in entries if e.day <= day]
    context = _analysis(site, thread, known, cards, weeks, day.isoformat())
    chunk = [cards[e.url] for e in known[: site.config.page_size]]
    context |= {
        "groups": by_month(chunk),
        "pager": Pager(1, 1, None, None),
        "months": [],
        "snapshots": [],
        "background": background,
        "as_of": day,
        "shown": len(chunk),
    }
    title = f"{thread.title}, as of {long_date(day)}"
    description = f"The {thread.title} thread as it stood on {long_date(day)}."
    return Page(
        snapshot_path(thread, day),
        "thread.html",
        context,
        title,
        description,
        lastmod=known[0].day if known else None,
        kind="thread-as-of",
    )


def _analysis(
    site: Site,
    thread: Thread,
    entries: Sequence[Entry],
    cards: Mapping[str, Card],
    weeks: Sequence[Week],
    suffix: str,
) -> dict[str, Any]:
    week_key, statements = latest_week_statements(entries)
    as_of = bool(suffix)
    return {
        "thread": thread,
        "count": len(entries),
        "as_of": None,
        "shown": 0,
        "last_update": entries[0].day if entries else None,
        "trend": cards[t.url] if (t := latest_trend(entries)) else None,
        # the snapshot pages leave out these tallies: the ledger, indicators and timeline are
        # what a reader compares over time, and recounting them per week costs a build dearly
        "key_actors": [] if as_of else counted_actors(site, entries),
        "key_topics": [] if as_of else counted_topics(site, entries),
        "publishers": [] if as_of else publishers(entries),
        "ledger_svg": ledger_svg(weeks, "w-", "ledger-h"),
        "weeks": [_week_row(w, cards) for w in weeks if w.direction != "none"],
        "indicators": [
            IndicatorRow(s.indicator.text, s.first_observed, tuple(cards[e.url] for e in s.entries))
            for s in indicator_status(thread, entries)
        ],
        "said_week": week_key,
        "said": [
            Said(
                Link(site.actors[s.actor_id].name, f"actors/{s.actor_id}/"),
                s.text,
                s.kind,
                cards[e.url],
            )
            for s, e in statements
        ],
    }


def _week_row(week: Week, cards: Mapping[str, Card]) -> WeekRow:
    change = "" if week.change is None else f"{week.change:+.1f}"
    movers = tuple((cards[e.url], e.trend_reason) for e in week.movers)
    return WeekRow(
        week.key,
        describe(week).split(":")[0],
        len(week.escalating),
        len(week.steady),
        len(week.de_escalating),
        ARROWS[week.direction],
        WORDS[week.direction],
        change,
        movers,
    )
