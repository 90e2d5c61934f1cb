#!/usr/bin/env python3
"""Preview benchmark: from saving an entry to its rebuilt page being served, by `serve`.

    python benchmarks/serve_bench.py                       # 1,000 and 10,000 entries
    python benchmarks/serve_bench.py --entries 1000 --edits 30
    python benchmarks/serve_bench.py --search              # Pagefind re-indexing meanwhile

Corpora come from ../shared/bench/make_corpus.py (seed 1) and are copied, with the
templates, to a temporary folder; `python build.py serve --port 0` runs on them as an
editor would run it. Each edit rewrites one entry file in place (as most editors save)
with a new marker, and the clock stops when an HTTP GET of that entry's page returns the
marker, fetched as an open page would reload it: on each new generation the server announces
over its live-reload stream (polling instead would steal the server's time); a second clock stops when the server prints that its run is
done, every list and feed up to date (the edited entry's page comes first). The server runs the build's own engine, its state kept in
memory between saves. Body edits change only the entry's page; title edits also change its
lists, neighbours, related entries, feeds and snapshots. Printed: the median,
[min-max] and the 90th percentile, in milliseconds. The goal (issue 4) is a median under
150 ms at 1,000 entries and under 300 ms at 10,000.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"
GOALS_MS = {1000: 150, 10000: 300}
FILE_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)\.md")


class Server:
    """`build.py serve` in a subprocess; its stdout is collected in the background."""

    def __init__(self, content: Path, templates: Path, out: Path, search: bool) -> None:
        command = [
            sys.executable, str(REPO / "build.py"), "serve", "--content", str(content),
            "--templates", str(templates), "--out", str(out), "--port", "0",
            *([] if search else ["--no-search"]),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.lines: list[str] = []
        self.stamps: list[float] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(600):
            raise SystemExit("the server did not start:\n" + "".join(self.lines))
        match = re.search(r"serving http://127\.0\.0\.1:(\d+)(/\S*)", "".join(self.lines))
        assert match, self.lines
        self.port, self.base = int(match.group(1)), match.group(2)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        # What an open page hears: each new build's generation, over the live-reload stream.
        self.generations: list[int] = []
        self.generation_seen = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        events = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
        events.request("GET", "/__briefing/events", headers={"Sec-Fetch-Site": "same-origin"})
        response = events.getresponse()
        for raw in response:
            line = raw.decode("utf-8", "replace")
            if line.startswith("data: "):
                generation = json.loads(line[6:])["generation"]
                with self.generation_seen:
                    self.generations.append(generation)
                    self.generation_seen.notify_all()

    def next_generation(self, after: int, deadline: float) -> int:
        """How many generations were announced, once more than `after` were."""
        with self.generation_seen:
            self.generation_seen.wait_for(
                lambda: len(self.generations) > after, deadline - time.perf_counter()
            )
            return len(self.generations)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            self.stamps.append(time.perf_counter())
            if line.startswith("serving "):
                self.ready.set()

    def fetch(self, site_path: str) -> str:
        self.connection.request("GET", self.base + site_path)
        return self.connection.getresponse().read().decode("utf-8", "replace")

    def stop(self) -> None:
        self.connection.close()
        self.process.send_signal(2)
        self.process.wait(60)


def corpus(entries: int, work: Path) -> Path:
    target = work / "content"
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(target), "--entries", str(entries)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def page_of(relative: str) -> str:
    year, month, day, slug = FILE_NAME.fullmatch(relative.rsplit("/", 1)[-1]).groups()  # type: ignore[union-attr]
    return f"{year}/{month}/{day}/{slug}/"


def timed_edit(
    server: Server, file: Path, site_path: str, change: str, number: int
) -> tuple[float, float]:
    """Milliseconds from the save to the page that shows it, and to the end of the run that
    brings every page up to date (the server's "rebuilt" line)."""
    printed = len(server.lines)
    text = file.read_text(encoding="utf-8")
    marker = f"Marker{number:04d}x{random.randrange(10**9)}"
    if change == "title":
        edited = re.sub(r'^title: "?(.*?)"?$', f'title: "{marker} \\1"', text, count=1, flags=re.M)
    else:
        edited = text.replace("\n---\n", f"\n---\n\n{marker}.\n", 1)
    with file.open("w", encoding="utf-8") as handle:
        handle.write(edited)
    heard = len(server.generations)
    saved = time.perf_counter()
    deadline = saved + 30
    # As a page open in a browser: reload on each new generation until the edit shows.
    while True:
        heard = server.next_generation(heard, deadline)
        if marker in server.fetch(site_path):
            break
        if time.perf_counter() > deadline:
            raise SystemExit(f"{site_path}: the edit never showed")
    served = (time.perf_counter() - saved) * 1000
    while not any(line.startswith("rebuilt") for line in server.lines[printed:]):
        if time.perf_counter() > deadline:
            raise SystemExit(f"{site_path}: the run never finished")
        time.sleep(0.002)
    done = next(
        i for i in range(printed, len(server.lines)) if server.lines[i].startswith("rebuilt")
    )
    return served, (server.stamps[done] - saved) * 1000


def run(entries: int, edits: int, search: bool) -> dict[str, list[float]]:
    work = Path(
        tempfile.mkdtemp(
            prefix="serve-bench-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None
        )
    )
    try:
        content = corpus(entries, work)
        templates = work / "templates"
        shutil.copytree(REPO / "templates", templates)
        started = time.perf_counter()
        server = Server(content, templates, work / "site", search)
        print(f"{entries} entries: first build and start {time.perf_counter() - started:.1f}s")
        files = sorted(
            p.relative_to(content).as_posix() for p in (content / "entries").rglob("*.md")
        )
        chooser = random.Random(1)
        results: dict[str, list[float]] = {"body": [], "title": [], "body run": [], "title run": []}
        try:
            for number in range(edits * 2):
                change = "body" if number % 2 == 0 else "title"
                relative = chooser.choice(files)
                served, done = timed_edit(
                    server, content / relative, page_of(relative), change, number
                )
                results[change].append(served)
                results[f"{change} run"].append(done)
                time.sleep(0.1)  # let any reindex settle
        finally:
            server.stop()
        rebuilds = [float(m) for m in re.findall(r"rebuilt .* in (\d+) ms", "".join(server.lines))]
        if rebuilds:
            print(
                f"  (the server's own rebuild times: median {statistics.median(rebuilds):.0f} ms)"
            )
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (f"median {statistics.median(times):6.1f} ms [{ordered[0]:.1f}-{ordered[-1]:.1f}]"
            f", p90 {p90:.1f} ms, n={len(times)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--edits", type=int, default=20, help="edits of each kind")
    parser.add_argument("--search", action="store_true", help="keep Pagefind re-indexing on")
    args = parser.parse_args()
    for entries in args.entries:
        results = run(entries, args.edits, args.search)
        everything = results["body"] + results["title"]
        goal = GOALS_MS.get(entries)
        verdict = "" if goal is None else (
            f"  goal < {goal} ms: {'met' if statistics.median(everything) < goal else 'missed'}"
        )  # fmt: skip
        print(f"  body edits : {summary(results['body'])}")
        print(f"  title edits: {summary(results['title'])}")
        print(f"  all edits  : {summary(everything)}{verdict}")
        print("  until the run ends (every list and feed up to date):")
        print(f"  body edits : {summary(results['body run'])}")
        print(f"  title edits: {summary(results['title run'])}")


if __name__ == "__main__":
    main()
