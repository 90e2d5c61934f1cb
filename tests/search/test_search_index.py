"""The search index without a browser: entry pages' Pagefind attributes, what was indexed,
Pagefind's quiet output, and a failed index leaving the previous site untouched."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing import cli
from briefing.output import search
from tests.search.sites import (
    BORDER,
    FIXTURE_FILES,
    GAS,
    VOLKOV,
    build,
    read_fragments,
    write_tree,
)
from tests.support.sites import BuiltSite

ENTRY_PAGE = re.compile(r"\d{4}/\d{2}/\d{2}/[^/]+/index\.html")
FACETS = ("thread", "actor", "topic", "year", "trend")  # the filters this issue asks for
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class PagefindAttributes(HTMLParser):
    """data-pagefind-* attributes of a page, each with the value Pagefind takes from it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[tuple[str, str]]] = {"filter": [], "meta": [], "sort": []}
        self.bodies = 0
        self._open: list[tuple[str, list[tuple[str, str]], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = []
        for name, value in attrs:
            if name == "data-pagefind-body":
                self.bodies += 1
            kind = name.removeprefix("data-pagefind-")
            if kind in self.found and value:
                key, colon, literal = value.partition(":")
                if colon:
                    self.found[kind].append((key, literal))
                else:
                    wanted.append((kind, key))
        if tag not in VOID:
            self._open.append((tag, wanted, []))

    def handle_data(self, data: str) -> None:
        for _, _, text in self._open:
            text.append(data)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            name, wanted, text = self._open.pop()
            for kind, key in wanted:
                self.found[kind].append((key, " ".join("".join(text).split())))
            if name == tag:
                break


def attributes(page: Path) -> PagefindAttributes:
    parser = PagefindAttributes()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def entry_page(site: BuiltSite, url: str) -> Path:
    return site.root / url / "index.html"


def test_entry_page_carries_filters_meta_and_sort(fixture_site: BuiltSite) -> None:
    found = attributes(entry_page(fixture_site, "2023/03/05/patrols"))
    assert found.bodies == 1
    facets = [(key, value) for key, value in found.found["filter"] if key in FACETS]
    assert sorted(facets) == [
        ("actor", "Anna Berg"),
        ("actor", VOLKOV),
        ("thread", BORDER),
        ("topic", "Security"),
        ("trend", "escalating"),
        ("year", "2023"),
    ]
    assert dict(found.found["meta"]) == {
        "title": "Patrols doubled along the river",
        "date": "2023-03-05",
        "summary": "Summary of patrols doubled along the river.",
        "thread": BORDER,
        # where the thread stood that week, which search results show under the title
        "assessment": "Week 9, 27 Feb–5 Mar 2023: escalating",
        "assessment_reason": "Of 1 entry with a trend: 1 escalating.",
    }
    # Midnight in the site's time zone (Europe/Moscow), in UTC so that any offsets sort right.
    assert found.found["sort"] == [("date", "2023-03-04T21:00:00Z")]


def test_trend_filter_only_where_set(fixture_site: BuiltSite) -> None:
    found = attributes(entry_page(fixture_site, "2023/03/01/transit-fees"))
    assert [key for key, _ in found.found["filter"]].count("trend") == 0


def test_only_entry_pages_are_indexed(fixture_site: BuiltSite) -> None:
    entries = [name for name in FIXTURE_FILES if name.startswith("entries/")]
    bundle = json.loads((fixture_site.root / "pagefind" / "pagefind-entry.json").read_text())
    assert bundle["languages"]["en"]["page_count"] == len(entries)
    urls = sorted(fragment["url"] for fragment in read_fragments(fixture_site.root))
    assert urls == [
        "/2022/11/20/storage/",
        "/2023/03/01/transit-fees/",
        "/2023/03/03/pause/",
        "/2023/03/05/patrols/",
    ]
    for page in fixture_site.root.rglob("*.html"):
        relative = page.relative_to(fixture_site.root).as_posix()
        if not ENTRY_PAGE.fullmatch(relative):
            assert attributes(page).bodies == 0, f"{relative} would be indexed"


def test_shipped_bundle_counts_every_entry_and_nothing_else(shipped_site: BuiltSite) -> None:
    pages = [p.relative_to(shipped_site.root).as_posix() for p in shipped_site.root.rglob("*.html")]
    entries = [p for p in pages if ENTRY_PAGE.fullmatch(p)]
    bundle = json.loads((shipped_site.root / "pagefind" / "pagefind-entry.json").read_text())
    assert entries and bundle["languages"]["en"]["page_count"] == len(entries)


def test_actor_names_and_aliases_are_indexed_with_filters(fixture_site: BuiltSite) -> None:
    fragment = next(
        f for f in read_fragments(fixture_site.root) if f["url"] == "/2023/03/01/transit-fees/"
    )
    assert "Volkov" in fragment["content"]  # the alias, named nowhere in the entry's text
    assert VOLKOV in fragment["content"]
    assert {key: fragment["filters"].get(key) for key in FACETS if key != "trend"} == {
        "actor": [VOLKOV],
        "thread": [GAS],
        "topic": ["Energy"],
        "year": ["2023"],
    }
    assert fragment["meta"]["title"] == "Transit fee talks resume in Vienna"
    assert fragment["meta"]["date"] == "2023-03-01"
    assert fragment["meta"]["thread"] == GAS
    assert "Cite this entry" not in fragment["content"]  # the same on every page: noise


def test_pagefind_command_indexes_entry_pages_quietly(tmp_path: Path) -> None:
    binary = Path("/opt/pagefind")
    quiet = search.pagefind_command(binary, tmp_path, verbose=False)
    assert quiet[:3] == [str(binary), "--site", str(tmp_path)]
    assert quiet[quiet.index("--glob") + 1] == search.ENTRY_GLOB
    assert "--quiet" in quiet and "--verbose" not in quiet
    assert "--verbose" in search.pagefind_command(binary, tmp_path, verbose=True)


@pytest.mark.parametrize(
    ("relative", "matches"),
    [
        ("2023/03/05/patrols/index.html", True),
        ("2023/03/05/index.html", False),  # a day's archive
        ("2023/03/05/page/2/index.html", False),
        ("threads/border/index.html", False),
        ("2023/index.html", False),
    ],
)
def test_entry_glob_matches_entry_pages_only(tmp_path: Path, relative: str, matches: bool) -> None:
    write_tree(tmp_path, {relative: "<html></html>"})
    assert search.has_entry_pages(tmp_path) is matches


def test_build_prints_nothing_of_pagefind_unless_verbose(
    fixture_content: Path, tmp_path: Path
) -> None:
    quiet = build(fixture_content, tmp_path / "quiet", "-q")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    normal = build(fixture_content, tmp_path / "normal")
    assert normal.returncode == 0 and "Pagefind" not in normal.stdout + normal.stderr
    verbose = build(fixture_content, tmp_path / "verbose", "-v")
    assert verbose.returncode == 0, verbose.stderr
    assert "Running Pagefind" in verbose.stdout
    assert (tmp_path / "verbose" / "pagefind" / "pagefind.js").is_file()


def test_site_without_entries_builds_with_search(tmp_path: Path) -> None:
    files = {k: v for k, v in FIXTURE_FILES.items() if not k.startswith("entries/")}
    result = build(write_tree(tmp_path / "content", files), tmp_path / "site", "-q")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "search" / "index.html").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


FAILING_PAGEFIND = "#!/bin/sh\necho 'Error: simulated Pagefind failure' >&2\nexit 3\n"


@pytest.mark.parametrize("binary", ["failing", "missing"])
def test_failed_index_fails_the_build_and_keeps_the_old_site(
    fixture_content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    binary: str,
) -> None:
    out = tmp_path / "public" / "site"
    args = ["build", "--content", str(fixture_content), "--out", str(out), "--no-cache",
            "--jobs", "1", "-q"]  # fmt: skip
    assert cli.main([*args, "--no-search"]) == 0
    before = snapshot(out)
    fake = tmp_path / "pagefind"
    if binary == "failing":
        fake.write_text(FAILING_PAGEFIND)
        fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    capsys.readouterr()

    assert cli.main(args) == 1

    err = capsys.readouterr().err
    expected = "simulated Pagefind failure" if binary == "failing" else "pagefind could not run"
    assert expected in err and "nothing was written" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no staging left behind


def fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """A site with one entry page, indexed by `script` instead of Pagefind."""
    fake = tmp_path / "fake-pagefind"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(0o755)
    monkeypatch.setattr(search, "executable", lambda: fake)
    return write_tree(tmp_path / "site", {"2023/03/05/patrols/index.html": "<html></html>"})


def test_index_site_runs_pagefind_on_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = fake_pagefind(tmp_path, monkeypatch, 'echo "$@" > "$2/args"\n')
    search.index_site(root, verbose=False)
    expected = search.pagefind_command(Path("x"), root, verbose=False)[1:]
    assert (root / "args").read_text().split() == expected


def test_index_site_reports_what_pagefind_printed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = 'echo "Error: no index" >&2\necho "Error: no index" >&2\necho done\nexit 1\n'
    root = fake_pagefind(tmp_path, monkeypatch, printed)
    with pytest.raises(search.SearchIndexError) as failure:
        search.index_site(root, verbose=False)
    assert str(failure.value) == "pagefind failed (exit 1): done\nError: no index"
