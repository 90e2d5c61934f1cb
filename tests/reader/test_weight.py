"""Page weight: an entry page with its CSS under 50 KB uncompressed, no web fonts, no layout shift.

Weighed twice: from the files (every entry page of the shipped briefing and of a generated
corpus, with the stylesheets and scripts it links) and in Chromium (every byte the richest
entry page actually loads). Layout shift is read from the browser's own `layout-shift`
performance entries, on a phone and a desktop screen.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import pytest

from tests.reader.pages import page_url, pages_of_type
from tests.support.browser import Browser
from tests.support.sites import BuiltSite
from tests.support.static_server import RunningServer

if TYPE_CHECKING:
    from playwright.sync_api import Request

BUDGET = 50_000  # bytes, uncompressed (the stricter reading of "50 KB")
FONT_FILES = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
VIEWPORTS = {"phone": (360, 760), "desktop": (1440, 900)}
LINKED = re.compile(
    r"""<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"|<script\b[^>]*\bsrc="([^"]+)\"""", re.I
)
# Sums every layout shift of the page so far (buffered), as CLS would, input or not.
LAYOUT_SHIFT = """
() => new Promise((resolve) => {
  let total = 0;
  const sources = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      total += entry.value;
      for (const s of entry.sources || []) {
        if (s.node) sources.push(s.node.nodeName + (s.node.className ? '.' + s.node.className : ''));
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  setTimeout(() => resolve({ total, sources }), 500);
})
"""


def page_weight(site: BuiltSite, page: Path) -> tuple[int, list[str]]:
    """Bytes of a page's HTML plus the stylesheets and scripts it links, and what was counted."""
    html = page.read_text(encoding="utf-8")
    total, counted = page.stat().st_size, [page.relative_to(site.root).as_posix()]
    for match in LINKED.finditer(html):
        href = match.group(1) or match.group(2)
        target = site.file_for(urljoin(site.base_url, href))
        assert target is not None, f"{page}: links {href}, which the site does not have"
        total += target.stat().st_size
        counted.append(target.relative_to(site.root).as_posix())
    return total, counted


@pytest.mark.parametrize("which", ["shipped", "corpus"])
def test_every_entry_page_with_its_css_is_under_50_kb(
    which: str, request: pytest.FixtureRequest
) -> None:
    site: BuiltSite = request.getfixturevalue(
        "reader_site" if which == "shipped" else "corpus_site"
    )
    weights = {page: page_weight(site, page) for page in pages_of_type(site, "entry")}
    heaviest = max(weights, key=lambda page: weights[page][0])
    total, counted = weights[heaviest]
    assert total < BUDGET, (
        f"the {site.name} site's heaviest entry page weighs {total} bytes with what it links "
        f"(budget {BUDGET}): {counted}"
    )


def test_no_web_fonts(reader_site: BuiltSite) -> None:
    """System fonts only: no @font-face, no font files."""
    fonts = [p for p in reader_site.root.rglob("*") if p.suffix.lower() in FONT_FILES]
    assert not fonts, f"font files in the output: {fonts}"
    for sheet in reader_site.root.glob("assets/*.css"):
        assert "@font-face" not in sheet.read_text(encoding="utf-8"), f"{sheet.name} loads a font"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_entry_page_loads_under_50_kb_without_fonts_or_layout_shift(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, viewport: str
) -> None:
    url = page_url(reader_site, reader_server, "entry")
    width, height = VIEWPORTS[viewport]
    loaded: list[tuple[str, str, int]] = []
    with chromium.page() as (page, problems):
        page.set_viewport_size({"width": width, "height": height})

        def record(request: Request) -> None:
            response = request.response()
            size = len(response.body()) if response else 0
            loaded.append((request.resource_type, request.url, size))

        page.on("requestfinished", record)
        page.goto(url, wait_until="networkidle")
        shift = page.evaluate(LAYOUT_SHIFT)
        font_faces = page.evaluate("() => document.fonts.size")
    assert not problems.all(), f"{url}: {problems.all()}"
    total = sum(size for _, _, size in loaded)
    assert total < BUDGET, f"{url} loads {total} bytes (budget {BUDGET}): {loaded}"
    assert not [u for kind, u, _ in loaded if kind == "font"], f"{url} loads fonts: {loaded}"
    assert font_faces == 0, f"{url} declares {font_faces} web font faces"
    assert shift["total"] == 0, f"{url} shifts its layout on a {viewport}: {shift}"


@pytest.mark.browser
@pytest.mark.parametrize("page_type", ["home", "thread", "day", "actor", "search"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_layout_shift(
    reader_site: BuiltSite,
    reader_server: RunningServer,
    chromium: Browser,
    page_type: str,
    viewport: str,
) -> None:
    """The other page types hold still too; the search page fills in its results below the fold
    of what is already painted, which may nudge a line (Lighthouse counts up to 0.1 as good)."""
    url = page_url(reader_site, reader_server, page_type)
    width, height = VIEWPORTS[viewport]
    with chromium.page() as (page, _):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url, wait_until="networkidle")
        if page_type == "search":
            page.wait_for_selector("#search-results li", timeout=15_000)
        shift = page.evaluate(LAYOUT_SHIFT)
    allowed = 0.01 if page_type == "search" else 0
    assert shift["total"] <= allowed, f"{url} shifts its layout on a {viewport}: {shift}"
