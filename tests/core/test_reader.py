"""The reader's pages: corrections, related entries, thread overview, JSON Feed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from briefing.engine.store import load_site
from briefing.site.indexes import index
from briefing.site.insights import related
from briefing.site.pages import lists_of
from tests.conftest import MakeContent, build_site, entry

CORRECTED = entry(
    "Corrected entry",
    date="2022-01-27",
    extra=(
        "corrections:\n  - date: 2022-02-01\n    text: An earlier version gave the wrong date.\n"
        "  - date: 2022-02-03\n    text: The troop figure was corrected.\n"
    ),
)


def built(make_content: MakeContent, tmp_path: Path, files: dict[str, str | bytes | None]) -> Path:
    out = tmp_path / "site"
    result = build_site(make_content(files), out)
    assert result.returncode == 0, result.stderr
    return out


def test_corrections_show_newest_first_and_are_collected(
    make_content: MakeContent, tmp_path: Path
) -> None:
    out = built(make_content, tmp_path, {"entries/2022/2022-01-27-fix.md": CORRECTED})
    page = (out / "2022/01/27/fix/index.html").read_text()
    assert page.index("The troop figure") < page.index("An earlier version")
    listing = (out / "corrections/index.html").read_text()
    assert (
        "The troop figure was corrected." in listing
        and 'href="/2022/01/27/fix/#corrections"' in listing
    )
    feed = (out / "corrections/feed.xml").read_text()
    assert feed.count("<entry>") == 2 and "#correction-2022-02-03" in feed


def test_bad_correction_is_reported_with_its_line(
    make_content: MakeContent, tmp_path: Path
) -> None:
    bad = entry(extra="corrections:\n  - date: 2022-02-30\n    text: x\n  - text: no date\n")
    result = build_site(make_content({"entries/2022/2022-01-28-call.md": bad}), tmp_path / "site")
    assert result.returncode == 1
    shown = "content/entries/2022/2022-01-28-call.md"
    assert (
        f"{shown}:12: corrections[1].date: '2022-02-30' is not a real calendar date"
        in result.stderr
    )
    assert f"{shown}:14: corrections[2].date: required" in result.stderr


def test_related_entries_prefer_shared_actors(make_content: MakeContent, tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "entries/2022/2022-01-10-a.md": entry("Alpha", date="2022-01-10", actors="[macron, putin]"),
        "entries/2022/2022-01-11-b.md": entry("Bravo", date="2022-01-11", actors="[macron, putin]"),
        "entries/2022/2022-01-12-c.md": entry(
            "Charlie",
            date="2022-01-12",
            thread="buildup",
            actors="[nato]",
            topics="[security-guarantees]",
        ),
    }
    out = built(make_content, tmp_path, files)
    page = (out / "2022/01/10/a/index.html").read_text()
    section = re.search(r'<section class="related".*?</section>', page, re.S)
    assert section is not None
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', section.group(0))
    # Bravo and the call share Alpha's thread, both actors and the topic (Bravo is a day
    # nearer); the replies share only the thread and the topic; Charlie shares nothing.
    assert titles == ["Bravo", "Putin calls Macron", "Written replies"]


def test_related_entries_count_what_they_share_however_far_along_its_list(
    make_content: MakeContent,
) -> None:
    """Late shares Early's thread and actor; six NATO entries between them keep Late out of
    Early's neighbourhood on the actor's list, and the actor still counts."""
    files: dict[str, str | bytes | None] = {
        "entries/2022/2022-02-01-early.md": entry("Early", date="2022-02-01", actors="[nato]"),
        "entries/2022/2022-02-20-late.md": entry("Late", date="2022-02-20", actors="[nato]"),
        "entries/2022/2022-02-02-next.md": entry("Next", date="2022-02-02", actors="[macron]"),
    }
    for day in range(10, 16):
        files[f"entries/2022/2022-02-{day}-n.md"] = entry(
            f"Between {day}", date=f"2022-02-{day}", thread="buildup", actors="[nato]"
        )
    site, problems = load_site(make_content(files), include_drafts=False)
    assert site is not None, problems
    ix = index(site)
    early = ix.by_url["2022/02/01/early/"]
    titles = [e.title for e in related(early, lists_of(ix, early), ix.positions)]
    # thread, actor and topic, nearest first; then thread and topic; then the rest
    assert titles == ["Written replies", "Late", "Next", "Putin calls Macron", "Between 10"]


def test_thread_page_overview(make_content: MakeContent, tmp_path: Path) -> None:
    out = built(make_content, tmp_path, {})
    page = (out / "threads/talks/index.html").read_text()
    assert "Key actors" in page and "Vladimir Putin" in page
    assert "Sources cited" in page and "The Moscow Times" in page
    assert 'href="/threads/talks/#m-2022-01"' in page  # the month index
    assert '<input type="hidden" name="thread" value="Talks">' in page


def test_json_feed(make_content: MakeContent, tmp_path: Path) -> None:
    out = built(make_content, tmp_path, {})
    feed = json.loads((out / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.org/feed.json"
    assert [item["title"] for item in feed["items"]] == ["Putin calls Macron", "Written replies"]
    assert all(item["url"].startswith("https://example.org/") for item in feed["items"])
