"""Fixtures for the clip tests: the saved articles, their registry, the reference file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.clip.analyse import Registry
from briefing.clip.command import registry_from_site
from briefing.content.store import load_site

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "clip"
REFERENCE = REPO / ".." / "shared" / "reference" / "source-article-2022-01-28.txt"


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The fixture content folder's actors, topics, threads and entries, as plain data."""
    site, errors = load_site(FIXTURES / "content", include_drafts=False)
    assert site is not None, errors
    return registry_from_site(site)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the fixture content folder."""
    return Path(shutil.copytree(FIXTURES / "content", tmp_path / "content"))


@pytest.fixture
def reference() -> Path:
    """The saved Moscow Times article the issue names, when the checkout has it."""
    if not REFERENCE.is_file():
        pytest.skip(f"reference article not found at {REFERENCE.resolve()} (outside the repo)")
    return REFERENCE
