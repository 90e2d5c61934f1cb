"""Never delete what the build did not write, never hang on a cache file, never a traceback.

Each case is one a hostile-input and fault-injection run found (issue 14: items 2, 3, 7, 8,
10): the output folder, the cache folder, and a site changed by hand behind the build's back.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pytest

from briefing import cli
from briefing.engine.cache_files import MAGIC, checksum
from briefing.output import write
from briefing.output.ownership import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeContent, entry
from tests.core.test_build import tree_digest

BUILD_TIMEOUT = 60  # seconds: a build that hangs on a FIFO fails here instead of for ever


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS`, failing the test rather than hanging it."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )


def build(content: Path, out: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    """A build in a process of its own: where the old code could hang for ever."""
    return run("build", "--content", content, "--out", out, "--no-search", *extra)


def build_here(content: Path, out: Path, *extra: str | Path) -> Built:
    """A build in this process (faster than starting Python again)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    args = ["build", "--content", content, "--out", out, "--no-search", *extra]
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli.main([str(arg) for arg in args])
    return Built(status, stdout.getvalue(), stderr.getvalue())


class Built(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def site_digest(out: Path) -> dict[str, str]:
    """The site's files but Pagefind's bundle, whose filter and meta files vary by build."""
    return {k: v for k, v in tree_digest(out).items() if not k.startswith("pagefind/")}


def no_traceback(result: subprocess.CompletedProcess[str] | Built) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# --out: item 2 ---------------------------------------------------------------------


def test_an_out_that_is_a_file_is_refused_and_kept(
    make_content: MakeContent, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    result = build(make_content(), notes)
    assert result.returncode == 1
    assert f"{notes}: not a folder" in result.stderr
    assert notes.read_text() == "notes\n"
    no_traceback(result)


def test_an_out_with_files_the_build_did_not_write_is_left_alone(
    make_content: MakeContent, tmp_path: Path
) -> None:
    www = tmp_path / "www"
    (www / "photos").mkdir(parents=True)
    (www / "index.html").write_text("hi\n")
    (www / "precious.txt").write_text("x\n")
    (www / "photos/cat.jpg").write_bytes(b"\xff\xd8")
    before = tree_digest(www)
    result = build(make_content(), www)
    assert result.returncode == 1
    assert f"{www}: holds files this tool did not write" in result.stderr
    assert tree_digest(www) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "www"]
    no_traceback(result)


@pytest.mark.parametrize("inside", ["templates", "content"])
def test_an_out_inside_the_sources_is_a_usage_error(
    make_content: MakeContent, tmp_path: Path, inside: str
) -> None:
    content = make_content()
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    before = tree_digest(tmp_path / inside)
    out = tmp_path / inside / "out"
    result = build(content, out, "--templates", templates)
    assert result.returncode == 2
    assert f"--out {out} is inside" in result.stderr
    assert tree_digest(tmp_path / inside) == before
    assert not out.exists()


def test_a_site_built_before_the_marker_is_replaced_only_with_force(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A site left by an older version carries no marker: --force, once, takes it over."""
    content, out = make_content(), tmp_path / "site"
    assert build_here(content, out).returncode == 0
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    (out / MARKER).unlink()  # as an older version left it
    refused = build_here(content, out)
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert build_here(content, out, "--force").returncode == 0
    assert (out / MARKER).read_bytes() == MARKER_TEXT
    assert build_here(content, out).returncode == 0  # ours again from now on


def test_an_empty_out_is_taken(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert build_here(make_content(), out).returncode == 0
    assert (out / "index.html").is_file() and (out / MARKER).is_file()


# --cache: item 3 -------------------------------------------------------------------


def test_pruning_the_cache_spares_files_the_build_did_not_write(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, cache = make_content(), tmp_path / "cache"
    cache.mkdir()
    hour_ago = time.time() - 7200
    foreign = [cache / ".tmp-editor-swap", cache / "build-0123456789abcdef.cache"]
    foreign += [cache / f"build-old{n}.cache" for n in range(8)]
    for file in foreign:
        file.write_bytes(b"someone else's\n")
    ours = [cache / f"build-{n:016x}.cache" for n in range(1, 10)]  # older sets of ours
    for file in ours:
        file.write_bytes(MAGIC)
        file.with_suffix(".stamp").write_bytes(MAGIC)
    left = cache / ".build-0000000000000001.bodies.tmp-k1lled"  # a killed build's
    left.write_bytes(MAGIC)
    for file in [*foreign, *ours, left]:
        os.utime(file, (hour_ago, hour_ago))
    assert build_here(content, tmp_path / "site", "--cache", cache).returncode == 0
    assert all(file.read_bytes() == b"someone else's\n" for file in foreign)
    assert sum(file.exists() for file in ours) == 7  # with the new set, 8 are kept
    assert not left.exists()


# Cache files that are not files: items 7 and 8 ---------------------------------------


def cached_build(make_content: MakeContent, tmp_path: Path) -> tuple[Path, Path, Path]:
    """content, out and the cache set's main file, after one build."""
    content, out, cache = make_content(), tmp_path / "site", tmp_path / "cache"
    assert build_here(content, out, "--cache", cache).returncode == 0
    (main,) = cache.glob("build-*.cache")
    return content, out, main


ODD_CACHE_FILES = [
    ("fifo", ".cache"),
    ("fifo", ".stamp"),
    ("fifo", ".entries-0"),
    ("link to /dev/zero", ".cache"),
    ("link to /dev/zero", ".files"),
    ("folder", ".cache"),
    ("folder", ".stamp"),
    ("folder", ".bodies"),
]


@pytest.mark.parametrize(("kind", "suffix"), ODD_CACHE_FILES)
def test_a_cache_file_that_is_not_a_file_is_ignored(
    make_content: MakeContent, tmp_path: Path, suffix: str, kind: str
) -> None:
    content, out, main = cached_build(make_content, tmp_path)
    odd = main.with_suffix(suffix)
    odd.unlink(missing_ok=True)
    {"fifo": os.mkfifo, "folder": os.mkdir}.get(kind, lambda p: os.symlink("/dev/zero", p))(odd)
    # an entry changed: the build reads every part of the cache it has
    (content / "entries/2022/2022-01-28-call.md").write_text(entry("Putin calls Macron again"))
    result = build(content, out, "--cache", main.parent)
    assert result.returncode == 0, result.stderr
    assert "again" in (out / "2022/01/28/call/index.html").read_text()
    if suffix != ".bodies":  # the bodies are read only when many entries change
        assert f"{odd.name}" in result.stderr and "not regular files" in result.stderr
    no_traceback(result)
    assert build_here(content, out, "--cache", main.parent).returncode == 0  # and again


@pytest.mark.parametrize("header", [False, True])
def test_a_stamp_nested_too_deep_is_damaged_not_a_crash(
    make_content: MakeContent, tmp_path: Path, header: bool
) -> None:
    content, out, main = cached_build(make_content, tmp_path)
    nested = b"[" * 100_000
    main.with_suffix(".stamp").write_bytes(MAGIC + checksum(nested) + nested if header else nested)
    for _ in range(2):
        result = build_here(content, out, "--cache", main.parent)
        assert result.returncode == 0, result.stderr
        no_traceback(result)


def test_a_full_disk_is_one_line_and_the_old_site_stays(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    content, out = make_content(), tmp_path / "site"
    assert cli.main(["build", "--content", str(content), "--out", str(out), "--no-search",
                     "--no-cache", "-q"]) == 0  # fmt: skip
    before = tree_digest(out)

    def full(self: write.Staging, path: str, data: str | bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.root / path))

    monkeypatch.setattr(write.Staging, "write", full)
    capsys.readouterr()
    status = cli.main(["build", "--content", str(content), "--out", str(out), "--no-search",
                       "--no-cache", "-q"])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "No space left on device" in err and str(out) in err, err
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_an_unwritable_parent_of_out_is_one_line(make_content: MakeContent, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder\n")
    result = build(make_content(), blocker / "site")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and str(blocker) in result.stderr, result.stderr
    no_traceback(result)


def without_read_override() -> list[str]:
    """A command prefix under which permissions apply (root ignores them by default)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root without setpriv: permissions cannot be made to apply")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_a_read_only_parent_of_out_is_one_line(make_content: MakeContent, tmp_path: Path) -> None:
    content, parent = make_content(), tmp_path / "read-only"
    parent.mkdir()
    assert build_here(content, parent / "site").returncode == 0
    before = tree_digest(parent / "site")
    parent.chmod(0o555)
    try:
        command = [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
                   "--out", str(parent / "site"), "--no-search", "--no-cache"]  # fmt: skip
        result = subprocess.run(
            without_read_override() + command,
            cwd=REPO, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
        )  # fmt: skip
    finally:
        parent.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Permission denied" in result.stderr, result.stderr
    assert str(parent) in result.stderr
    assert tree_digest(parent / "site") == before


def test_serve_with_a_port_out_of_range_is_a_usage_error() -> None:
    result = run("serve", "--port", "99999")
    assert result.returncode == 2
    assert "port 99999 is out of range" in result.stderr
    no_traceback(result)


# A site changed by hand: item 10 ---------------------------------------------------


@pytest.mark.parametrize(
    ("damage", "search"), [("deleted", False), ("same size", False), ("overwritten", True)]
)
@pytest.mark.parametrize("jobs", ["1", "2"])  # with 2, a forked child checks the output ahead
def test_a_rebuild_repairs_pages_changed_by_hand(
    make_content: MakeContent, tmp_path: Path, damage: str, search: bool, jobs: str
) -> None:
    content, out, cache = make_content(), tmp_path / "site", tmp_path / "cache"
    flags = ["--cache", cache, "--jobs", jobs] + ([] if search else ["--no-search"])

    def again() -> Built:
        stdout, stderr = io.StringIO(), io.StringIO()
        args = ["build", "--content", content, "--out", out, *flags]
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = cli.main([str(arg) for arg in args])
        return Built(status, stdout.getvalue(), stderr.getvalue())

    assert again().returncode == 0
    good = site_digest(out)
    page = out / "threads/talks/index.html"
    original = page.read_bytes()
    if damage == "deleted":
        page.unlink()
    elif damage == "overwritten":
        page.write_text("defaced")
    else:  # in place, the same size and inode: its mtime tells
        with open(page, "r+b") as handle:
            handle.write(b"X")
    result = again()  # nothing in the sources changed: no longer "up to date"
    assert result.returncode == 0 and "up to date" not in result.stdout
    assert page.read_bytes() == original
    assert site_digest(out) == good
    # an entry changes: the damaged page of the last build is never reused (nor linked)
    (content / "entries/2022/2022-01-26-replies.md").write_text(
        entry(
            "Written replies, later", date="2022-01-26", thread="[talks, buildup]", actors="[nato]"
        )
    )
    other = out / "actors/emmanuel-macron/index.html"  # a page the change does not reach
    other.write_text("defaced again")
    assert again().returncode == 0
    assert "defaced" not in other.read_text()
    assert "later" in page.read_text()
    assert sorted(site_digest(out)) == sorted(good)


# Reproducible output: item 12 --------------------------------------------------------


# Pagefind 1.5 orders each filter's values as a hash map iterates them, differently on each
# run: its filter chunks, its meta file, and the entry file naming both differ (upstream,
# see Pagefind issue 638). Everything else, its fragments and word index included, is stable.
def pagefind_unstable(path: str) -> bool:
    return path.startswith("pagefind/filter/") or path.endswith((".pf_meta", "-entry.json"))


def test_builds_with_search_are_byte_identical_but_for_pagefinds_filters(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content()
    digests = []
    for n in range(2):
        out = tmp_path / f"site{n}"
        result = run("build", "--content", content, "--out", out, "--no-cache")
        assert result.returncode == 0, result.stderr
        digests.append({k: v for k, v in tree_digest(out).items() if not pagefind_unstable(k)})
    assert "pagefind/pagefind.js" in digests[0]
    assert any(k.startswith("pagefind/fragment/") for k in digests[0])
    assert digests[0] == digests[1]
