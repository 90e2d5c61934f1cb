"""A thread's pages: the live page (paginated) and its "as of" snapshots (pure)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from briefing.model import Entry, Site, Thread
from briefing.render.ledger_svg import LEGEND, compared, ledger_svg
from briefing.site.analysis import (
    Week,
    indicator_status,
    latest_week_statements,
    ledger,
    snapshot_days,
    week_monday,
)
from briefing.site.assessment import Assessment, thread_assessments, week_path
from briefing.site.cards import Card, Link
from briefing.site.insights import (
    counted_actors,
    counted_topics,
    month_index,
    publishers,
)
from briefing.site.urls import href
from briefing.site.views import (
    Page,
    Pager,
    RenderBody,
    by_month,
    long_date,
    paginate,
    titled,
)

LEDGER_WEEKS = 10  # weeks in a thread page's table; the chart and week pages hold the rest
MOVERS_SHOWN = 5  # entries per week in that table; the week page lists every one
INDICATOR_LATEST = 3  # entries shown per indicator; "all N" leads to a filtered search
SAID_SHOWN = 12  # statements of the latest week on the thread page
SNAPSHOTS_SHOWN = 8  # "as of" links in a thread page's aside


@dataclass(frozen=True)
class WeekRow:
    key: str
    link: str  # the thread's section of the week page
    escalating: int
    steady: int
    de_escalating: int
    compared: str  # against the four weeks before, in words ("" for the first week)
    assessment: Assessment
    movers: tuple[tuple[Card, str], ...]  # (entry, its trend_reason), the first few
    movers_total: int


@dataclass(frozen=True)
class IndicatorRow:
    text: str
    first_observed: dt.date | None
    count: int
    latest: tuple[Card, ...]  # newest first
    search: str  # the search page filtered by this indicator


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
    assessed = thread_assessments(thread, entries)
    shared = _analysis(site, thread, entries, cards, weeks, assessed, as_of=False)
    shared["months"] = month_index(entries, path, site.config.page_size)
    days = snapshot_days(entries)
    # the latest few: every week's page links to the thread as of that week
    shared["snapshots"] = [
        Link(long_date(d), snapshot_path(thread, d)) for d in days[-SNAPSHOTS_SHOWN:]
    ]
    shared["snapshots_total"] = len(days)
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
    assessed = thread_assessments(thread, entries)
    starts = [week.start for week in weeks]  # consecutive weeks: each snapshot shows a prefix
    assessed_starts = [week_monday(a.week) for a in assessed]
    background = markdown(thread.body)
    for day in snapshot_days(entries):
        shown = weeks[: bisect_right(starts, day)]
        known = [e for e in entries if e.day <= day]
        until = assessed[: bisect_right(assessed_starts, day)]
        yield snapshot_page(site, thread, known, cards, background, day, shown, until)


def snapshot_page(
    site: Site,
    thread: Thread,
    known: Sequence[Entry],
    cards: Mapping[str, Card],
    background: str,
    day: dt.date,
    weeks: Sequence[Week],
    assessed: Sequence[Assessment],
) -> Page:
    """The thread as it stood at the end of `day`: nothing dated later appears on it.

    `known` are the thread's entries up to `day`, newest first; `weeks` and `assessed` the
    ledger's weeks and assessments that start on or before it.
    """
    context = _analysis(site, thread, known, cards, weeks, assessed, as_of=True)
    chunk = [cards[e.url] for e in known[: site.config.page_size]]
    context |= {
        "groups": by_month(chunk),
        "pager": Pager(1, 1, None, None),
        "months": [],
        "snapshots": [],
        "snapshots_total": 0,
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
    assessed: Sequence[Assessment],
    *,
    as_of: bool,
) -> dict[str, Any]:
    """What page 1 of a thread shows above its timeline: bounded however long it runs."""
    week_key, statements = latest_week_statements(entries)
    by_week = {a.week: a for a in assessed}
    recent = [w for w in weeks if w.direction != "none"][-LEDGER_WEEKS:]
    return {
        "thread": thread,
        "count": len(entries),
        "as_of": None,
        "shown": 0,
        "last_update": entries[0].day if entries else None,
        "assessment": assessed[-1] if assessed else None,
        # the snapshot pages leave out these tallies: the ledger, indicators and timeline are
        # what a reader compares over time, and recounting them per week costs a build dearly
        "key_actors": [] if as_of else counted_actors(site, entries),
        "key_topics": [] if as_of else counted_topics(site, entries),
        "publishers": [] if as_of else publishers(entries),
        "ledger_svg": ledger_svg(
            weeks,
            lambda key: href(site.config, f"{week_path(key)}#{thread.id}"),
            "ledger-h",
            {a.week: a.direction for a in assessed if a.by_editor},
        ),
        "legend": LEGEND,
        "weeks": [_week_row(thread, w, by_week[w.key], cards) for w in reversed(recent)],
        "earlier_weeks": sum(1 for w in weeks if w.direction != "none") - len(recent),
        "indicators": [
            IndicatorRow(
                s.indicator.text,
                s.first_observed,
                len(s.entries),
                tuple(cards[e.url] for e in s.entries[::-1][:INDICATOR_LATEST]),
                "search/?" + urlencode({"indicator": s.indicator.text}),
            )
            for s in indicator_status(thread, entries)
        ],
        "said_week": week_key,
        "said_more": max(0, len(statements) - SAID_SHOWN),
        "said": [
            Said(
                Link(site.actors[s.actor_id].name, f"actors/{s.actor_id}/"),
                s.text,
                s.kind,
                cards[e.url],
            )
            for s, e in statements[:SAID_SHOWN]
        ],
    }


def _week_row(
    thread: Thread, week: Week, assessment: Assessment, cards: Mapping[str, Card]
) -> WeekRow:
    movers = tuple((cards[e.url], e.trend_reason) for e in week.movers[:MOVERS_SHOWN])
    return WeekRow(
        week.key,
        f"{week_path(week.key)}#{thread.id}",
        len(week.escalating),
        len(week.steady),
        len(week.de_escalating),
        compared(week),
        assessment,
        movers,
        len(week.movers),
    )
