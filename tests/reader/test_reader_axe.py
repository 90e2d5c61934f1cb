"""axe-core on a 360 px phone, light and dark: every page type, with every entry section.

tests/publish/ runs axe at Chromium's default desktop size on the shipped briefing and the
corpus; neither has a corrected entry, and the phone layout (the stacked ledger, the
header's own search row) is only seen here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.support.browser import (
    Browser,
    ColorScheme,
    format_violations,
    load_axe,
    run_axe,
    wait_for_search_results,
)
from tests.support.site_pages import PAGE_TYPES, site_path
from tests.support.sites import BuiltSite, search_word
from tests.support.static_server import RunningServer

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

pytestmark = [pytest.mark.browser, pytest.mark.validators]

SCHEMES: list[ColorScheme] = ["light", "dark"]
PHONE: ViewportSize = {"width": 360, "height": 760}
ABSENT = {"thread-page-2"}  # the shipped briefing is too small to paginate


@pytest.fixture(scope="module")
def axe_source() -> str:
    return load_axe()


@pytest.mark.parametrize("page_type", [t for t in PAGE_TYPES if t not in ABSENT])
def test_no_axe_violations_on_a_phone(
    reader_site: BuiltSite,
    reader_server: RunningServer,
    chromium: Browser,
    axe_source: str,
    page_type: str,
) -> None:
    page_file = reader_site.pages().get(page_type)
    assert page_file is not None, f"the reader site has no {page_type} page"
    if page_type == "404":
        url = reader_server.url("/no/such/page/")
    elif page_type == "search":
        url = reader_server.url(f"/search/?q={search_word(reader_site)}")
    else:
        url = reader_server.url(site_path(reader_site.root, page_file))
    report = []
    with chromium.page() as (page, problems):
        page.set_viewport_size(PHONE)
        page.goto(url, wait_until="load")
        if page_type == "search":
            wait_for_search_results(page, problems)
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            violations = run_axe(page, axe_source)
            if violations:
                report.append(f"{scheme} mode:\n{format_violations(violations)}")
    assert not report, f"axe-core on a phone, {page_type} page {url}:\n" + "\n".join(report)
