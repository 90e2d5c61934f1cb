"""A rebuild keeps the last search index when no indexed page changed, and runs Pagefind over
every entry page when one did, or when the last index cannot be vouched for."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from briefing.engine import cache as build_cache
from briefing.output import search, search_bundle
from tests.search.sites import (
    EDITED_ENTRY,
    FIXTURE_FILES,
    HOME,
    KEPT,
    Briefing,
    fragments,
    read_fragments,
    write_tree,
)


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    site = Briefing(tmp_path)
    assert KEPT not in site.build()
    return site


def test_a_rebuild_whose_entry_pages_are_unchanged_keeps_the_index(briefing: Briefing) -> None:
    """A comment in actors.yaml renders every page again, each with the same bytes."""
    bundle = briefing.bundle()
    (briefing.content / "actors.yaml").write_text(FIXTURE_FILES["actors.yaml"] + "# a note\n")
    assert KEPT in briefing.build()
    assert briefing.bundle() == bundle  # the very files, linked: Pagefind did not run
    assert "is up to date" in briefing.build()  # and the next no-op vouches for it


def test_a_list_template_change_keeps_the_index_which_matches_a_fresh_one(
    briefing: Briefing, tmp_path: Path
) -> None:
    bundle = briefing.bundle()
    changed = HOME.replace("{% block main %}", "{% block main %}<p>Changed home</p>", 1)
    assert changed != HOME
    (briefing.templates / "home.html").write_text(changed)
    assert KEPT in briefing.build()
    assert "Changed home" in (briefing.out / "index.html").read_text()
    assert briefing.bundle() == bundle
    fresh = briefing.fresh(tmp_path / "fresh")
    assert fragments(briefing.out) == fragments(fresh)


def test_an_edited_entry_is_indexed_again(briefing: Briefing) -> None:
    bundle = briefing.bundle()
    entry = briefing.content / EDITED_ENTRY
    entry.write_text(entry.read_text() + "\nObservers counted seventeen zeppelins.\n")
    assert KEPT not in briefing.build()
    assert briefing.bundle() != bundle
    patrols = [f for f in read_fragments(briefing.out) if f["url"] == "/2023/03/05/patrols/"]
    assert "zeppelins" in patrols[0]["content"]


@pytest.mark.parametrize("damage", ["a file deleted", "a file rewritten", "the bundle deleted"])
def test_a_damaged_index_is_made_again(briefing: Briefing, damage: str) -> None:
    bundle = briefing.out / search.BUNDLE
    if damage == "a file deleted":
        (bundle / "pagefind.js").unlink()
    elif damage == "a file rewritten":
        fragment = next((bundle / "fragment").iterdir())
        fragment.write_bytes(fragment.read_bytes())  # the same bytes, but not as written
    else:
        for folder, _, names in os.walk(bundle, topdown=False):
            for name in names:
                Path(folder, name).unlink()
            os.rmdir(folder)
    report = briefing.build()
    assert "is up to date" not in report and KEPT not in report
    assert (bundle / "pagefind.js").is_file()
    assert len(read_fragments(briefing.out)) == 4


def test_a_restored_cache_with_a_fresh_output_folder_runs_pagefind(briefing: Briefing) -> None:
    """As on Netlify: the cache folder is restored, site/ is not."""
    record = build_cache.load_search(next(briefing.cache.glob("build-*.cache")))
    assert record is not None and len(record.pages) == 4
    subprocess.run(["rm", "-r", str(briefing.out)], check=True)
    assert KEPT not in briefing.build()
    assert len(read_fragments(briefing.out)) == 4


def test_a_different_pagefind_configuration_runs_pagefind(briefing: Briefing) -> None:
    env = dict(os.environ, PAGEFIND_KEEP_INDEX_URL="false")  # Pagefind's default, set
    report = briefing.build(env=env)
    assert "is up to date" not in report and KEPT not in report
    assert "is up to date" in briefing.build(env=env)


def test_a_build_without_search_does_not_touch_the_index_record(briefing: Briefing) -> None:
    sets = sorted(briefing.cache.glob("build-*.search"))
    briefing.build("--no-search")
    assert sorted(briefing.cache.glob("build-*.search")) == sets
    assert not (briefing.out / search.BUNDLE).exists()
    assert KEPT not in briefing.build()  # the last output had no index: Pagefind runs


# The decisions without Pagefind ------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    [
        "2023/03/05/patrols/index.html",
        "2023/03/05/index.html",
        "2023/03/05/page/2/index.html",
        "2023/03/05/patrols/feed.xml",
        "threads/border/index.html",
        "2023/index.html",
        "0002/01/28/early/index.html",
    ],
)
def test_indexed_pages_are_what_the_glob_gives_pagefind(tmp_path: Path, relative: str) -> None:
    write_tree(tmp_path, {relative: "<html></html>"})
    path = relative.removesuffix("index.html")
    assert bool(search_bundle.indexed_pages([path])) is search.has_entry_pages(tmp_path)


def staged(tmp_path: Path) -> tuple[Path, Path, search_bundle.BundleRecord]:
    """A last output with a bundle made from one page, and a staging tree linking it."""
    previous = write_tree(tmp_path / "previous", {
        "2023/03/05/patrols/index.html": "<html>patrols</html>",
        "pagefind/pagefind.js": "js", "pagefind/fragment/a.pf_fragment": "fragment",
    })  # fmt: skip
    staging = tmp_path / "staging"
    (staging / "2023/03/05/patrols").mkdir(parents=True)
    page = "2023/03/05/patrols/index.html"
    os.link(previous / page, staging / page)
    return previous, staging, search_bundle.record_bundle(previous, ["2023/03/05/patrols/"], "k")


def test_keep_bundle_links_the_bundle_when_every_page_is_the_same(tmp_path: Path) -> None:
    previous, staging, record = staged(tmp_path)
    assert search_bundle.keep_bundle(record, previous, staging, ["2023/03/05/patrols/"], "k")
    assert search_bundle.bundle_stamps(staging) == record.files


@pytest.mark.parametrize(
    "change",
    ["page rewritten", "page added", "another key", "no record", "bundle file gone", "tampered"],
)
def test_keep_bundle_refuses_any_doubt(tmp_path: Path, change: str) -> None:
    previous, staging, record = staged(tmp_path)
    pages, key, given = ["2023/03/05/patrols/"], "k", record
    if change == "page rewritten":  # the same bytes, written again: a new inode
        page = staging / "2023/03/05/patrols/index.html"
        page.unlink()
        page.write_text("<html>patrols</html>")
    elif change == "page added":
        write_tree(staging, {"2023/03/06/more/index.html": "<html></html>"})
        pages.append("2023/03/06/more/")
    elif change == "another key":
        key = "another pagefind"
    elif change == "no record":
        given = None
    elif change == "tampered":  # a path that leads out of the bundle's folder
        info = os.lstat(write_tree(previous, {"x.txt": "not the bundle's"}) / "x.txt")
        stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
        given = search_bundle.BundleRecord("k", record.pages, {"pagefind/../x.txt": stamp})
    else:
        (previous / "pagefind/fragment/a.pf_fragment").unlink()
    assert not search_bundle.keep_bundle(given, previous, staging, pages, key)
    assert not (staging / search.BUNDLE).exists() and not (staging / "x.txt").exists()


def test_a_damaged_record_is_no_record(tmp_path: Path) -> None:
    path = tmp_path / "build-0123456789abcdef.cache"
    record = search_bundle.BundleRecord("k", {"a/": (1, 2, 3)}, {"pagefind/x": (4, 5, 6)})
    assert build_cache.save(path, build_cache.BuildCache(), search=record) == ""
    assert build_cache.load_search(path) == record
    stored = path.with_suffix(".search")
    data = bytearray(stored.read_bytes())
    data[-3] ^= 0xFF
    stored.write_bytes(bytes(data))
    assert build_cache.load_search(path) is None
