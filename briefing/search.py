"""The Pagefind search index, run over the staged site (I/O: a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own output is the message."""


def index_site(root: Path, *, verbose: bool) -> None:
    """Index the entry pages of the site at root into root/pagefind/."""
    command = [
        sys.executable, "-m", "pagefind_bin",
        "--site", str(root),
        "--output-subdir", "pagefind",
    ]  # fmt: skip
    if not verbose:
        command.append("--quiet")
    result = subprocess.run(command, capture_output=not verbose, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or "") + (result.stdout or "")
        raise SearchIndexError(f"pagefind failed (exit {result.returncode}): {detail.strip()}")
