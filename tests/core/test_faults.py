"""Builds killed at random points, two builds at once, and what killed builds leave behind
(issue 14, item 11). Bounded: a few kills of a small site, each a fraction of a second."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from briefing.output.lock import locked, output_lock_file
from briefing.output.ownership import MARKER, MARKER_TEXT
from tests.conftest import REPO, MakeContent, entry
from tests.core.test_build import tree_digest
from tests.core.test_output_safety import build_here as build

KILLS = 3
SEED = 14


def many_entries(make_content: MakeContent, count: int) -> Path:
    """Enough entries for the build to fork workers (more than 200)."""
    files: dict[str, str | bytes | None] = {}
    for n in range(count):
        day = f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"
        files[f"entries/2022/{day}-e{n}.md"] = entry(f"Entry {n}", date=day, body=f"Body {n}.")
    return make_content(files)


def start(content: Path, out: Path, *extra: str, piped: bool = True) -> subprocess.Popen[str]:
    """A build in the background; piped=False where a stray worker could hold the pipes."""
    output = subprocess.PIPE if piped else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
         "--out", str(out), "--no-search", "--no-cache", *extra],
        cwd=REPO, stdout=output, stderr=output, text=True,
    )  # fmt: skip


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def processes_with(text: str) -> list[int]:
    """Live processes whose command line names text (a build's own content folder)."""
    found = []
    for entry_ in Path("/proc").iterdir():
        if not entry_.name.isdigit():
            continue
        try:
            cmdline = (entry_ / "cmdline").read_bytes()
            state = (entry_ / "stat").read_text().split(") ", 1)[1][:1]
        except OSError:
            continue
        if text.encode() in cmdline and state != "Z":
            found.append(int(entry_.name))
    return found


def gone(content: Path, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while processes_with(str(content)):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_killed_build_leaves_the_old_or_the_new_site(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, out = many_entries(make_content, 60), tmp_path / "site"
    started = time.monotonic()
    assert start(content, out, piped=False).wait(60) == 0  # as long as a killed build runs
    duration = time.monotonic() - started
    old = tree_digest(out)
    (content / "entries/2022/2022-01-01-e0.md").write_text(
        entry("Entry zero, changed", date="2022-01-01")
    )
    reference = tmp_path / "reference"
    assert build(content, reference, "--no-cache").returncode == 0
    new = tree_digest(reference)
    chance = random.Random(SEED)
    for _ in range(KILLS):
        running = start(content, out, piped=False)
        time.sleep(chance.uniform(0.1, duration))
        running.send_signal(signal.SIGKILL)
        running.wait()
        assert os.path.isdir(out) or leftovers(out), "neither a site nor a copy of it"
        if os.path.isdir(out):
            assert tree_digest(out) in (old, new)
        result = build(content, out, "--no-cache")
        assert result.returncode == 0, result.stderr
        assert tree_digest(out) == new
        assert leftovers(out) == []
        old = new


def test_workers_die_with_their_build(make_content: MakeContent, tmp_path: Path) -> None:
    content = many_entries(make_content, 400)
    running = start(content, tmp_path / "site", "--jobs", "2", piped=False)
    deadline = time.monotonic() + 30
    while len(processes_with(str(content))) < 2:  # the build and a forked worker
        assert running.poll() is None, "the build ended before forking"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    running.send_signal(signal.SIGKILL)
    running.wait()
    try:
        assert gone(content), "a worker outlived its build"
    finally:
        for pid in processes_with(str(content)):  # never leave one running
            os.kill(pid, signal.SIGKILL)


def test_a_build_killed_inside_the_swap_is_put_back_by_the_next(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """Killed between the swap's two renames: no site/, the old one whole in .site.old-*;
    the next build restores it first, so that even a failing build leaves the old site."""
    content, out = make_content(), tmp_path / "site"
    assert build(content, out, "--no-cache").returncode == 0
    before = tree_digest(out)
    parked = tmp_path / ".site.old-k1lled"
    parked.mkdir()
    out.rename(parked / "site")
    staged = tmp_path / ".site.tmp-k1lled"  # the new site, perhaps incomplete
    staged.mkdir()
    (staged / MARKER).write_bytes(MARKER_TEXT)
    (content / "entries/2022/2022-01-28-call.md").write_text(entry(actors="[nobody]"))
    result = build(content, out, "--no-cache")
    assert result.returncode == 1  # the content error
    assert "restored" in result.stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []


def test_only_our_own_leftovers_are_removed(make_content: MakeContent, tmp_path: Path) -> None:
    content, out = make_content(), tmp_path / "site"
    assert build(content, out, "--no-cache").returncode == 0
    ours_staged = tmp_path / ".site.tmp-ours"
    (ours_staged / "2022").mkdir(parents=True)
    (ours_staged / MARKER).write_bytes(MARKER_TEXT)
    ours_old = tmp_path / ".site.old-ours"
    (ours_old / "site").mkdir(parents=True)
    (ours_old / "site" / MARKER).write_bytes(MARKER_TEXT)
    foreign = tmp_path / ".site.tmp-notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("mine\n")
    assert build(content, out, "--no-cache").returncode == 0
    assert leftovers(out) == [".site.tmp-notes"]
    assert (foreign / "todo.txt").read_text() == "mine\n"


def test_two_builds_at_once_take_turns(make_content: MakeContent, tmp_path: Path) -> None:
    """Two builds started while a third holds the output: each waits, says so, then builds."""
    content, out = many_entries(make_content, 60), tmp_path / "site"
    with locked([output_lock_file(out)], "site", lambda line: None):
        builds = [start(content, out), start(content, out)]
        for running in builds:
            assert running.stderr is not None
            line = running.stderr.readline()  # blocks until the build says why it waits
            assert f"waiting for another build of {out}/ (pid {os.getpid()})" in line
    results = [running.communicate(timeout=120) for running in builds]
    assert [running.returncode for running in builds] == [0, 0], results
    assert leftovers(out) == []
    reference = tmp_path / "reference"
    assert build(content, reference, "--no-cache").returncode == 0
    assert tree_digest(out) == tree_digest(reference)


def test_the_process_holding_the_lock_builds_without_waiting_for_itself(
    make_content: MakeContent, tmp_path: Path
) -> None:
    """A preview holds its output's lock while it runs, and may build into it."""
    content, out = make_content(), tmp_path / "site"
    said: list[str] = []
    with locked([output_lock_file(out)], "site", said.append):
        result = build(content, out, "--no-cache")
        assert (tmp_path / ".site.lock").exists()  # still the holder's
    assert result.returncode == 0 and "waiting" not in result.stderr
    assert not (tmp_path / ".site.lock").exists() and said == []
