"""The analysis layer: an escalation ledger by ISO week, watch indicators, who said what,
and the days a thread can be seen "as of" (pure; every figure traceable to its entries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.model import Entry, Indicator, Statement, Thread

BASELINE_WEEKS = 4


@dataclass(frozen=True)
class Week:
    """One ISO week of a thread: the entries that moved it, by trend."""

    year: int
    number: int
    escalating: tuple[Entry, ...]
    steady: tuple[Entry, ...]
    de_escalating: tuple[Entry, ...]
    change: float | None  # net minus the mean net of the previous four weeks

    @property
    def key(self) -> str:
        return week_key(self.start)

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 7)

    @property
    def net(self) -> int:
        return len(self.escalating) - len(self.de_escalating)

    @property
    def direction(self) -> str:
        if not (self.escalating or self.steady or self.de_escalating):
            return "none"
        return "up" if self.net > 0 else "down" if self.net < 0 else "flat"

    @property
    def movers(self) -> tuple[Entry, ...]:
        """Exactly the entries that moved the week's direction, oldest first."""
        return tuple(sorted(self.escalating + self.de_escalating, key=lambda e: e.sort_key))


def week_of(day: dt.date) -> tuple[int, int]:
    year, number, _ = day.isocalendar()
    return year, number


def week_key(day: dt.date) -> str:
    """The ISO week a day falls in, as pages, links and editors write it: "2022-W04"."""
    year, number = week_of(day)
    return f"{year}-W{number:02d}"


def week_monday(key: str) -> dt.date:
    """The Monday that starts the ISO week a key names: week_key's inverse."""
    year, number = (int(part) for part in key.split("-W"))
    return dt.date.fromisocalendar(year, number, 1)


def ledger(entries: Sequence[Entry]) -> list[Week]:
    """Every ISO week from the thread's first entry to its last, empty weeks included."""
    if not entries:
        return []
    by_week: dict[tuple[int, int], list[Entry]] = {}
    for entry in entries:
        by_week.setdefault(week_of(entry.day), []).append(entry)
    first = min(e.day for e in entries)
    last = max(e.day for e in entries)
    monday = first - dt.timedelta(days=first.weekday())
    weeks: list[Week] = []
    nets: list[int] = []
    while monday <= last:
        members = sorted(by_week.get(week_of(monday), []), key=lambda e: e.sort_key)
        kinds = {
            t: tuple(e for e in members if e.trend == t)
            for t in ("escalating", "steady", "de-escalating")
        }
        net = len(kinds["escalating"]) - len(kinds["de-escalating"])
        previous = nets[-BASELINE_WEEKS:]
        change = net - sum(previous) / len(previous) if previous else None
        year, number = week_of(monday)
        weeks.append(
            Week(year, number, kinds["escalating"], kinds["steady"], kinds["de-escalating"], change)
        )
        nets.append(net)
        monday += dt.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: Indicator
    first_observed: dt.date | None
    entries: tuple[Entry, ...]  # oldest first


def indicator_status(thread: Thread, entries: Sequence[Entry]) -> list[IndicatorStatus]:
    """Each indicator the thread watches, observed or not, with the entries that showed it."""
    statuses = []
    for indicator in thread.indicators:
        seen = sorted(
            (e for e in entries if indicator.id in e.indicator_ids), key=lambda e: e.sort_key
        )
        statuses.append(IndicatorStatus(indicator, seen[0].day if seen else None, tuple(seen)))
    return statuses


def latest_week_statements(entries: Sequence[Entry]) -> tuple[str, list[tuple[Statement, Entry]]]:
    """Who said what in the latest ISO week that has statements: (week key, statements)."""
    with_statements = [e for e in entries if e.statements]
    if not with_statements:
        return "", []
    newest = max(with_statements, key=lambda e: e.sort_key)
    year, number = week_of(newest.day)
    chosen = sorted(
        (e for e in with_statements if week_of(e.day) == (year, number)), key=lambda e: e.sort_key
    )
    return week_key(newest.day), [(s, e) for e in chosen for s in e.statements]


def snapshot_days(entries: Sequence[Entry]) -> list[dt.date]:
    """The last day (Sunday) of each ISO week that has entries, oldest first."""
    weeks = sorted({week_of(e.day) for e in entries})
    return [dt.date.fromisocalendar(year, number, 7) for year, number in weeks]


def by_speaker(statements: Sequence[Statement]) -> list[tuple[str, list[Statement]]]:
    """Statements grouped by actor, in order of first appearance: the columns side by side."""
    groups: dict[str, list[Statement]] = {}
    for statement in statements:
        groups.setdefault(statement.actor_id, []).append(statement)
    return list(groups.items())
