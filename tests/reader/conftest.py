"""Session fixtures for the reader's quality bars: Lighthouse, page weight, layout shift, print.

The reader site is the shipped briefing with one entry given a correction and a source URL
(the shipped sources have none), so that entry shows every section an entry can have. It is
built with search by running `build.py` for the very origin it is served on: canonical
links then stay on that origin, as Lighthouse's SEO audit wants. The generated corpus is
built without search, for the weight checks.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import Browser, launch_chromium
from tests.support.sites import (
    CORPUS_BASE_URL,
    BuiltSite,
    generate_corpus,
    run_build,
)
from tests.support.static_server import RunningServer, serve_site

REPO_ROOT = Path(__file__).resolve().parents[2]

# The shipped entry that already has a trend, indicators and statements gets the rest too.
ENRICHED_ENTRY = "entries/2022/2022-01-28-putin-macron-call.md"
SOURCE_TITLE = '    title: "Putin Says U.S. Ignored Russia’s Demands – Kremlin"\n'
SOURCE_URL = "    url: https://news.example.com/2022/01/28/putin-says-us-ignored-russias-demands\n"
CORRECTION = (
    "corrections:\n"
    "  - date: 2022-01-29\n"
    "    text: An earlier version said the call lasted two hours; the Kremlin gave no length.\n"
)


def enrich(entry_file: Path) -> None:
    """Give the entry's source a URL, and add a `corrections:` list to its front matter."""
    text = entry_file.read_text(encoding="utf-8")
    assert SOURCE_TITLE in text, f"{entry_file} no longer has the source this fixture expects"
    text = text.replace(SOURCE_TITLE, SOURCE_TITLE + SOURCE_URL, 1)
    end = text.index("\n---\n", 3) + 1  # the line that closes the front matter
    entry_file.write_text(text[:end] + CORRECTION + text[end:], encoding="utf-8")


@pytest.fixture(scope="session")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltSite, RunningServer]]:
    """The shipped briefing, one entry enriched, served on 127.0.0.1 and built for that origin."""
    scratch = tmp_path_factory.mktemp("reader")
    content = scratch / "content"
    shutil.copytree(REPO_ROOT / "content", content)
    enrich(content / ENRICHED_ENTRY)
    out = scratch / "site"
    # Serve first: the port is known only then, and the build needs it for its base URL.
    with serve_site(out) as server:
        run_build(content, out, server.base_url)
        yield BuiltSite("shipped", out, server.base_url), server


@pytest.fixture(scope="session")
def reader_site(reader: tuple[BuiltSite, RunningServer]) -> BuiltSite:
    return reader[0]


@pytest.fixture(scope="session")
def reader_server(reader: tuple[BuiltSite, RunningServer]) -> RunningServer:
    return reader[1]


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A generated 120-entry corpus (tests/support/corpus.py), built without search."""
    content = generate_corpus(tmp_path_factory.mktemp("reader-corpus") / "content")
    out = content.parent / "site"
    run_build(content, out, CORPUS_BASE_URL, "--no-search")
    return BuiltSite("corpus", out, CORPUS_BASE_URL)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched once per session (skips, or fails in CI, when missing)."""
    with launch_chromium() as browser:
        yield browser
