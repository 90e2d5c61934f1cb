"""When an entry changed, Pagefind indexes every entry page again, but the fragments of the
pages that did not change are linked from the last bundle, so that Pagefind compresses and
writes only the changed ones; the bundle is the one a fresh run makes."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zlib
from pathlib import Path

import pytest

from briefing import cli
from briefing.output import search, search_fragments
from briefing.output.search_fragments import Linked, cbor_item
from tests.search.sites import (
    EDITED_ENTRY,
    FIXTURE_BASE_URL,
    KEPT,
    Briefing,
    fragment_files,
    fragments,
    read_fragments,
)

EDITED_URL = "/2023/03/05/patrols/"


@pytest.fixture
def briefing(tmp_path: Path) -> Briefing:
    site = Briefing(tmp_path / "briefing")
    assert KEPT not in site.build()
    return site


def inodes(root: Path) -> dict[str, int]:
    return {url: path.stat().st_ino for url, path in fragment_files(root).items()}


def index_words(root: Path) -> dict[str, list[str]]:
    """Every word of the bundle's index with the URLs of the pages holding it (Pagefind
    numbers pages in the order it finds them, which differs between two trees)."""
    bundle = root / search.BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    meta_file = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta, _ = cbor_item(zlib.decompress(meta_file.read_bytes(), 31), len(b"pagefind_dcd"))
    by_hash = {path.stem: url for url, path in fragment_files(root).items()}
    urls = [by_hash[page_hash] for page_hash, _ in meta[1]]
    words: dict[str, list[str]] = {}
    for _, _, chunk_hash in meta[2]:
        chunk = zlib.decompress((bundle / "index" / f"{chunk_hash}.pf_index").read_bytes(), 31)
        (entries,), _ = cbor_item(chunk, len(b"pagefind_dcd"))
        for word, pages, *_ in entries:
            number = 0
            for page in pages:  # each page's number as the step from the one before
                number += page[0]
                words.setdefault(word, []).append(urls[number])
    return {word: sorted(found) for word, found in words.items()}


def edit(briefing: Briefing) -> None:
    entry = briefing.content / EDITED_ENTRY
    entry.write_text(entry.read_text() + "\nObservers counted seventeen zeppelins.\n")


def test_an_edit_links_the_other_pages_fragments_and_indexes_as_a_fresh_run(
    briefing: Briefing, tmp_path: Path
) -> None:
    before = inodes(briefing.out)
    edit(briefing)
    assert "search index made again, 3 of 4 pages' fragments kept" in briefing.build()
    after = inodes(briefing.out)
    assert after.keys() == before.keys() and len(after) == 4
    # The unchanged pages' fragments are the last bundle's files, linked; the edited page's
    # is written anew, with the new text.
    assert {url for url in after if after[url] == before[url]} == set(after) - {EDITED_URL}
    edited = fragment_files(briefing.out)[EDITED_URL]
    assert "zeppelins" in gzip.decompress(edited.read_bytes()).decode()
    fresh = briefing.fresh(tmp_path / "fresh")
    assert fragments(briefing.out) == fragments(fresh)
    assert index_words(briefing.out) == index_words(fresh)
    assert "zeppelin" in index_words(briefing.out)  # as Pagefind stems it


def test_a_restored_output_links_only_fragments_that_hold_what_their_names_say(
    briefing: Briefing, tmp_path: Path
) -> None:
    """As on Netlify: site and cache restored by copying (every inode new), and one restored
    fragment altered; it is not linked, and the bundle is still the fresh one."""
    for folder in (briefing.out, briefing.cache):
        shutil.copytree(folder, tmp_path / "copy")
        shutil.rmtree(folder)
        shutil.move(tmp_path / "copy", folder)
    altered_url = "/2023/03/01/transit-fees/"
    altered = fragment_files(briefing.out)[altered_url]
    payload = gzip.decompress(altered.read_bytes()).replace(b"Vienna", b"Geneva")
    altered.write_bytes(gzip.compress(payload))
    restored = inodes(briefing.out)
    edit(briefing)
    assert "2 of 4 pages' fragments kept" in briefing.build()
    after = inodes(briefing.out)
    linked = {url for url in after if after[url] == restored[url]}
    assert linked == set(after) - {EDITED_URL, altered_url}
    fresh = briefing.fresh(tmp_path / "fresh")
    assert fragments(briefing.out) == fragments(fresh)
    assert index_words(briefing.out) == index_words(fresh)


def test_a_linked_file_standing_for_another_page_is_found_after_a_real_run(
    briefing: Briefing, tmp_path: Path
) -> None:
    """Two contents whose names share 7 hex digits, played out: the file Pagefind means for
    the edited page exists already, holding another page's fragment. Pagefind leaves it,
    and settle finds that page named twice."""
    edit(briefing)
    staged = briefing.fresh(tmp_path / "staged")
    files = fragment_files(staged)
    meant = files[EDITED_URL].name  # the name Pagefind gives the edited page's fragment
    other_url = "/2023/03/01/transit-fees/"
    stand_in = files[other_url].read_bytes()
    shutil.rmtree(staged / search.BUNDLE)
    (staged / search_fragments.FRAGMENTS).mkdir(parents=True)
    (staged / search_fragments.FRAGMENTS / meant).write_bytes(stand_in)
    search.index_site(staged, verbose=False)
    assert fragment_files(staged)  # Pagefind ran, and left the stand-in as it was
    assert (staged / search_fragments.FRAGMENTS / meant).read_bytes() == stand_in
    assert not search_fragments.settle(staged, Linked({meant: other_url}))


def test_settle_removes_the_linked_fragments_the_new_bundle_does_not_name(
    briefing: Briefing,
) -> None:
    files = fragment_files(briefing.out)
    folder = briefing.out / search_fragments.FRAGMENTS
    (folder / "en_0000000.pf_fragment").write_bytes(b"a page no longer indexed")
    linked = {path.name: url for url, path in files.items()}
    assert search_fragments.settle(
        briefing.out, Linked({**linked, "en_0000000.pf_fragment": "/x/"})
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(linked)


@pytest.mark.parametrize("doubt", ["another page's file", "another version", "no meta"])
def test_settle_refuses_any_doubt(briefing: Briefing, doubt: str) -> None:
    files = fragment_files(briefing.out)
    linked = {path.name: url for url, path in files.items()}
    bundle = briefing.out / search.BUNDLE
    if doubt == "another page's file":
        first, second = sorted(files)[:2]
        files[first].write_bytes(files[second].read_bytes())
        linked[files[first].name] = second
    elif doubt == "another version":
        entry = bundle / "pagefind-entry.json"
        entry.write_text(entry.read_text().replace('"version":"', '"version":"0.'))
    else:
        for meta in bundle.glob("pagefind.*.pf_meta"):
            meta.unlink()
    assert not search_fragments.settle(briefing.out, Linked(linked))


def test_when_settle_doubts_the_bundle_is_made_again_without_links(
    briefing: Briefing,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(search_fragments, "settle", lambda root, linked: False)
    edit(briefing)
    before = inodes(briefing.out)
    args = [
        "build", "--content", str(briefing.content), "--templates", str(briefing.templates),
        "--out", str(briefing.out), "--cache", str(briefing.cache), "--base-url",
        FIXTURE_BASE_URL,
    ]  # fmt: skip
    capsys.readouterr()
    assert cli.main(args) == 0
    assert "fragments kept" not in capsys.readouterr().out
    after = inodes(briefing.out)
    assert not any(after[url] == before[url] for url in after)  # every file written anew
    assert len(read_fragments(briefing.out)) == 4
    assert fragments(briefing.out) == fragments(briefing.fresh(tmp_path / "fresh"))


def test_no_fragment_is_linked_from_a_bundle_of_another_pagefind(
    briefing: Briefing, tmp_path: Path
) -> None:
    entry = briefing.out / search.BUNDLE / "pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"version":"', '"version":"0.'))
    before = inodes(briefing.out)
    edit(briefing)
    assert "fragments kept" not in briefing.build()
    after = inodes(briefing.out)
    assert not any(after[url] == before[url] for url in after)
    assert os.path.isfile(briefing.out / search.BUNDLE / "pagefind.js")


def test_no_fragment_is_taken_through_a_link_in_the_last_output(
    briefing: Briefing, tmp_path: Path
) -> None:
    """The last output's fragment folder replaced by a link to a folder elsewhere (holding
    the very files): nothing is linked from there, and the files there stay as they were."""
    folder = briefing.out / search_fragments.FRAGMENTS
    elsewhere = tmp_path / "elsewhere"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere, target_is_directory=True)
    before = {path.name: path.read_bytes() for path in elsewhere.iterdir()}
    outside = {path.stat().st_ino for path in elsewhere.iterdir()}
    edit(briefing)
    assert "fragments kept" not in briefing.build()
    assert not outside & set(inodes(briefing.out).values())
    assert {path.name: path.read_bytes() for path in elsewhere.iterdir()} == before
