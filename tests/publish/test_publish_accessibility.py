"""axe-core finds no accessibility violations on any page type, in light and dark mode."""

from __future__ import annotations

import pytest

from tests.support.browser import (
    Browser,
    ColorScheme,
    format_violations,
    load_axe,
    run_axe,
    wait_for_search_results,
)
from tests.support.site_pages import OPTIONAL_TYPES, PAGE_TYPES, site_path
from tests.support.sites import BuiltSite, search_word
from tests.support.static_server import RunningServer

pytestmark = [pytest.mark.browser, pytest.mark.validators]

SCHEMES: list[ColorScheme] = ["light", "dark"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    return load_axe()


def _page_url(site: BuiltSite, server: RunningServer, page_type: str) -> str:
    page = site.pages().get(page_type)
    if page is None:
        # The generated corpus has every page type; only the shipped briefing may lack one.
        if page_type in OPTIONAL_TYPES and site.name == "shipped":
            pytest.skip(f"the {site.name} site has no {page_type} page")
        pytest.fail(f"the {site.name} site has no {page_type} page")
    if page_type == "404":
        return server.url("/no/such/page/")
    if page_type == "search":
        return server.url(f"/search/?q={search_word(site)}")
    return server.url(site_path(site.root, page))


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_no_axe_violations(
    built_site: BuiltSite,
    site_server: RunningServer,
    chromium: Browser,
    axe_source: str,
    page_type: str,
) -> None:
    url = _page_url(built_site, site_server, page_type)
    report = []
    with chromium.page() as (page, problems):
        page.goto(url, wait_until="load")
        if page_type == "search":  # judge the page as a reader sees it: with results
            wait_for_search_results(page, problems)
        for scheme in SCHEMES:  # one load, both schemes: prefers-color-scheme switches live
            page.emulate_media(color_scheme=scheme)
            violations = run_axe(page, axe_source)
            if violations:
                report.append(f"{scheme} mode:\n{format_violations(violations)}")
    assert not report, (
        f"axe-core found violations on the {built_site.name} site's {page_type} page {url}:\n"
        + "\n".join(report)
    )
