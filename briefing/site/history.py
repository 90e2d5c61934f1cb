"""Where a thread stood at the end of each of its weeks: what its "as of" pages show of its
entries, found in one pass over them rather than once per snapshot (pure)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from briefing.model import Entry, Statement, Thread
from briefing.site.analysis import (
    IndicatorStatus,
    indicator_status,
    latest_week_statements,
    week_key,
    week_of,
)


@dataclass(frozen=True)
class Standing:
    """A thread's entries up to one day, and what its page draws from them besides the ledger."""

    known: Sequence[Entry]  # newest first
    indicators: list[IndicatorStatus]
    said_week: str  # the latest ISO week with statements, "" if none
    statements: list[tuple[Statement, Entry]]  # that week's, oldest entry first


def standing(thread: Thread, known: Sequence[Entry]) -> Standing:
    """The standing of `known`, the thread's entries up to some day, newest first."""
    said_week, statements = latest_week_statements(known)
    return Standing(known, indicator_status(thread, known), said_week, statements)


def standings(
    thread: Thread, entries: Sequence[Entry], days: Sequence[dt.date]
) -> Iterator[Standing]:
    """standing(thread, the entries dated up to day) for each of `days`, oldest first.

    `entries` are newest first. Where their days follow that order (always, unless time zone
    offsets carry an entry's instant across another's day), the entries up to a day are a
    slice of every ordering, found by bisection, so a snapshot costs the same however many
    weeks came before it. Otherwise each is worked out from scratch.
    """
    by_key = sorted(entries, key=lambda e: e.sort_key)
    if not _days_in_order(entries, by_key):
        for day in days:
            yield standing(thread, [e for e in entries if e.day <= day])
        return
    oldest_first = [e.day for e in reversed(entries)]
    watched = [
        [e for e in by_key if indicator.id in e.indicator_ids] for indicator in thread.indicators
    ]
    watched_days = [[e.day for e in seen] for seen in watched]
    speaking = [e for e in by_key if e.statements]
    speaking_days = [e.day for e in speaking]
    week_starts = _week_starts(speaking)
    for day in days:
        known = entries[len(entries) - bisect_right(oldest_first, day) :]
        indicators = []
        for indicator, seen, seen_days in zip(
            thread.indicators, watched, watched_days, strict=True
        ):
            count = bisect_right(seen_days, day)
            first = seen[0].day if count else None
            indicators.append(IndicatorStatus(indicator, first, tuple(seen[:count])))
        spoken = bisect_right(speaking_days, day)
        if not spoken:
            yield Standing(known, indicators, "", [])
            continue
        chosen = speaking[week_starts[spoken - 1] : spoken]
        statements = [(s, e) for e in chosen for s in e.statements]
        yield Standing(known, indicators, week_key(chosen[-1].day), statements)


def _days_in_order(newest_first: Sequence[Entry], by_key: Sequence[Entry]) -> bool:
    """Days never rise along `newest_first`, never fall along `by_key`, whose keys are unique:
    then the entries up to any day are a slice of either."""
    falling = all(a.day >= b.day for a, b in pairwise(newest_first))
    rising = all(a.day <= b.day and a.sort_key < b.sort_key for a, b in pairwise(by_key))
    return falling and rising


def _week_starts(entries: Sequence[Entry]) -> list[int]:
    """For each entry (in order of day), where the run of entries of its ISO week starts."""
    starts: list[int] = []
    for position, entry in enumerate(entries):
        same = position and week_of(entries[position - 1].day) == week_of(entry.day)
        starts.append(starts[-1] if same else position)
    return starts
