#!/usr/bin/env python3
"""A warm deploy as Netlify runs it, with and without the last site restored beside the cache.

    python ../shared/bench/make_corpus.py C --entries 10000
    python benchmarks/deploy_restored.py C [--runs 3] [--generator CHECKOUT ...]

Netlify starts every build from a fresh clone: the source files are new (new mtimes), and a
build cache plugin copies back what the last build saved. For each generator (a checkout of
this repository; default this one), alternated run by run, it makes the last deploy once (a
build with a cache), then times whole build processes, each from its own fresh copy of the
corpus with one entry's body edited and the cache restored: with the site folder restored
too (copied file by file, so every file has a new inode and mtime) and without it, with
search and without. It prints the median wall time and CPU time (user+sys of the build and
its workers) of each case, and the files the build reports written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(generator: Path, checkout: Path, out: Path, cache: Path, search: bool) -> list[str]:
    flags = [] if search else ["--no-search"]
    return [
        sys.executable, str(generator / "build.py"), "build", "--content", str(checkout),
        "--out", str(out), "--cache", str(cache), *flags,
    ]  # fmt: skip


def timed(command: list[str], generator: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the process and its children, and what it printed."""
    env = {**os.environ, "PYTHONPATH": str(generator)}
    before = os.times()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, done.stdout + done.stderr


def edit_one_entry(checkout: Path) -> None:
    entry = min(checkout.glob("entries/**/*.md"))
    with entry.open("a") as handle:
        handle.write("\nA sentence added by the next commit.\n")


def copy_tree(source: Path, target: Path) -> None:
    """As a clone or a cache restore: the bytes only, so every file is new to the build."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generator", type=Path, nargs="+", default=[REPO])
    parser.add_argument("--work", type=Path, help="default: a temporary folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="deploy-restored-", dir=args.work))
    try:
        measure(args.corpus.resolve(), [g.resolve() for g in args.generator], args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(corpus: Path, generators: list[Path], runs: int, work: Path) -> None:
    cases = [(search, site) for search in (True, False) for site in (True, False)]
    samples: dict[tuple[int, bool, bool], list[tuple[float, float, int]]] = {}
    run = work / "run"  # every build in one place: the cache is kept per content folder
    for number, generator in enumerate(generators):  # the last deploy, once each
        for search in (True, False):
            shutil.rmtree(run, ignore_errors=True)
            copy_tree(corpus, run / "content")
            timed(build(generator, run / "content", run / "site", run / "cache", search), generator)
            run.rename(work / f"last-{number}-{search}")
    for _ in range(runs):
        for search, site in cases:
            for number, generator in enumerate(generators):
                last = work / f"last-{number}-{search}"
                shutil.rmtree(run, ignore_errors=True)
                copy_tree(corpus, run / "content")
                edit_one_entry(run / "content")
                shutil.copytree(last / "cache", run / "cache")
                if site:
                    copy_tree(last / "site", run / "site")
                command = build(generator, run / "content", run / "site", run / "cache", search)
                wall, cpu, printed = timed(command, generator)
                found = re.search(r"(\d+) files? written", printed)
                written = int(found.group(1)) if found else -1
                samples.setdefault((number, search, site), []).append((wall, cpu, written))
    print(f"{'generator':<40} {'search':<7} {'site restored':<14} {'wall s':>7} {'cpu s':>7}")
    for search, site in cases:
        for number, generator in enumerate(generators):
            got = samples[(number, search, site)]
            wall = statistics.median(s[0] for s in got)
            cpu = statistics.median(s[1] for s in got)
            counts = "/".join(str(s[2]) for s in got)
            print(
                f"{str(generator)[-40:]:<40} {search!s:<7} {site!s:<14} {wall:7.2f} {cpu:7.2f}"
                f"  written {counts}"
            )


if __name__ == "__main__":
    main()
