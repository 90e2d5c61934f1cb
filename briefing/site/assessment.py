"""One assessment per thread per ISO week: the editor's when given, else worked out from the
week's entries as the ledger does (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.errors import SourceError
from briefing.model import TRENDS, Entry, Site, Thread
from briefing.render.words import counted
from briefing.site.analysis import Week, ledger, week_key, week_monday, week_of

# The ledger's net direction, in the words entries and editors use for a trend.
DIRECTIONS = {"up": "escalating", "down": "de-escalating", "flat": "steady", "none": "none"}


@dataclass(frozen=True)
class Assessment:
    """Where a thread stood in one ISO week, and why."""

    thread_id: str
    week: str  # e.g. "2022-W04"
    direction: str  # escalating, steady, de-escalating, or "none" (no entry gave a trend)
    reason: str
    by_editor: bool
    entries: int  # the thread's entries that week
    escalating: int = 0
    steady: int = 0
    de_escalating: int = 0

    @property
    def anchor(self) -> str:
        """The thread's section of the week page, e.g. "weeks/2022-W04/#ukraine"."""
        return f"{week_path(self.week)}#{self.thread_id}"


def week_path(key: str) -> str:
    return f"weeks/{key}/"


def week_end(key: str) -> dt.date:
    """The Sunday that ends an ISO week: the day of the thread's snapshot for it."""
    return week_monday(key) + dt.timedelta(days=6)


def computed_reason(escalating: int, steady: int, de_escalating: int) -> str:
    """The counts behind a computed direction, as a reader would say them."""
    total = escalating + steady + de_escalating
    if not total:
        return "No entry this week gave a trend."
    parts = [
        f"{n} {word}"
        for n, word in (
            (escalating, "escalating"),
            (steady, "steady"),
            (de_escalating, "de-escalating"),
        )
        if n
    ]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of {counted(total, 'entry')} with a trend: {said}."


def assess(thread: Thread, week: Week, entries: int) -> Assessment:
    """The week's assessment: the editor's, if the thread file gives one, wins."""
    key = week.key
    counts = (len(week.escalating), len(week.steady), len(week.de_escalating))
    editor = next((a for a in thread.assessments if a.week == key), None)
    if editor is not None:
        return Assessment(thread.id, key, editor.direction, editor.reason, True, entries, *counts)
    direction = DIRECTIONS[week.direction]
    return Assessment(thread.id, key, direction, computed_reason(*counts), False, entries, *counts)


def thread_assessments(thread: Thread, entries: Sequence[Entry]) -> list[Assessment]:
    """Every week from the thread's first entry to its last, oldest first; a week the editor
    assessed outside that span (a quiet week, say) is included too."""
    weeks = ledger(entries)
    if thread.assessments:
        known = {w.key for w in weeks}
        weeks += [_empty(a.week) for a in thread.assessments if a.week not in known]
        weeks.sort(key=lambda w: (w.year, w.number))
    counts: dict[str, int] = {}
    for entry in entries:
        key = week_key(entry.day)
        counts[key] = counts.get(key, 0) + 1
    return [assess(thread, week, counts.get(week.key, 0)) for week in weeks]


def week_assessment(thread: Thread, key: str, members: Iterable[Entry]) -> Assessment:
    """One week's assessment from the thread's entries of that week alone: the first week
    of ledger(their entries) if it is that week, else an empty one. Counted here, as an
    entry page and each section of a week page asks for one."""
    mine = [e for e in members if thread.id in e.thread_ids]
    first = min((e.day for e in mine), default=None)
    if first is None or week_key(first) != key:
        return assess(thread, _empty(key), len(mine))
    number = week_of(first)
    shown = [e for e in mine if week_of(e.day) == number]
    escalating, steady, de_escalating = (
        tuple(e for e in shown if e.trend == trend) for trend in TRENDS
    )
    week = Week(*number, escalating, steady, de_escalating, None)
    return assess(thread, week, len(mine))


def current(thread: Thread, entries: Sequence[Entry]) -> Assessment | None:
    """The thread's latest assessment: its newest week with entries, or the editor's later one.

    thread_assessments(thread, entries)[-1], from the latest week's entries alone: the home
    page and the threads index ask it of every thread."""
    editor = max((week_of(week_monday(a.week)) for a in thread.assessments), default=None)
    last = week_of(max(e.day for e in entries)) if entries else None
    if editor is not None and (last is None or editor > last):
        return assess(thread, _empty(week_key(_monday(editor))), 0)
    if last is None:
        return None
    members = [e for e in entries if week_of(e.day) == last]
    return week_assessment(thread, week_key(members[0].day), members)


def span_errors(site: Site) -> list[SourceError]:
    """An editor's week must fall within the thread's span: from its start (or first entry) to
    its end (or last entry). Checked on the whole site, as only it knows every entry."""
    days_of: dict[str, list[dt.date]] = {}
    for entry in site.entries:
        for thread_id in entry.thread_ids:
            days_of.setdefault(thread_id, []).append(entry.day)
    errors = []
    for thread in site.threads.values():
        days = days_of.get(thread.id, [])
        first = thread.started or (min(days) if days else None)
        last = thread.ended or (max(days) if days else None)
        for given in thread.assessments:
            monday = week_monday(given.week)
            sunday = monday + dt.timedelta(days=6)
            if first is None or last is None:
                message = f"week {given.week}: the thread has no entries or dates to assess yet"
            elif sunday < first or monday > last:
                message = (
                    f"week {given.week} is outside the thread's span "
                    f"({first.isoformat()} to {last.isoformat()})"
                )
            else:
                continue
            errors.append(SourceError(thread.path, given.line, f"assessments: {message}"))
    return errors


def _monday(week: tuple[int, int]) -> dt.date:
    return dt.date.fromisocalendar(*week, 1)


def _empty(key: str) -> Week:
    return Week(*week_of(week_monday(key)), (), (), (), None)
