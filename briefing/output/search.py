"""The Pagefind search index of the entry pages (I/O: Pagefind's binary as a subprocess).

Pagefind's CLI reads the written entry pages back, and only those (a glob). Measured at
10,000 entries (benchmarks/search_bench.py), that beats feeding Pagefind's service the HTML
from memory (more CPU, and the bundle is still built at the end), the `pagefind` package's
Python client (it waits 100 ms for every page), and starting Pagefind while the list pages
are still being written (no gain: both compete for the same two cores). `serve` runs it
in the background through a SearchRefresher, once saves are quiet.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BUNDLE = "pagefind"  # the bundle's folder in the site, and its URL path
# Entry pages only (YYYY/MM/DD/slug/, as Entry.url): Pagefind never even parses the lists.
ENTRY_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"


class SearchIndexError(RuntimeError):
    """Pagefind failed; what it printed is the message."""


def executable() -> Path:
    """The Pagefind binary installed by the `pagefind-bin` package (declared in pyproject)."""
    import pagefind_bin  # here: builds without search never need it

    return Path(pagefind_bin.get_executable())


def pagefind_command(binary: Path, root: Path, *, verbose: bool) -> list[str]:
    """The command line that indexes the entry pages of the site at root."""
    return [
        str(binary), "--site", str(root), "--output-subdir", BUNDLE, "--glob", ENTRY_GLOB,
        "--verbose" if verbose else "--quiet",
    ]  # fmt: skip


def has_entry_pages(root: Path) -> bool:
    """Pagefind fails on a site with nothing to index, such as a new one without entries."""
    return next(root.glob(ENTRY_GLOB), None) is not None


def index_site(root: Path, *, verbose: bool) -> None:
    """Index the entry pages of the site at root into root/pagefind/.

    Pagefind prints only when verbose; if it fails, SearchIndexError carries what it printed.
    """
    if not has_entry_pages(root):
        return
    command = pagefind_command(executable(), root, verbose=verbose)
    try:
        result = subprocess.run(command, capture_output=not verbose, text=True, check=False)
    except OSError as exc:  # a missing or unusable binary
        raise SearchIndexError(f"pagefind could not run: {exc}") from None
    if result.returncode != 0:
        printed = "see its output above" if verbose else _once(result.stdout + result.stderr)
        raise SearchIndexError(f"pagefind failed (exit {result.returncode}): {printed}")


def _once(printed: str) -> str:
    """What Pagefind printed, each line once (it repeats a fatal error for every thread)."""
    lines = (line.rstrip() for line in printed.splitlines() if line.strip())
    return "\n".join(dict.fromkeys(lines))


@dataclass
class SearchRefresher:
    """Runs Pagefind over the served folder in the background, once saves are quiet."""

    root: Path
    delay: float
    report: Callable[[str], None]
    _due: float | None = None
    _wake: threading.Event = field(default_factory=threading.Event)
    _stopping: bool = False
    _thread: threading.Thread | None = None

    def request(self) -> None:
        self._due = time.monotonic() + self.delay
        self._wake.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="preview-search", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait()
            self._wake.clear()
            while not self._stopping and self._due is not None:
                wait = self._due - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    self._wake.clear()
                    continue
                self._due = None
                self._index()

    def _index(self) -> None:
        started = time.perf_counter()
        try:
            index_site(self.root, verbose=False)
        except SearchIndexError as exc:
            self.report(f"search index not refreshed: {exc}")
            return
        self.report(f"search index refreshed in {time.perf_counter() - started:.1f}s")
