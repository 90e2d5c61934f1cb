"""The Pagefind search index of the entry pages (I/O: Pagefind's binary as a subprocess).

The CLI reads the written entry pages back; that measured faster than feeding Pagefind's
service from memory (benchmarks/search_bench.py): the pages render on every core, and
the service would then parse on those same cores and still build the index afterwards.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pagefind_bin

BUNDLE = "pagefind"  # the bundle's folder in the site, and its URL path
# Entry pages only (YYYY/MM/DD/slug/, as Entry.url): Pagefind never even parses the lists.
ENTRY_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own output is the message."""


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
    """Index the entry pages of the site at root into root/pagefind/.

    Pagefind prints only when verbose; when it fails, what it printed is the error.
    """
    if not has_entry_pages(root):
        return
    try:
        command = pagefind_command(executable(), root, verbose=verbose)
        result = subprocess.run(command, capture_output=not verbose, text=True, check=False)
    except OSError as exc:  # a missing or unusable binary
        raise SearchIndexError(f"pagefind could not run: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed (exit {result.returncode}): {_printed(result)}")


def _printed(result: subprocess.CompletedProcess[str]) -> str:
    """What Pagefind printed, each line once (it repeats its fatal error per worker)."""
    lines = f"{result.stderr or ''}\n{result.stdout or ''}".splitlines()
    return "\n".join(dict.fromkeys(line.rstrip() for line in lines if line.strip()))
