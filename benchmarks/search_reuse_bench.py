#!/usr/bin/env python3
"""Warm builds with search: when Pagefind runs, and what keeping its last index saves.

    python benchmarks/search_reuse_bench.py [--entries 10000] [--runs 3] [--work DIR]
    python benchmarks/search_reuse_bench.py --repo . OTHER_CHECKOUT   # side by side
    python benchmarks/search_reuse_bench.py --skip-cold                # warm builds only

The corpus comes from ../shared/bench/make_corpus.py (its default seed); every build is
`build.py build` with search and a cache folder, timed from outside as a whole process (wall
seconds, median of --runs, [min-max]). In order: a cold build (no cache, no site/); a no-op;
one entry's body changed (Pagefind must run); a list template changed (home.html in the
briefing's own templates folder: every entry page is unchanged); a comment added to
actors.yaml (every page rendered again, with the same bytes); and one entry changed with the
cache restored but site/ gone, as on Netlify. Given several checkouts (--repo), each change
is built by each of them in turn, each with its own site/ and cache: on a shared machine the
ratio between them means more than either time. Output goes to tmpfs (/dev/shm) when present.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
KEPT = "search index unchanged, kept"


def build(repo: Path, corpus: Path, templates: Path, out: Path, cache: Path) -> tuple[float, str]:
    """One build with search and the cache: wall seconds, and its summary line."""
    command = [sys.executable, str(repo / "build.py"), "build", "--content", str(corpus),
               "--templates", str(templates), "--out", str(out), "--cache", str(cache)]  # fmt: skip
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    return wall, result.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="default: tmpfs")
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold builds")
    parser.add_argument("--repo", type=Path, nargs="+", default=[REPO],
                        help="the checkouts whose build.py runs, side by side")  # fmt: skip
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    work = args.work or base / "briefing-search-reuse-bench"
    corpus = work / f"corpus-{args.entries}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), "--entries",
                        str(args.entries)], check=True, capture_output=True)  # fmt: skip
    templates = work / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    home = (REPO / "templates" / "home.html").read_text(encoding="utf-8")
    (templates / "home.html").write_text(home, encoding="utf-8")
    folders = [(work / f"site-{n}", work / f"cache-{n}") for n in range(len(args.repo))]
    edited = sorted((corpus / "entries").rglob("*.md"))[args.entries // 2]
    original, actors = edited.read_bytes(), (corpus / "actors.yaml").read_bytes()
    count = iter(range(10**6))

    def fresh() -> None:
        for out, cache in folders:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

    def body_edit() -> None:
        edited.write_bytes(original + f"\nEdited paragraph {next(count)}.\n".encode())

    def list_template() -> None:
        marked = f"{{% block main %}}<!-- edition {next(count)} -->"
        (templates / "home.html").write_text(home.replace("{% block main %}", marked, 1))

    def registry_comment() -> None:
        (corpus / "actors.yaml").write_bytes(actors + f"# note {next(count)}\n".encode())

    def netlify() -> None:  # the cache restored, site/ not
        for out, _ in folders:
            shutil.rmtree(out, ignore_errors=True)
        body_edit()

    scenarios: list[tuple[str, Callable[[], None]]] = [
        ("cold (no cache, no site/)", fresh),
        ("no-op", lambda: None),
        ("one entry's body changed", body_edit),
        ("a list template changed", list_template),
        ("actors.yaml comment: all re-rendered", registry_comment),
        ("one entry changed, site/ gone", netlify),
    ]
    if args.skip_cold:
        scenarios = scenarios[1:]
    print(f"{args.entries} entries, {args.runs} runs each; output in {work}")
    for n, repo in enumerate(args.repo):
        print(f"  [{n}] {repo}")
    try:
        for repo, (out, cache) in zip(args.repo, folders, strict=True):  # a warm start
            build(repo, corpus, templates, out, cache)
        for name, change in scenarios:
            walls: list[list[float]] = [[] for _ in args.repo]
            kept = [0 for _ in args.repo]
            for _ in range(args.runs):
                change()
                for n, (repo, (out, cache)) in enumerate(zip(args.repo, folders, strict=True)):
                    wall, line = build(repo, corpus, templates, out, cache)
                    walls[n].append(wall)
                    kept[n] += KEPT in line
            medians = [statistics.median(w) for w in walls]
            for n, w in enumerate(walls):
                spread = f"[{min(w):.2f}-{max(w):.2f}]"
                ratio = f"x{medians[n] / medians[0]:.2f}" if n else ""
                print(f"{name:<38} [{n}] {medians[n]:7.2f} s {spread:15} "
                      f"index kept {kept[n]}/{args.runs} {ratio}", flush=True)  # fmt: skip
    finally:
        edited.write_bytes(original)
        (corpus / "actors.yaml").write_bytes(actors)


if __name__ == "__main__":
    main()
