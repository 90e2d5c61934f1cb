"""The masthead's edition: the ISO week of the newest entry, on every page, kept current by
incremental builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.site.views import week_label
from tests.conftest import MakeContent, entry
from tests.core.test_build import tree_digest
from tests.core.test_cache import build, corpus, fresh_build

LABELS = [
    ((2022, 4), "Week 4, 24–30 Jan 2022"),  # within a month
    ((2022, 5), "Week 5, 31 Jan–6 Feb 2022"),  # across a month
    ((2021, 52), "Week 52, 27 Dec 2021–2 Jan 2022"),  # across a calendar year
    ((2020, 53), "Week 53, 28 Dec 2020–3 Jan 2021"),  # an ISO year's 53rd week
    ((2021, 1), "Week 1, 4–10 Jan 2021"),  # an ISO year that starts after 1 January
]


@pytest.mark.parametrize(("week", "label"), LABELS)
def test_week_label(week: tuple[int, int], label: str) -> None:
    assert week_label(f"{week[0]}-W{week[1]:02d}") == label


EDITION = re.compile(r'<p class="edition">.*?<time datetime="([^"]+)">([^<]+)</time>')


def editions(out: Path) -> set[tuple[str, str]]:
    """Every edition the site's HTML pages name in their masthead."""
    found = set()
    for page in out.rglob("*.html"):
        match = EDITION.search(page.read_text(encoding="utf-8"))
        if match:
            found.add((match.group(1), match.group(2)))
    return found


def test_every_page_names_the_week_of_the_newest_entry(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Not the week of the build: the newest entry, whatever order the files come in."""
    content = make_content(
        {
            "entries/2022/2022-01-05-old.md": entry("Old", date="2022-01-05"),
            "entries/2022/2022-02-08-newest.md": entry("Newest", date="2022-02-08"),
            "entries/2022/2022-01-28-middle.md": entry("Middle", date="2022-01-28"),
        }
    )
    out = tmp_path / "site"
    build(content, out, None)
    assert editions(out) == {("2022-W06", "Week 6, 7–13 Feb 2022")}
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('class="edition"') == 1


def test_a_new_week_reaches_the_masthead_of_every_page_on_a_cached_build(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """An entry in a later week changes every page's masthead, also the pages the cache
    would otherwise reuse; the result equals a build from nothing."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build(content, out, cache)
    before = editions(out)
    assert len(before) == 1
    later = content / "entries/2022/2022-05-10-later.md"
    later.write_text(entry("Later", date="2022-05-10", thread="talks"), encoding="utf-8")
    build(content, out, cache)
    assert editions(out) == {("2022-W19", "Week 19, 9–15 May 2022")}
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
