"""The analysis layer: ledger counts and arrows, indicators, statements, as-of snapshots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from briefing.engine.store import load_site
from briefing.site.analysis import ledger, snapshot_days
from tests.conftest import THREAD, MakeContent, build_site, entry

WATCHED = THREAD.format(title="Talks").replace(
    "started: 2022-01-01\n",
    "started: 2022-01-01\nindicators:\n  - id: troops-stay\n    text: Troops stay after the drills\n"
    "  - id: talks-resume\n    text: Talks resume\n",
)


def trend_entry(day: str, trend: str, extra: str = "") -> str:
    return entry(
        f"{trend.title()} on {day}",
        date=day,
        extra=f"trend: {trend}\ntrend_reason: Because of {day}\n{extra}",
    )


FILES: dict[str, str | bytes | None] = {
    "threads/talks.md": WATCHED,
    "entries/2022/2022-01-28-call.md": None,
    "entries/2022/2022-01-26-replies.md": None,
    # ISO week 2022-W03 (17-23 Jan): two escalating, one de-escalating -> net up
    "entries/2022/2022-01-17-a.md": trend_entry("2022-01-17", "escalating"),
    "entries/2022/2022-01-18-b.md": trend_entry(
        "2022-01-18", "escalating", "indicators: [troops-stay]\n"
    ),
    "entries/2022/2022-01-19-c.md": trend_entry("2022-01-19", "de-escalating"),
    # 2022-W04: one steady -> flat; W05 empty; W06: de-escalating -> down
    "entries/2022/2022-01-25-d.md": trend_entry(
        "2022-01-25", "steady", "indicators: [troops-stay]\n"
    ),
    "entries/2022/2022-02-08-e.md": trend_entry(
        "2022-02-08",
        "de-escalating",
        "statements:\n  - by: Putin\n    kind: quote\n    text: We will study it\n"
        "  - by: macron\n    kind: paraphrase\n    text: France wants more talks\n"
        "  - by: Vladimir Putin\n    kind: paraphrase\n    text: Russia keeps its demands\n",
    ),
}


def test_ledger_counts_arrows_and_change(make_content: MakeContent) -> None:
    site, problems = load_site(make_content(FILES), include_drafts=False)
    assert site is not None, problems
    weeks = ledger(site.entries)
    assert [w.key for w in weeks] == ["2022-W03", "2022-W04", "2022-W05", "2022-W06"]
    assert [(len(w.escalating), len(w.steady), len(w.de_escalating)) for w in weeks] == [
        (2, 0, 1),
        (0, 1, 0),
        (0, 0, 0),
        (0, 0, 1),
    ]
    assert [w.direction for w in weeks] == ["up", "flat", "none", "down"]
    assert weeks[0].change is None
    assert weeks[1].change == -1.0  # 0 against the mean of [1]
    assert weeks[3].change == -1 - (1 + 0 + 0) / 3
    assert [e.slug for e in weeks[0].movers] == ["a", "b", "c"]  # the steady ones do not move it
    assert snapshot_days(site.entries) == [
        dt.date(2022, 1, 23),
        dt.date(2022, 1, 30),
        dt.date(2022, 2, 13),
    ]


def test_thread_page_shows_ledger_indicators_and_statements(
    make_content: MakeContent, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_site(make_content(FILES), out)
    assert result.returncode == 0, result.stderr
    page = (out / "threads/talks/index.html").read_text()
    # each column of the chart, and each week of the table, leads to the thread's section of
    # that week's page
    assert "<svg" in page and 'href="/weeks/2022-W03/#talks"' in page
    row = re.search(r'<tr id="w-2022-W03">(.*?)</tr>', page, re.S)
    assert (
        row
        and "Because of 2022-01-17" in row.group(1)
        and "Because of 2022-01-25" not in row.group(1)
    )
    assert re.search(
        r"Observed</span> Troops stay after the drills · first on <time datetime=\"2022-01-18\">"
        r"18 January 2022</time>, 2 entries; latest: <a href=\"/2022/01/25/d/\">",
        page,
    )
    assert "Not observed</span> Talks resume" in page
    assert "Who said what, Week 6, 7–13 Feb 2022" in page
    entry_page = (out / "2022/02/08/e/index.html").read_text()
    speakers = re.findall(r'<figure class="speaker">\s*<figcaption><a href="([^"]+)"', entry_page)
    assert speakers == [
        "/actors/vladimir-putin/",
        "/actors/emmanuel-macron/",
    ]  # Putin's two side by side with Macron's
    actor = (out / "actors/vladimir-putin/index.html").read_text()
    said = re.search(r'<ul class="statements">(.*?)</ul>', actor, re.S)
    assert said is not None
    # Only Putin's own statements, in the order the entry gives them, quotes marked up as such.
    assert re.findall(r'<li class="statement statement-(\w+)">(.*?) <span', said.group(1)) == [
        ("quote", "<q>We will study it</q>"),
        ("paraphrase", "(paraphrased) Russia keeps its demands"),
    ]


def test_as_of_pages_show_nothing_later(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(make_content(FILES), out).returncode == 0
    snapshot = (out / "threads/talks/as-of/2022-01-23/index.html").read_text()
    for later in ("2022/01/25/d", "2022/02/08/e", "Because of 2022-01-25", "2022-W04", "2022-W06"):
        assert later not in snapshot, later
    assert "2022/01/17/a" in snapshot and "as of 23 January 2022" in snapshot
    assert (
        'href="/threads/talks/as-of/2022-02-13/"' in (out / "threads/talks/index.html").read_text()
    )
    assert not (out / "threads/talks/as-of/2022-02-06").exists()  # a week without entries


def test_analysis_fields_are_validated(make_content: MakeContent, tmp_path: Path) -> None:
    bad = {
        "threads/talks.md": WATCHED,
        "entries/2022/2022-01-28-call.md": entry(
            extra=(
                "trend_reason: no trend given\nindicators: [troops-stya]\n"
                "statements:\n  - by: nobody\n    kind: quote\n    text: x\n  - by: putin\n    kind: rumour\n    text: y\n"
            )
        ),
    }
    result = build_site(make_content(bad), tmp_path / "site")
    shown = "content/entries/2022/2022-01-28-call.md"
    assert result.returncode == 1
    assert f"{shown}:11: trend_reason: give the trend it explains" in result.stderr
    assert (
        f"{shown}:12: indicators: 'troops-stya' is not an indicator of talks (did you mean 'troops-stay'?)"
        in result.stderr
    )
    assert f"{shown}:14: statements: unknown actor 'nobody'" in result.stderr
    assert (
        f"{shown}:18: statements[2].kind: 'rumour' is not one of quote, paraphrase" in result.stderr
    )
