"""Session fixtures for the publish tests: the shipped briefing and a generated corpus.

Each site is built once per session into a temporary folder by running `build.py`
as a user would. The shipped briefing is built at a root base URL, the generated
corpus at a base URL with a path, so both layouts are validated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import Browser, launch_chromium
from tests.support.netlify_headers import HeaderRule, load_rules
from tests.support.sites import (
    CORPUS_BASE_URL,
    BuiltSite,
    generate_corpus,
    run_build,
)
from tests.support.static_server import RunningServer, serve_site

REPO_ROOT = Path(__file__).resolve().parents[2]

SHIPPED_BASE_URL = "https://briefing.example.org/"
SITE_NAMES = ["shipped", "corpus"]


@pytest.fixture(scope="session")
def corpus_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus with every optional field (tests/support/corpus.py)."""
    return generate_corpus(tmp_path_factory.mktemp("corpus-content"))


def _content_for(name: str, request: pytest.FixtureRequest) -> Path:
    if name == "shipped":
        return REPO_ROOT / "content"
    content: Path = request.getfixturevalue("corpus_content")
    return content


def _base_url_for(name: str) -> str:
    return SHIPPED_BASE_URL if name == "shipped" else CORPUS_BASE_URL


@pytest.fixture(scope="session", params=SITE_NAMES)
def built_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> BuiltSite:
    """Each site (shipped briefing, generated corpus), built with search, once per session."""
    name: str = request.param
    content = _content_for(name, request)
    out = tmp_path_factory.mktemp(f"site-{name}") / "site"
    run_build(content, out, _base_url_for(name))
    return BuiltSite(name, out, _base_url_for(name))


@pytest.fixture(scope="session")
def rebuilt_site(
    built_site: BuiltSite, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> BuiltSite:
    """The same site built a second time (without search), to compare what must be stable."""
    content = _content_for(built_site.name, request)
    out = tmp_path_factory.mktemp(f"site-{built_site.name}-again") / "site"
    run_build(content, out, built_site.base_url, "--no-search")
    return BuiltSite(built_site.name, out, built_site.base_url)


@pytest.fixture(scope="session")
def header_rules() -> list[HeaderRule]:
    """The `[[headers]]` rules of the repository's netlify.toml."""
    return load_rules(REPO_ROOT / "netlify.toml")


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite, header_rules: list[HeaderRule]) -> Iterator[RunningServer]:
    """The built site served on 127.0.0.1 with netlify.toml's headers, under its base path."""
    with serve_site(built_site.root, header_rules, mount=built_site.mount) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched once per session (skips/fails when missing)."""
    with launch_chromium() as browser:
        yield browser
