"""The pages the reader tests judge: the richest page of each type, and their URLs."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.site_pages import PAGE_TYPES, html_files, site_path
from tests.support.sites import BuiltSite, search_word
from tests.support.static_server import RunningServer


def pages_of_type(site: BuiltSite, page_type: str) -> list[Path]:
    """Every page of a type (by its path), in sorted order."""
    pattern = re.compile(PAGE_TYPES[page_type])
    return [
        p for p in html_files(site.root) if pattern.fullmatch(p.relative_to(site.root).as_posix())
    ]


def richest(site: BuiltSite, page_type: str) -> Path:
    """The largest page of a type: the one that shows the most sections."""
    pages = pages_of_type(site, page_type)
    assert pages, f"the {site.name} site has no {page_type} page"
    return max(pages, key=lambda p: (p.stat().st_size, p.as_posix()))


def page_url(site: BuiltSite, server: RunningServer, page_type: str) -> str:
    """The served URL of the richest page of a type; the search page comes with a query."""
    if page_type == "search":
        return server.url(f"/search/?q={search_word(site)}")
    return server.url(site_path(site.root, richest(site, page_type)))
