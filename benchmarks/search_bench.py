#!/usr/bin/env python3
"""Search benchmark: the build with and without search, Pagefind's index time, size and
files, and the bytes a browser fetches for a first query and its first 5 results.

    python benchmarks/search_bench.py                      # 1,000 and 10,000 entries
    python benchmarks/search_bench.py --entries 1000 --runs 5
    python benchmarks/search_bench.py --alternatives       # also the other ways to index

Corpora come from ../shared/bench/make_corpus.py (seed 1, as the peers' baselines in
../shared/bench/peers/RESULTS.md) and are built onto tmpfs (/dev/shm) under a base URL
with a path, https://example.org/briefing/. Times are medians of --runs runs after one
warm-up, [min-max] beside them; cpu is user+sys of every process the command ran; peak
is the largest single process. The bytes are counted in Chromium (Playwright's response
bodies, each request of a fresh browser context) with the site served as stored, on
127.0.0.1 with netlify.toml's headers.

--alternatives also times, on the same pages: Pagefind's CLI over every page (no glob);
Pagefind's service fed the entry pages' HTML from memory (what an in-process hook in the
renderer would do), through a small client; and the `pagefind` package's Python API on a
sample of pages, extrapolated (its client waits 100 ms for each reply); and it counts the
bytes of the same first query through Pagefind's stock UI (pagefind-ui.js) instead of ours.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import concurrent.futures
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefing.output import search  # noqa: E402

MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
BASE_URL = "https://example.org/briefing/"
MOUNT = "/briefing/"
WORDS = ("ceasefire", "tbilisi", "okafor")  # as in RESULTS.md section 5
ENTRY_PAGE = re.compile(r"\d{4}/\d{2}/\d{2}/[^/]+/index\.html")

# ../shared/bench/peers/RESULTS.md: Hugo's cold build (section 1) and Pagefind over Hugo's
# output, entry pages only (section 5), median wall seconds; a first query's bytes (raw JS).
HUGO = {1000: 0.333, 4000: 1.429, 10000: 4.606}
PAGEFIND_ON_HUGO = {1000: 0.608, 4000: 2.515, 10000: 6.532}
PEER_QUERY_BYTES = {10000: {"ceasefire": 287_308, "tbilisi": 247_407, "okafor": 258_461}}


@dataclass(frozen=True)
class Timing:
    walls: list[float]
    cpus: list[float]
    peak_mib: float

    def __str__(self) -> str:
        wall = statistics.median(self.walls)
        spread = f"[{min(self.walls):.2f}-{max(self.walls):.2f}]"
        cpu = statistics.median(self.cpus)
        return f"{wall:6.2f} s {spread:13} cpu {cpu:6.2f} s  peak {self.peak_mib:6.0f} MiB"

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)


def timed(action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
          ) -> Timing:  # fmt: skip
    """Run action once to warm up, then `runs` times; wall and cpu (reaped children too)."""
    walls, cpus = [], []
    for number in range(runs + 1):
        before()
        start_usage = _cpu()
        start = time.perf_counter()
        action()
        wall, cpu = time.perf_counter() - start, _cpu() - start_usage
        if number:
            walls.append(wall)
            cpus.append(cpu)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Timing(walls, cpus, peak)


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def run(command: Sequence[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout}{result.stderr}")


def corpus(work: Path, entries: int) -> Path:
    folder = work / f"corpus-{entries}"
    if not (folder / "site.yaml").is_file():
        run([sys.executable, str(MAKE_CORPUS), str(folder), "--entries", str(entries)])
    return folder


def build_command(content: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "build.py", "build", "--content", str(content), "--out", str(out),
            "--base-url", BASE_URL, "--no-cache", "-q", *extra]  # fmt: skip


# --- The bundle -----------------------------------------------------------------------


def bundle_stats(root: Path) -> dict[str, tuple[int, int]]:
    """(files, bytes) of the bundle, in total and by the kind of file."""
    kinds: dict[str, list[int]] = {}
    for path in (root / search.BUNDLE).rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(root / search.BUNDLE).as_posix()
        if "/" in relative:
            kind = relative.split("/")[0]
        elif relative.endswith(".pf_meta"):
            kind = "pf_meta"
        elif relative in ("pagefind.js", "pagefind-entry.json") or relative.startswith("wasm.en"):
            kind = "fixed (fetched)"
        else:
            kind = "fixed (not fetched)"
        kinds.setdefault(kind, []).append(path.stat().st_size)
        kinds.setdefault("total", []).append(path.stat().st_size)
    return {kind: (len(sizes), sum(sizes)) for kind, sizes in sorted(kinds.items())}


def page_count(root: Path) -> int:
    entry = json.loads((root / search.BUNDLE / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


# --- Other ways to index ----------------------------------------------------------------


def entry_pages(root: Path) -> dict[str, str]:
    """Site path -> HTML of every entry page, read before any timing starts."""
    pages = {}
    for path in sorted(root.rglob("index.html")):
        relative = path.relative_to(root).as_posix()
        if ENTRY_PAGE.fullmatch(relative):
            pages[relative.removesuffix("index.html")] = path.read_text(encoding="utf-8")
    return pages


def index_with_service(pages: dict[str, str], root: Path) -> None:
    """Pagefind's service (`pagefind --service`), fed the HTML from memory."""
    process = subprocess.Popen(
        [str(search.executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    replies: list[dict[str, Any]] = []
    arrived = threading.Condition()

    def read() -> None:
        pending = b""
        assert process.stdout is not None
        while chunk := os.read(process.stdout.fileno(), 1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            with arrived:
                replies.extend(json.loads(base64.b64decode(m))["payload"] for m in messages)
                arrived.notify_all()

    def send(number: int, payload: dict[str, Any]) -> None:
        message = json.dumps({"message_id": number, "payload": payload}).encode()
        process.stdin.write(base64.b64encode(message) + b",")  # type: ignore[union-attr]

    def wait_for(count: int) -> None:
        with arrived:
            arrived.wait_for(lambda: len(replies) >= count, timeout=600)
        errors = [r for r in replies if r.get("type") == "Error"]
        if errors:
            sys.exit(f"pagefind service: {errors[:3]}")

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    send(1, {"type": "NewIndex", "config": None})
    process.stdin.flush()
    wait_for(1)
    index_id = replies[0]["index_id"]
    for number, (path, html) in enumerate(pages.items(), start=2):
        send(number, {"type": "AddFile", "index_id": index_id, "url": "/" + path,
                      "file_path": None, "file_contents": html})  # fmt: skip
    output = str((root / search.BUNDLE).resolve())
    send(len(pages) + 2, {"type": "WriteFiles", "index_id": index_id, "output_path": output})
    process.stdin.flush()
    wait_for(len(pages) + 2)
    process.stdin.close()
    process.wait()


def python_api_seconds_per_page(pages: dict[str, str], sample: int, out: Path) -> float:
    """The `pagefind` package's PagefindIndex.add_html_file, on `sample` pages."""
    from pagefind.index import IndexConfig, PagefindIndex

    chosen = list(pages.items())[:sample]

    async def index() -> float:
        config = IndexConfig(output_path=str(out))
        async with PagefindIndex(config) as pagefind:
            start = time.perf_counter()
            await asyncio.gather(*(pagefind.add_html_file(content=html, url="/" + path)
                                   for path, html in chosen))  # fmt: skip
            return (time.perf_counter() - start) / len(chosen)

    # In a thread of its own: Playwright's sync API may have left this one an event loop.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, index()).result()


# --- In the browser ---------------------------------------------------------------------


def query_bytes(root: Path, words: Sequence[str]) -> list[dict[str, Any]]:
    """What Chromium fetches for /search/?q=WORD: first query with its first 5 results."""
    from tests.support.browser import launch_chromium
    from tests.support.static_server import serve_site

    found = []
    with serve_site(root, mount=MOUNT) as server, launch_chromium() as chromium:
        for word in words:
            with chromium.page() as (page, problems):
                fetched: list[tuple[str, int]] = []

                def finished(request: Any, into: list[tuple[str, int]] = fetched) -> None:
                    response = request.response()
                    into.append((request.url, len(response.body()) if response else 0))

                page.on("requestfinished", finished)
                page.goto(server.url(f"/search/?q={word}"))
                page.wait_for_function(
                    "() => /found/.test(document.getElementById('search-status').textContent)"
                )
                page.wait_for_load_state("networkidle")
                first = list(fetched)
                page.click("#facets-toggle")
                page.wait_for_selector("#search-facets fieldset")
                page.wait_for_load_state("networkidle")
                found.append(_count(word, first, fetched[len(first):], page.inner_text(
                    "#search-status"), problems.all()))  # fmt: skip
    return found


STOCK_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Stock UI</title>
<link href="{bundle}pagefind-ui.css" rel="stylesheet"></head><body><div id="search"></div>
<script src="{bundle}pagefind-ui.js"></script><script src="{page}stock.js"></script></body></html>
"""
STOCK_SCRIPT = """window.addEventListener("DOMContentLoaded", () => {
  new PagefindUI({ element: "#search", sort: { date: "desc" } });
});
"""


def stock_ui_bytes(root: Path, word: str) -> int:
    """The same first query through Pagefind's stock UI (pagefind-ui.js), for comparison."""
    from tests.support.browser import launch_chromium
    from tests.support.static_server import serve_site

    folder = root / "stock-ui"
    folder.mkdir(exist_ok=True)
    bundle, page_path = f"{MOUNT}{search.BUNDLE}/", f"{MOUNT}stock-ui/"
    (folder / "index.html").write_text(STOCK_PAGE.format(bundle=bundle, page=page_path))
    (folder / "stock.js").write_text(STOCK_SCRIPT)
    fetched: list[int] = []

    def finished(request: Any) -> None:
        response = request.response()
        if response is not None and f"{MOUNT}{search.BUNDLE}/" in request.url:
            fetched.append(len(response.body()))

    try:
        with (
            serve_site(root, mount=MOUNT) as server,
            launch_chromium() as chromium,
            chromium.page() as (page, _),
        ):
            page.on("requestfinished", finished)
            page.goto(server.url("/stock-ui/"))
            page.fill("#search input", word)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
    finally:
        shutil.rmtree(folder)
    return sum(fetched)


def _count(word: str, first: list[tuple[str, int]], facets: list[tuple[str, int]],
           status: str, problems: list[str]) -> dict[str, Any]:  # fmt: skip
    pagefind = [(url, size) for url, size in first if f"{MOUNT}{search.BUNDLE}/" in url]
    return {
        "word": word,
        "matches": status.split(" ")[0],
        "pagefind": sum(size for _, size in pagefind),
        "page": sum(size for _, size in first),
        "requests": len(first),
        "fragments": sum(1 for url, _ in pagefind if "/fragment/" in url),
        "index chunk": sum(size for url, size in pagefind if "/index/" in url),
        "facets": sum(size for _, size in facets),
        "problems": [p for p in problems if "favicon.ico" not in p],
    }


# --- Report -----------------------------------------------------------------------------


def measure(entries: int, args: argparse.Namespace) -> None:
    content = corpus(args.work, entries)
    out = args.work / f"site-{entries}"
    print(f"\n== {entries} entries ({content}) ==")
    plain = timed(lambda: run(build_command(content, out, "--no-search")), args.runs)
    full = timed(lambda: run(build_command(content, out)), args.runs)
    goal = 0.8 * (HUGO.get(entries, 0) + PAGEFIND_ON_HUGO.get(entries, 0))
    print(f"build without search     {plain}")
    print(f"build with search        {full}")
    if entries in HUGO:
        print(f"  goal: at most 0.8 x (Hugo {HUGO[entries]} s + Pagefind on Hugo's output "
              f"{PAGEFIND_ON_HUGO[entries]} s) = {goal:.2f} s; "
              f"measured {full.wall:.2f} s = {full.wall / goal * 0.8:.2f} x")  # fmt: skip
    bundle = out / search.BUNDLE
    command = search.pagefind_command(search.executable(), out, verbose=False)
    cli = timed(lambda: run(command), args.runs, before=lambda: shutil.rmtree(bundle))
    print(f"index (Pagefind CLI, entry pages, as the build runs it)  {cli}")
    stats = bundle_stats(out)
    print(f"index: {page_count(out)} pages; {stats['total'][0]} files, "
          f"{stats['total'][1]:,} bytes")  # fmt: skip
    for kind, (files, size) in stats.items():
        if kind != "total":
            print(f"  {kind:20} {files:6} files {size:12,} bytes")
    if args.alternatives:
        alternatives(out, command, args)
    if not args.skip_browser:
        browser_report(out, entries)
        if args.alternatives:
            word = WORDS[1]
            print(f"alt: Pagefind's stock UI, first query for {word!r}: "
                  f"{stock_ui_bytes(out, word):,} bytes under /pagefind/")  # fmt: skip


def alternatives(out: Path, command: list[str], args: argparse.Namespace) -> None:
    bundle = out / search.BUNDLE
    every = [part for part in command if part not in ("--glob", search.ENTRY_GLOB)]
    whole = timed(lambda: run(every), args.runs, before=lambda: shutil.rmtree(bundle))
    print(f"alt: CLI over every page (no glob)            {whole}")
    pages = entry_pages(out)
    service = timed(lambda: index_with_service(pages, out), args.runs,
                    before=lambda: shutil.rmtree(bundle, ignore_errors=True))  # fmt: skip
    print(f"alt: service fed the HTML from memory         {service}")
    sample = min(args.api_sample, len(pages))
    scratch = args.work / "api-bundle"
    per_page = python_api_seconds_per_page(pages, sample, scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"alt: pagefind Python API, {sample} pages: {per_page * 1000:.0f} ms a page, "
          f"so about {per_page * len(pages):.0f} s for {len(pages)} pages")  # fmt: skip


def browser_report(out: Path, entries: int) -> None:
    print("first query in Chromium (bytes as stored; pagefind = files under /pagefind/, "
          "page = everything, the search page's HTML, CSS and JS included):")  # fmt: skip
    peers = PEER_QUERY_BYTES.get(entries, {})
    for row in query_bytes(out, WORDS):
        peer = f"  peers (Hugo + Pagefind, entries only): {peers[row['word']]:,}" if peers else ""
        print(f"  {row['word']:10} {row['matches']:>6} matches  pagefind {row['pagefind']:8,}  "
              f"page {row['page']:8,}  ({row['requests']} requests, index chunk "
              f"{row['index chunk']:,}, {row['fragments']} fragments){peer}")  # fmt: skip
        print(
            f"  {'':10} opening the filters adds {row['facets']:,} bytes"
            + (f"; problems: {row['problems']}" if row["problems"] else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs after a warm-up")
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/briefing-search-bench"))
    parser.add_argument("--alternatives", action="store_true", help="time other ways to index")
    parser.add_argument("--api-sample", type=int, default=50, help="pages for the Python API")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium byte counts")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"pagefind {search.executable()}; {os.cpu_count()} cpus; "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    for entries in args.entries:
        measure(entries, args)


if __name__ == "__main__":
    main()
