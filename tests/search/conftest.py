"""Session fixtures for the search tests: the fixture and shipped briefings, built with search
once per session, each served with netlify.toml's headers, and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.search.sites import (
    FIXTURE_BASE_URL,
    FIXTURE_FILES,
    SHIPPED_BASE_URL,
    build_or_fail,
    write_tree,
)
from tests.support.browser import Browser, launch_chromium
from tests.support.sites import BuiltSite
from tests.support.static_server import RunningServer, serve_site

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def fixture_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("search-content"), FIXTURE_FILES)


@pytest.fixture(scope="session")
def fixture_site(fixture_content: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture briefing built with search, for https://example.org/briefing/."""
    out = tmp_path_factory.mktemp("search-fixture") / "site"
    build_or_fail(fixture_content, out, "--base-url", FIXTURE_BASE_URL, "-q")
    return BuiltSite("fixture", out, FIXTURE_BASE_URL)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The shipped briefing (content/) built with search at a root base URL."""
    out = tmp_path_factory.mktemp("search-shipped") / "site"
    build_or_fail(REPO_ROOT / "content", out, "--base-url", SHIPPED_BASE_URL, "-q")
    return BuiltSite("shipped", out, SHIPPED_BASE_URL)


@pytest.fixture(scope="session")
def fixture_server(fixture_site: BuiltSite) -> Iterator[RunningServer]:
    """The fixture served at /briefing/ with netlify.toml's headers (its CSP included)."""
    with serve_site(fixture_site.root, mount=fixture_site.mount) as server:
        yield server


@pytest.fixture(scope="session")
def shipped_server(shipped_site: BuiltSite) -> Iterator[RunningServer]:
    with serve_site(shipped_site.root, mount=shipped_site.mount) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched once per session (skips, or fails in CI, when missing)."""
    with launch_chromium() as browser:
        yield browser
