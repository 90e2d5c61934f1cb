"""One assessment per thread and week, the week pages, the home page's "this week", speakers
as actors, and pages that stay small however long a thread runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.engine.store import load_site
from briefing.site.assessment import thread_assessments
from briefing.site.views import week_label
from tests.conftest import THREAD, MakeContent, build_site, entry
from tests.support.long_thread import long_thread_files

EDITOR = THREAD.format(title="Talks").replace(
    "started: 2022-01-01\n",
    "started: 2022-01-01\nassessments:\n  - week: 2022-W03\n    direction: escalating\n"
    "    reason: Troops moved closer while the talks went on\n",
)


def dated(title: str, day: str, extra: str = "", thread: str = "talks", actors: str = "") -> str:
    return entry(title, date=day, thread=thread, actors=actors or "[vladimir-putin]", extra=extra)


FILES: dict[str, str | bytes | None] = {
    "entries/2022/2022-01-28-call.md": None,
    "entries/2022/2022-01-26-replies.md": None,
    "threads/talks.md": EDITOR,
    "threads/buildup.md": THREAD.format(title="Build-up").replace("active", "watch"),
    "threads/old.md": THREAD.format(title="Old crisis").replace("active", "resolved"),
    # 2022-W03: one de-escalating entry, but the editor says escalating
    "entries/2022/2022-01-18-j.md": dated("J", "2022-01-18", "trend: de-escalating\n"),
    # 2022-W04 in talks: 2 escalating, 1 de-escalating, 1 steady, 3 without a trend
    "entries/2022/2022-01-24-a.md": dated("A", "2022-01-24", "trend: escalating\n"),
    "entries/2022/2022-01-25-b.md": dated(
        "B",
        "2022-01-25",
        "trend: escalating\nstatements:\n  - by: Macron\n    kind: quote\n    text: We talk\n",
    ),
    "entries/2022/2022-01-26-c.md": dated("C", "2022-01-26", "trend: de-escalating\n"),
    "entries/2022/2022-01-27-d.md": dated("D", "2022-01-27"),
    "entries/2022/2022-01-28-e.md": dated("E", "2022-01-28", "trend: steady\n"),
    "entries/2022/2022-01-29-f.md": dated("F", "2022-01-29"),
    "entries/2022/2022-01-30-g.md": dated("G", "2022-01-30"),
    "entries/2022/2022-01-27-h.md": dated("H", "2022-01-27", "trend: steady\n", "buildup"),
    "entries/2022/2022-01-28-i.md": dated("I", "2022-01-28", "trend: escalating\n", "old"),
}


@pytest.fixture
def built(make_content: MakeContent, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    result = build_site(make_content(FILES), out)
    assert result.returncode == 0, result.stderr
    return out


def card_urls(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="([^"]+)"', html)


def section(html: str, thread_id: str) -> str:
    found = re.search(rf'<section class="week-thread" id="{thread_id}".*?\n</section>', html, re.S)
    assert found, thread_id
    return found.group(0)


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("2022-W04", "Week 4, 24–30 Jan 2022"),
        ("2022-W05", "Week 5, 31 Jan–6 Feb 2022"),
        ("2021-W52", "Week 52, 27 Dec 2021–2 Jan 2022"),
        ("2020-W53", "Week 53, 28 Dec 2020–3 Jan 2021"),
    ],
)
def test_one_week_label_everywhere(key: str, label: str) -> None:
    assert week_label(key) == label


def test_assessment_is_computed_from_the_week_and_the_editors_wins(
    make_content: MakeContent,
) -> None:
    site, problems = load_site(make_content(FILES), include_drafts=False)
    assert site is not None, problems
    talks = [e for e in site.entries if "talks" in e.thread_ids]
    found = {a.week: a for a in thread_assessments(site.threads["talks"], talks)}
    w03, w04 = found["2022-W03"], found["2022-W04"]
    assert (w03.direction, w03.by_editor) == ("escalating", True)
    assert w03.reason == "Troops moved closer while the talks went on"
    assert (w04.direction, w04.by_editor, w04.entries) == ("escalating", False, 7)
    assert w04.reason == "Of 4 entries with a trend: 2 escalating, 1 steady and 1 de-escalating."


def test_assessment_shows_wherever_the_thread_state_does(built: Path) -> None:
    thread = (built / "threads/talks/index.html").read_text()
    start = thread.index('<header class="thread-header">')
    header = thread[start : thread.index("</header>", start)]
    assert "Latest trend" not in thread
    assert 'trend-escalating">escalating</span>' in header
    assert '<a href="/weeks/2022-W04/#talks">Week 4, 24–30 Jan 2022</a>' in header
    assert "from the week's entries" in header
    row = re.search(r'<tr id="w-2022-W03">(.*?)</tr>', thread, re.S)
    assert row and "(editor): Troops moved closer while the talks went on" in row.group(1)
    index = (built / "threads/index.html").read_text()
    assert "Build-up" in index and index.count('class="assessment ') == 3  # watch included
    kicker = (built / "2022/01/18/j/index.html").read_text()
    assert re.search(
        r'<a href="/weeks/2022-W03/#talks"><span data-pagefind-meta="assessment">'
        r"Week 3, 17–23 Jan 2022: escalating, the editor's assessment</span></a>",
        kicker,
    )
    assert 'data-pagefind-filter="assessment:escalating"' in kicker


def test_week_page_contents_and_order(built: Path) -> None:
    page = (built / "weeks/2022-W04/index.html").read_text()
    order = re.findall(r'<section class="week-thread" id="([^"]+)"', page)
    assert order == ["talks", "buildup", "old"]  # busiest first, then by title
    talks = section(page, "talks")
    # moved the trend and carried a statement, then moved it (newest first), then the newest
    assert card_urls(talks) == [
        "/2022/01/25/b/",
        "/2022/01/26/c/",
        "/2022/01/24/a/",
        "/2022/01/30/g/",
        "/2022/01/29/f/",
    ]
    details = re.search(r"<details.*?</details>", talks, re.S)
    assert details and "All 7 entries of the week" in details.group(0)
    assert details.group(0).count("<li>") == 7
    assert 'rel="prev" href="/weeks/2022-W03/"' in page and 'rel="next"' not in page
    assert 'href="/threads/talks/as-of/2022-01-30/"' in talks
    earlier = (built / "weeks/2022-W03/index.html").read_text()
    assert 'rel="next" href="/weeks/2022-W04/"' in earlier
    assert '<span class="assessment-source">editor\'s assessment</span>' in earlier
    sitemap = (built / "sitemap.xml").read_text()
    assert "https://example.org/weeks/2022-W04/" in sitemap and "/weeks/</loc>" in sitemap
    feed = (built / "weeks/feed.xml").read_text()
    assert feed.index("Week 4, 24–30 Jan 2022") < feed.index("Week 3, 17–23 Jan 2022")


def test_home_page_answers_this_week(built: Path) -> None:
    home = (built / "index.html").read_text()
    assert re.findall(r'<section class="week-thread" id="([^"]+)"', home) == ["talks", "buildup"]
    assert "Old crisis" not in home  # resolved
    assert "Newest entries" not in home
    cards = card_urls(home)
    assert len(cards) == len(set(cards)) == 6  # five key entries of talks, one of build-up
    assert 'href="/weeks/2022-W03/"' in home  # earlier weeks one click away
    assert '<a href="/weeks/2022-W04/#buildup">Week 4, 24–30 Jan 2022</a>' in home


def test_a_speaker_counts_as_one_of_the_entrys_actors(built: Path) -> None:
    macron = (built / "actors/emmanuel-macron/index.html").read_text()
    assert card_urls(macron) == ["/2022/01/25/b/"]
    assert "<q>We talk</q>" in macron
    page = (built / "2022/01/25/b/index.html").read_text()
    assert 'data-pagefind-filter="actor">Emmanuel Macron</a>' in page
    putin = (built / "actors/vladimir-putin/index.html").read_text()
    with_h = putin[putin.index('id="with-actors-h"') :]
    assert (
        'href="/actors/emmanuel-macron/">Emmanuel Macron</a> <span class="meta">1</span>'
        in (with_h[: with_h.index("</section>")])
    )


BAD_ASSESSMENTS = THREAD.format(title="Talks").replace(
    "started: 2022-01-01\n",
    "started: 2022-01-01\nassessments:\n"
    "  - week: 2022-W04\n    direction: steady\n    reason: Fine\n"
    "  - week: 2022-W03\n    direction: escalatin\n    reason: A typo\n"
    "  - week: 2022-W4\n    direction: steady\n    reason: Not a week\n"
    "  - week: 2021-W40\n    direction: steady\n    reason: Before the start\n"
    "  - week: 2022-W04\n    direction: escalating\n    reason: Twice\n",
)


def test_editor_assessments_are_validated(make_content: MakeContent, tmp_path: Path) -> None:
    result = build_site(make_content({"threads/talks.md": BAD_ASSESSMENTS}), tmp_path / "a")
    shown = "content/threads/talks.md"
    assert result.returncode == 1
    assert (
        f"{shown}:11: assessments[2].direction: 'escalatin' is not one of escalating, steady, "
        "de-escalating (did you mean 'escalating'?)"
    ) in result.stderr
    assert (
        f"{shown}:13: assessments[3].week: '2022-W4' is not an ISO week; write it like 2022-W04"
    ) in result.stderr
    assert (
        f"{shown}:16: assessments[4].week: 2021-W40 ends before the thread started (2022-01-01)"
    ) in result.stderr
    assert f"{shown}:19: assessments[5].week: 2022-W04 is assessed twice; keep one" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_an_editors_week_outside_the_thread_span_is_an_error(
    make_content: MakeContent, tmp_path: Path
) -> None:
    late = THREAD.format(title="Talks").replace(
        "started: 2022-01-01\n",
        "started: 2022-01-01\nassessments:\n"
        "  - week: 2022-W20\n    direction: steady\n    reason: Too late\n",
    )
    result = build_site(make_content({"threads/talks.md": late}), tmp_path / "b")
    assert result.returncode == 1
    assert (
        "content/threads/talks.md:7: assessments: week 2022-W20 is outside the thread's span "
        "(2022-01-01 to 2022-01-28)"
    ) in result.stderr
    assert not (tmp_path / "b").exists()


def test_pages_stay_small_however_long_the_thread_runs(
    make_content: MakeContent, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_site(make_content(long_thread_files(weeks=260, per_week=3), base=False), out)
    assert result.returncode == 0, result.stderr
    sizes = {p: p.stat().st_size for p in out.rglob("*.html")}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= 150_000, (largest, sizes[largest])
    thread = (out / "threads/long/index.html").read_text()
    assert thread.count('<tr id="w-') == 10  # the latest weeks; the chart has them all
    assert 'width="2080"' in thread and thread.count('<a href="/weeks/') >= 260
    snapshots = sorted((out / "threads/long/as-of").iterdir())
    assert len(snapshots) == 260
    last = (snapshots[-1] / "index.html").read_text()
    assert last.count('<tr id="w-') == 10
    indicator = re.search(r"Talks resume · first on .*?</li>", thread, re.S)
    assert indicator and indicator.group(0).count('href="/20') == 3
    assert 'href="/search/?indicator=Talks+resume">all ' in indicator.group(0)
    week = (out / "weeks/2024-W52/index.html").read_text()
    assert len(card_urls(week)) == 3


def test_a_rebuild_updates_the_kickers_of_the_whole_week(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """An entry's kicker shows its week's assessment: a trend changed on one entry reaches
    the pages of the other entries of that week, however far they are from it in the list."""
    content = make_content(FILES)
    out, cache = tmp_path / "site", tmp_path / "cache"
    args = ("--cache", str(cache))
    assert build_site(content, out, *args).returncode == 0
    kicker = re.compile(r'data-pagefind-meta="assessment">Week 4, 24–30 Jan 2022: ([a-z-]+)<')
    page = out / "2022/01/30/g/index.html"
    found = kicker.search(page.read_text())
    assert found and found.group(1) == "escalating"
    (content / "entries/2022/2022-01-24-a.md").write_text(
        dated("A", "2022-01-24", "trend: de-escalating\n")
    )
    assert build_site(content, out, *args).returncode == 0
    found = kicker.search(page.read_text())
    assert found and found.group(1) == "de-escalating"  # 1 up and 2 down now
    week = (out / "weeks/2022-W04/index.html").read_text()
    assert "Of 4 entries with a trend: 1 escalating, 1 steady and 2 de-escalating." in week
