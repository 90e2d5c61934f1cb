"""The Pagefind search index of the entry pages (I/O: Pagefind's binary as a subprocess).

Pagefind's CLI reads the written entry pages back, and only those (a glob): that measured
faster than its service fed the HTML from memory, and the `pagefind` package's Python
client waits 100 ms per page (benchmarks/search_bench.py). `indexing` lets Pagefind run
while the build writes the other pages, once every entry page is written.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pagefind_bin

BUNDLE = "pagefind"  # the bundle's folder in the site, and its URL path
# Entry pages only (YYYY/MM/DD/slug/, as Entry.url): Pagefind never even parses the lists.
ENTRY_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"


class SearchIndexError(RuntimeError):
    """Pagefind failed; what it printed is the message."""


def executable() -> Path:
    """The Pagefind binary installed by the `pagefind-bin` package (declared in pyproject)."""
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
    """Index the entry pages of the site at root into root/pagefind/."""
    with indexing(root, verbose=verbose):
        pass


@contextmanager
def indexing(root: Path, *, verbose: bool) -> Iterator[None]:
    """Index the entry pages already under root while the block runs; wait at its end.

    The block may write other pages (Pagefind reads only the entry pages) but must not
    change an entry page. Pagefind prints only when verbose; if it fails, SearchIndexError
    carries what it printed; if the block fails, Pagefind is stopped.
    """
    if not has_entry_pages(root):
        yield
        return
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = _start(pagefind_command(executable(), root, verbose=verbose), verbose, log)
        try:
            yield
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.wait() != 0:
            log.seek(0)
            printed = "see its output above" if verbose else _once(log)
            raise SearchIndexError(f"pagefind failed (exit {process.returncode}): {printed}")


def _start(command: list[str], verbose: bool, log: IO[str]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=None if verbose else log,
            stderr=None if verbose else subprocess.STDOUT,
        )  # fmt: skip
    except OSError as exc:  # a missing or unusable binary
        raise SearchIndexError(f"pagefind could not run: {exc}") from None


def _once(log: IO[str]) -> str:
    """What Pagefind printed, each line once (it repeats a fatal error for every thread)."""
    lines = (line.rstrip() for line in log.read().splitlines() if line.strip())
    return "\n".join(dict.fromkeys(lines))
