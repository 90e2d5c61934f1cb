"""A site built by `build.py` for the publish tests, and the build command itself."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.corpus import CorpusShape, write_corpus
from tests.support.site_pages import pages_by_type, site_path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_ENTRIES = 120
CORPUS_BASE_URL = "https://example.org/briefing/"


@dataclass(frozen=True)
class BuiltSite:
    """A site built into `root` for `base_url`."""

    name: str
    root: Path
    base_url: str

    @property
    def mount(self) -> str:
        """The URL path the site lives under (`/` or `/briefing/`)."""
        return urlsplit(self.base_url).path or "/"

    def url_for(self, file: Path) -> str:
        """The public absolute URL of an output file."""
        return self.base_url + site_path(self.root, file).lstrip("/")

    def file_for(self, url: str) -> Path | None:
        """The output file a public URL serves, or None if it is outside the site or absent."""
        if not url.startswith(self.base_url):
            return None
        relative = urlsplit(url).path[len(self.mount) :]
        candidate = self.root / relative
        if url.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def pages(self) -> dict[str, Path]:
        """One page of each page type present in the output."""
        return pages_by_type(self.root)


def run_build(content: Path, out: Path, base_url: str, *extra: str) -> None:
    """Build a site with `python build.py build`; fail the test with its output if it fails."""
    # Cold builds (--no-cache): a cache must not hide what a fresh build writes.
    command = [
        sys.executable, "build.py", "build",
        "--content", str(content), "--out", str(out), "--base-url", base_url,
        "--no-cache", "-q", *extra,
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}",
            pytrace=False,
        )


def generate_corpus(content: Path) -> Path:
    """A generated corpus of CORPUS_ENTRIES entries (tests/support/corpus.py) in content."""
    return write_corpus(content, CorpusShape(entries=CORPUS_ENTRIES))


def search_word(site: BuiltSite) -> str:
    """The longest word of an entry's <h1>: entry pages are indexed, so search must find it."""
    entry = site.pages()["entry"].read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", entry, re.DOTALL)
    words: list[str] = re.findall(
        r"\w{4,}", re.sub(r"<[^>]+>", " ", match.group(1) if match else "")
    )
    assert words, f"{site.name}: the entry page has no <h1> to take a search word from"
    return max(words, key=len)
