"""The shortcuts the thread pages take give what working it out from scratch gives: a
snapshot's standing, a prefix of the ledger chart, a thread's current assessment."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from briefing.engine.store import load_site
from briefing.model import EditorAssessment, Entry, Site, Thread
from briefing.render.ledger_svg import ledger_charts
from briefing.site.analysis import Week, ledger, snapshot_days, week_key, week_monday, week_of
from briefing.site.assessment import (
    Assessment,
    assess,
    current,
    thread_assessments,
    week_assessment,
)
from briefing.site.history import standing, standings
from tests.support.corpus import CorpusShape, write_corpus


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    content = write_corpus(tmp_path_factory.mktemp("corpus") / "content", CorpusShape(entries=120))
    loaded, problems = load_site(content, include_drafts=False)
    assert loaded is not None and problems == [], problems
    return loaded


def _threads(site: Site) -> list[tuple[Thread, list[Entry]]]:
    return [
        (thread, [e for e in site.entries if thread.id in e.thread_ids])
        for thread in site.threads.values()
    ]


def _from_scratch(thread: Thread, entries: list[Entry], day: dt.date) -> object:
    return standing(thread, [e for e in entries if e.day <= day])


def test_each_snapshot_stands_as_its_entries_alone_say(site: Site) -> None:
    for thread, entries in _threads(site):
        days = snapshot_days(entries)
        assert list(standings(thread, entries, days)) == [
            _from_scratch(thread, entries, day) for day in days
        ]


def test_an_offset_that_takes_an_entry_past_another_day_is_still_placed_right(
    site: Site,
) -> None:
    thread, entries = max(_threads(site), key=lambda pair: len(pair[1]))
    # The oldest entry's instant moves past the next entry's day: by instant it is no longer
    # the oldest, by day it still is.
    oldest = entries[-1]
    later = dt.datetime.combine(entries[-2].day, dt.time(12), dt.UTC) + dt.timedelta(days=1)
    moved = dataclasses.replace(oldest, instant=later)
    shuffled = sorted([*entries[:-1], moved], key=lambda e: e.instant, reverse=True)
    days = snapshot_days(shuffled)
    assert list(standings(thread, shuffled, days)) == [
        _from_scratch(thread, shuffled, day) for day in days
    ]


def test_a_prefix_of_the_chart_is_the_chart_of_the_prefix(site: Site) -> None:
    for _, entries in _threads(site):
        weeks = ledger(entries)
        editor = {weeks[len(weeks) // 2].key: "steady"}  # names its column, whatever the bars
        chart = ledger_charts(weeks, lambda key: f"/weeks/{key}/", "ledger-h", editor)
        for count in range(len(weeks) + 1):
            alone = ledger_charts(weeks[:count], lambda key: f"/weeks/{key}/", "ledger-h", editor)
            assert chart(count) == alone(count)


def test_the_current_assessment_is_the_last_of_every_week(site: Site) -> None:
    for thread, entries in _threads(site):
        last_week = thread_assessments(thread, entries)[-1].week
        later = f"{int(last_week[:4]) + 1}-W02"
        variants = [
            thread,
            dataclasses.replace(thread, assessments=()),
            # an editor's week after the last entry, and one of the last entry's own week
            dataclasses.replace(
                thread,
                assessments=(
                    EditorAssessment(later, "steady", "Quiet.", 1),
                    EditorAssessment(last_week, "escalating", "Loud.", 2),
                ),
            ),
        ]
        for variant in variants:
            for shown in (entries, entries[len(entries) // 2 :], []):
                found = thread_assessments(variant, shown)
                assert current(variant, shown) == (found[-1] if found else None)


def test_the_corpus_has_what_these_tests_compare(site: Site) -> None:
    entries = site.entries
    assert any(e.statements for e in entries) and any(e.indicator_ids for e in entries)
    assert any(len(ledger(entries)) > 20 for _, entries in _threads(site))


def _week_from_ledger(thread: Thread, key: str, members: list[Entry]) -> Assessment:
    """week_assessment as it was first written: the first week of the ledger, if it is key."""
    mine = [e for e in members if thread.id in e.thread_ids]
    found = ledger(mine)
    if not found or found[0].key != key:
        found = [Week(*week_of(week_monday(key)), (), (), (), None)]
    return assess(thread, found[0], len(mine))


def test_a_week_is_assessed_as_the_ledger_of_its_entries_says(site: Site) -> None:
    keys = sorted({week_key(e.day) for e in site.entries})
    for thread in site.threads.values():
        for at, key in enumerate(keys):
            members = [e for e in site.entries if week_key(e.day) == key]
            # and with the next week's entries too, which the first week decides alone
            later = [e for e in site.entries if week_key(e.day) in keys[at : at + 2]]
            for shown in (members, later, []):
                assert week_assessment(thread, key, shown) == _week_from_ledger(thread, key, shown)
