"""The week as the reader's unit: one page per ISO week across every thread, their index,
and the "this week" the home page opens with (pure: model in, pages out)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.model import Entry, Site, Thread
from briefing.site.assessment import Assessment, current, week_assessment, week_end, week_path
from briefing.site.cards import Cards, Link
from briefing.site.indexes import Indexes
from briefing.site.threadview import snapshot_path
from briefing.site.views import Page, week_label

KEY_ENTRIES = 5  # entries a thread shows in full per week; "all N" lists every one
STATUS_ORDER = {"active": 0, "watch": 1, "resolved": 2}


@dataclass(frozen=True)
class ObservedIndicator:
    text: str
    entries: tuple[Link, ...]  # the entries of the week that observed it


@dataclass(frozen=True)
class ThreadWeek:
    """One thread in one week: where it stood, and the entries that say why."""

    thread: Link
    anchor: str  # the thread's id: the section's id on the week page
    status: str
    assessment: Assessment
    key: Cards  # the entries that matter most, first
    every: Cards  # all the thread's entries of the week, newest first
    indicators: tuple[ObservedIndicator, ...]
    also: tuple[Link, ...] = ()  # entries that matter here too, shown in full above
    snapshot: str = ""  # the thread as it stood at the end of the week


def weight(entry: Entry) -> int:
    """How much an entry tells about its week: it moved the trend, carried statements,
    observed an indicator (one point each)."""
    moved = entry.trend in ("escalating", "de-escalating")
    return moved + bool(entry.statements) + bool(entry.indicator_ids)


def key_entries(members: Sequence[Entry], limit: int = KEY_ENTRIES) -> list[Entry]:
    """The week's entries that matter most first, newest first among equals (members are
    newest first, and the sort is stable)."""
    return sorted(members, key=lambda e: -weight(e))[:limit]


def thread_week(
    site: Site, ix: Indexes, thread: Thread, key: str, shown: frozenset[str] = frozenset()
) -> ThreadWeek:
    """`shown`: URLs of entries shown in full above, under another thread: not repeated."""
    members = [e for e in ix.weeks.get(key, ()) if thread.id in e.thread_ids]
    also = tuple(Link(e.title, e.url) for e in key_entries(members) if e.url in shown)
    observed = []
    for indicator in thread.indicators:
        seen = [e for e in members if indicator.id in e.indicator_ids]
        if seen:
            links = tuple(Link(e.title, e.url) for e in seen)
            observed.append(ObservedIndicator(indicator.text, links))
    return ThreadWeek(
        Link(thread.title, f"threads/{thread.id}/", len(members)),
        thread.id,
        thread.status,
        week_assessment(thread, key, members),
        Cards(key_entries([e for e in members if e.url not in shown]), ix.cards),
        Cards(members, ix.cards),
        tuple(observed),
        also,
        snapshot_path(thread, week_end(key)) if members and site.config.snapshots else "",
    )


def without_repeats(
    site: Site, ix: Indexes, sections: Sequence[tuple[Thread, str]]
) -> list[ThreadWeek]:
    """The sections of these threads in these weeks, in order, each showing in full only
    entries no earlier one did."""
    shown: set[str] = set()
    result = []
    for thread, week in sections:
        section = thread_week(site, ix, thread, week, frozenset(shown))
        shown.update(entry.url for entry in section.key.entries)
        result.append(section)
    return result


def week_keys(ix: Indexes) -> list[str]:
    """Every week with entries, oldest first ("2021-W52" sorts before "2022-W01")."""
    return sorted(ix.weeks)


def week_page(site: Site, ix: Indexes, key: str) -> Page:
    """Every thread with entries (or an editor's assessment) that week, busiest first."""
    keys = week_keys(ix)
    at = keys.index(key)
    # Busiest first: counted here rather than by making each section twice (without_repeats
    # makes them).
    counts = Counter(t for e in ix.weeks[key] for t in dict.fromkeys(e.thread_ids))
    threads = [
        t
        for t in site.threads.values()
        if counts[t.id] or any(a.week == key for a in t.assessments)
    ]
    threads.sort(key=lambda t: (-counts[t.id], t.title))
    sections = without_repeats(site, ix, [(t, key) for t in threads])
    label = week_label(key)
    context = {
        "week": key,
        "sections": sections,
        "previous": week_path(keys[at - 1]) if at > 0 else None,
        "previous_key": keys[at - 1] if at > 0 else "",
        "next": week_path(keys[at + 1]) if at + 1 < len(keys) else None,
        "next_key": keys[at + 1] if at + 1 < len(keys) else "",
        "count": len(ix.weeks[key]),
    }
    description = (
        f"{label}: where the thread stood, and why."
        if len(sections) == 1
        else f"{label}: where each of {len(sections)} threads stood, and why."
    )
    return Page(
        week_path(key),
        "week.html",
        context,
        label,
        description,
        lastmod=ix.weeks[key][0].day,
        kind="week",
        feeds=(Link("Weekly briefings", "weeks/feed.xml"),),
    )


def weeks_index(site: Site, ix: Indexes) -> Page:
    """Every week with entries, newest first, by year."""
    years: dict[int, list[Link]] = {}
    for key in reversed(week_keys(ix)):
        years.setdefault(int(key[:4]), []).append(Link(key, week_path(key), len(ix.weeks[key])))
    return Page(
        "weeks/",
        "weeks.html",
        {"years": list(years.items())},
        "Weekly briefings",
        f"Every week of {site.config.title}, with where each thread stood.",
        kind="weeks",
        feeds=(Link("Weekly briefings", "weeks/feed.xml"),),
    )


def this_week(site: Site, ix: Indexes) -> tuple[str, list[ThreadWeek]]:
    """The latest week, and every active and watch thread as it stood then: in that week if it
    had entries, else in its own latest assessed week (the section says which)."""
    latest = max(ix.weeks) if ix.weeks else ""
    shown = []
    for thread in site.threads.values():
        if thread.status == "resolved":
            continue
        last = current(thread, ix.threads[thread.id])
        if last is not None and last.week < latest:
            shown.append(thread_week(site, ix, thread, last.week))
        elif latest:
            shown.append(thread_week(site, ix, thread, latest))
    shown.sort(
        key=lambda s: (
            STATUS_ORDER[s.status],
            s.assessment.week != latest,
            -s.thread.count,
            s.thread.title,
        )
    )
    return latest, without_repeats(
        site, ix, [(site.threads[s.anchor], s.assessment.week) for s in shown]
    )
