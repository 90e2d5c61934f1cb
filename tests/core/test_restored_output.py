"""An output restored by a CI cache (copied back: new inodes, new mtimes) is reused once its
every file reads as the last build wrote it; any other output is rewritten."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import MakeContent, entry
from tests.core.test_build import tree_digest
from tests.core.test_cache import build, corpus, fresh_build

PAGE = "2022/02/02/e1/index.html"


def restore(out: Path) -> None:
    """Replace out by a copy of itself, as a CI cache restores it: every file a new inode and
    a new mtime (copyfile copies bytes only, as `cp -r` does)."""
    copy = out.with_name(f"{out.name}-restored")
    shutil.copytree(out, copy, copy_function=shutil.copyfile)
    shutil.rmtree(out)
    copy.rename(out)


def written(report: str) -> int:
    found = re.search(r"(\d+) files? written", report)
    assert found is not None, report
    return int(found.group(1))


def edit_entry(content: Path) -> None:
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Entry 0", date="2022-01-01", thread="buildup", body="New body.")
    )


def built_and_restored(make_content: MakeContent, tmp_path: Path) -> Restored:
    """A briefing built once with its cache, then its output restored as a CI cache would."""
    content = corpus(make_content)
    out, cache = tmp_path / "site", tmp_path / "cache"
    everything = written(build(content, out, cache))
    restore(out)
    return Restored(content, out, cache, everything)


class Restored(NamedTuple):
    content: Path
    out: Path
    cache: Path
    everything: int  # files the first build wrote


# With two jobs, a forked child reads the restored output ahead of the run.
ONE_JOB_OR_TWO = pytest.mark.parametrize("jobs", ["1", "2"])


@ONE_JOB_OR_TWO
def test_a_restored_output_is_reused(make_content: MakeContent, tmp_path: Path, jobs: str) -> None:
    content, out, cache, everything = built_and_restored(make_content, tmp_path)
    assert written(build(content, out, cache, "--jobs", jobs)) == 0  # every file reused
    restore(out)
    edit_entry(content)
    assert 0 < written(build(content, out, cache, "--jobs", jobs)) <= 5 < everything
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))  # as if never copied
    assert "is up to date" in build(content, out, cache)  # stamped anew: no reading again


@ONE_JOB_OR_TWO
def test_a_page_edited_after_the_restore_is_rewritten(
    make_content: MakeContent, tmp_path: Path, jobs: str
) -> None:
    content, out, cache, everything = built_and_restored(make_content, tmp_path)
    page = out / PAGE
    html = page.read_text()
    page.write_text(html.replace("Entry 1", "Entry I"))  # the same size: only bytes tell
    assert page.stat().st_size == len(html.encode())
    edit_entry(content)
    assert written(build(content, out, cache, "--jobs", jobs)) == everything  # none trusted
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))


def test_a_foreign_file_in_a_restored_output_is_left_alone(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, out, cache, _ = built_and_restored(make_content, tmp_path)
    notes = out / "2022/02/02/e1/notes.txt"
    notes.write_text("mine\n")
    edit_entry(content)
    assert written(build(content, out, cache)) <= 5  # the foreign file is not the build's
    assert notes.read_text() == "mine\n"
    pages = {k: v for k, v in tree_digest(out).items() if k != "2022/02/02/e1/notes.txt"}
    assert pages == tree_digest(fresh_build(content, tmp_path))


def test_a_restored_output_missing_a_page_is_rewritten(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, out, cache, everything = built_and_restored(make_content, tmp_path)
    (out / PAGE).unlink()
    assert written(build(content, out, cache)) == everything
    assert tree_digest(out) == tree_digest(fresh_build(content, tmp_path))
