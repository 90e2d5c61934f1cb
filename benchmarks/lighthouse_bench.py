#!/usr/bin/env python3
"""Lighthouse on the heaviest pages of a large generated briefing: the busiest thread page
and the busiest week page (the largest file of each type), plus the richest entry page.

    python benchmarks/lighthouse_bench.py --content /tmp/corpus    # a make_corpus.py folder
    python benchmarks/lighthouse_bench.py --entries 10000          # generate one first

The corpus is built without search (`--no-search`) for the origin it is then served on
(127.0.0.1, netlify.toml's headers), so canonical links stay on that origin as Lighthouse's
SEO audit wants. Each page is audited as tests/reader/test_lighthouse.py audits the shipped
briefing: Lighthouse 12.2.3's mobile preset, repeated up to three times only while
performance is under 95. Prints each page's HTML size, its four scores, and what cost points.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.reader.test_lighthouse import REQUIRED, best_of_runs  # noqa: E402
from tests.support.static_server import serve_site  # noqa: E402

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
# Page type -> pattern of its index.html path; the largest file of each type is audited.
HEAVIEST = {
    "thread": r"threads/(?!page/)[^/]+/index\.html",
    "week": r"weeks/\d{4}-W\d{2}/index\.html",
    "entry": r"\d{4}/\d{2}/\d{2}/(?!page/)[^/]+/index\.html",
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--content", type=Path, help="a generated corpus (default: make one)")
    ap.add_argument("--entries", type=int, default=10_000, help="entries to generate")
    ap.add_argument("--out", type=Path, help="where to build (default: a temporary folder)")
    return ap.parse_args(argv)


def heaviest_pages(root: Path) -> dict[str, Path]:
    """Page type -> its largest file; a type the site lacks is left out."""
    files = [p for p in root.rglob("index.html") if p.relative_to(root).parts[0] != "pagefind"]
    chosen = {}
    for page_type, pattern in HEAVIEST.items():
        matches = [p for p in files if re.fullmatch(pattern, p.relative_to(root).as_posix())]
        if matches:
            chosen[page_type] = max(matches, key=lambda p: (p.stat().st_size, p.as_posix()))
    return chosen


def build(content: Path, out: Path, base_url: str) -> None:
    command = [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
               "--out", str(out), "--base-url", base_url, "--no-search", "--no-cache", "-q"]  # fmt: skip
    subprocess.run(command, cwd=REPO, check=True)


def audit(content: Path, out: Path) -> int:
    """Build, serve and audit; 1 when a page misses a required score."""
    short = 0
    with serve_site(out) as server:
        build(content, out, server.base_url)
        pages = heaviest_pages(out)
        missing = sorted(set(HEAVIEST) - set(pages))
        if missing:
            print(f"no page of type {', '.join(missing)} in this build")
        for page_type, file in pages.items():
            path = "/" + file.parent.relative_to(out).as_posix() + "/"
            result = best_of_runs(server.url(path))
            below = {k: v for k, v in result.scores.items() if v < REQUIRED[k]}
            short += bool(below)
            print(f"{page_type:7} {path} {file.stat().st_size // 1024} KB html: {result.scores}")
            for name in below:
                print(f"        {name}: " + "; ".join(result.failures.get(name, [])))
    return 1 if short else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-lighthouse-") as scratch:
        content = args.content
        if content is None:
            content = Path(scratch) / "content"
            subprocess.run(
                [sys.executable, str(MAKE_CORPUS), str(content), "--entries", str(args.entries)],
                check=True,
            )
        return audit(content, (args.out or Path(scratch) / "site").resolve())


if __name__ == "__main__":
    sys.exit(main())
