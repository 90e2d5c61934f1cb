"""A thread's pages: the live page (paginated) and its "as of" snapshots (pure)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from briefing.model import Entry, Site, Thread
from briefing.render.ledger_svg import LEGEND, compared, ledger_charts
from briefing.site.analysis import Week, ledger, snapshot_days, week_monday
from briefing.site.assessment import Assessment, thread_assessments, week_path
from briefing.site.cards import Card, Cards, Link
from briefing.site.history import Standing, standing, standings
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
    sections = ledger_sections(site, thread, weeks, assessed, cards)
    shared = _analysis(
        site, thread, standing(thread, entries), cards, sections(len(weeks)), assessed, as_of=False
    )
    shared["months"] = month_index(entries, path, site.config.page_size)
    days = snapshot_days(entries)
    # the latest few: every week's page links to the thread as of that week
    shared["snapshots"] = [
        Link(long_date(d), snapshot_path(thread, d)) for d in days[-SNAPSHOTS_SHOWN:]
    ]
    shared["snapshots_total"] = len(days)
    for page_url, chunk, pager in paginate(path, Cards(entries, cards), site.config.page_size):
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
    sections = ledger_sections(site, thread, weeks, assessed, cards)
    background = markdown(thread.body)
    days = snapshot_days(entries)
    for day, then in zip(days, standings(thread, entries, days), strict=True):
        until = assessed[: bisect_right(assessed_starts, day)]
        ledger_part = sections(bisect_right(starts, day))
        yield snapshot_page(site, thread, then, cards, background, day, ledger_part, until)


def snapshot_page(
    site: Site,
    thread: Thread,
    then: Standing,
    cards: Mapping[str, Card],
    background: str,
    day: dt.date,
    ledger_part: dict[str, Any],
    assessed: Sequence[Assessment],
) -> Page:
    """The thread as it stood at the end of `day`: nothing dated later appears on it.

    `then` is the thread's standing up to `day`; `ledger_part` the ledger's section for the
    weeks that start on or before it, and `assessed` the assessments of those weeks.
    """
    known = then.known
    context = _analysis(site, thread, then, cards, ledger_part, assessed, as_of=True)
    chunk = Cards(known[: site.config.page_size], cards)
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


def ledger_sections(
    site: Site,
    thread: Thread,
    weeks: Sequence[Week],
    assessed: Sequence[Assessment],
    cards: Mapping[str, Card],
) -> Callable[[int], dict[str, Any]]:
    """sections(n): the ledger's part of a thread page that shows the first n weeks (a
    snapshot shows a prefix). Each week's row and column are made once for every prefix."""
    by_week = {a.week: a for a in assessed}
    chart = ledger_charts(
        weeks,
        lambda key: href(site.config, f"{week_path(key)}#{thread.id}"),
        "ledger-h",
        {a.week: a.direction for a in assessed if a.by_editor},
    )
    moved = [i for i, week in enumerate(weeks) if week.direction != "none"]
    rows: dict[int, WeekRow] = {}

    def sections(count: int) -> dict[str, Any]:
        shown = bisect_left(moved, count)
        recent = moved[max(0, shown - LEDGER_WEEKS) : shown]
        for i in recent:
            if i not in rows:
                rows[i] = _week_row(thread, weeks[i], by_week[weeks[i].key], cards)
        return {
            "ledger_svg": chart(count),
            "legend": LEGEND,
            "weeks": [rows[i] for i in reversed(recent)],
            "earlier_weeks": shown - len(recent),
        }

    return sections


def _analysis(
    site: Site,
    thread: Thread,
    then: Standing,
    cards: Mapping[str, Card],
    ledger_part: dict[str, Any],
    assessed: Sequence[Assessment],
    *,
    as_of: bool,
) -> dict[str, Any]:
    """What page 1 of a thread shows above its timeline: bounded however long it runs."""
    entries = then.known
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
        **ledger_part,
        "indicators": [
            IndicatorRow(
                s.indicator.text,
                s.first_observed,
                len(s.entries),
                tuple(cards[e.url] for e in s.entries[::-1][:INDICATOR_LATEST]),
                "search/?" + urlencode({"indicator": s.indicator.text}),
            )
            for s in then.indicators
        ],
        "said_week": then.said_week,
        "said_more": max(0, len(then.statements) - SAID_SHOWN),
        "said": [
            Said(
                Link(site.actors[s.actor_id].name, f"actors/{s.actor_id}/"),
                s.text,
                s.kind,
                cards[e.url],
            )
            for s, e in then.statements[:SAID_SHOWN]
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
