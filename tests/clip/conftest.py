"""Fixtures for the clip tests: the saved articles, their registry, the main saved page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.clip.analyse import Registry
from briefing.clip.command import registry_from_site
from briefing.engine.store import load_site

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "clip"


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
def readout() -> Path:
    """A news site's page saved as text: a Kremlin readout of a call, reported with the
    site's appeals, newsletter box and buttons around it, dated only by a weekday."""
    return FIXTURES / "en-kremlin-readout.txt"
