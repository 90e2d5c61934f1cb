"""Print: a daily briefing and a thread print cleanly on A4 and Letter.

Clean means: no navigation chrome (header, footer, navigation, search forms, the skip
link), nothing wider than the paper, source links followed by their URL, and a PDF with
a sane number of pages of the right size.
"""

from __future__ import annotations

import re

import pytest

from tests.reader.pages import page_url
from tests.support.browser import Browser
from tests.support.sites import BuiltSite
from tests.support.static_server import RunningServer

pytestmark = pytest.mark.browser

PRINTED = ["day", "thread", "entry"]
# Paper: (width, height) in PDF points, and the printable width in CSS px
# (the page less style.css's `@page { margin: 18mm 16mm }`; 1 mm = 96 / 25.4 px).
PAPER = {
    "A4": ((595.92, 842.88), round((210 - 32) * 96 / 25.4)),
    "Letter": ((612, 792), round((215.9 - 32) * 96 / 25.4)),
}
MAX_PAGES = 12
CHROME = "header.site-header, footer.site-footer, nav, form, .skip-link, .pager, .prevnext"
# Elements a reader does not need on paper; each must take up no box when printed.
SHOWN_CHROME = (
    f"() => [...document.querySelectorAll('{CHROME}')]"
    + """
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => el.outerHTML.slice(0, 120))
"""
)
# Each external link with what its ::after prints.
LINK_SUFFIXES = """
(selector) => [...document.querySelectorAll(selector)]
  .map((a) => [a.getAttribute('href'), getComputedStyle(a, '::after').content])
"""


@pytest.mark.parametrize("page_type", PRINTED)
def test_print_hides_navigation_chrome(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.goto(url, wait_until="load")
        assert page.evaluate(SHOWN_CHROME), f"{url}: no navigation chrome on screen to test"
        page.emulate_media(media="print")
        shown = page.evaluate(SHOWN_CHROME)
    assert not shown, f"{url} prints navigation chrome:\n" + "\n".join(shown)


@pytest.mark.parametrize("page_type", PRINTED)
def test_print_shows_external_link_urls(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    """Every link to a source (or anywhere off the site) in the text prints its address."""
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        links = page.evaluate(LINK_SUFFIXES, "main a[href^='http']:not(.cite a)")
    if page_type == "entry":
        assert links, f"{url}: the entry has no source link to print"
    missing = [(href, after) for href, after in links if href not in after]
    assert not missing, f"{url} prints these links without their URL: {missing}"


@pytest.mark.parametrize("page_type", ["day", "thread"])
def test_print_lists_each_entrys_source_urls(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    """A printed daily briefing or thread gives the source URLs of the entries it lists."""
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.goto(url, wait_until="load")
        entries = page.eval_on_selector_all(".card-title a", "links => links.map((a) => a.href)")
        sources = set()
        for entry in entries:
            page.goto(entry, wait_until="load")
            sources.update(
                page.eval_on_selector_all(".sources a[href^='http']", "ls => ls.map((a) => a.href)")
            )
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        printed = page.evaluate("() => document.body.innerText")
        suffixes = page.evaluate(LINK_SUFFIXES, "main a[href^='http']")
    shown = printed + " ".join(after for _, after in suffixes)
    missing = sorted(source for source in sources if source not in shown)
    assert sources and not missing, f"{url} prints without these sources: {missing}"


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("page_type", ["day", "thread"])
def test_prints_to_pdf(
    reader_site: BuiltSite,
    reader_server: RunningServer,
    chromium: Browser,
    page_type: str,
    paper: str,
) -> None:
    (width_pt, height_pt), printable_px = PAPER[paper]
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, problems):
        page.set_viewport_size({"width": printable_px, "height": 1000})
        page.goto(url, wait_until="load")
        page.emulate_media(media="print")
        too_wide = page.evaluate(
            """() => [...document.querySelectorAll('main *')]
              .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
              .map((el) => el.outerHTML.slice(0, 100))"""
        )
        pdf = page.pdf(format=paper)
    assert not problems.all(), f"{url}: {problems.all()}"
    assert not too_wide, f"{url} is wider than {paper} paper when printed: {too_wide[:5]}"
    assert pdf.startswith(b"%PDF-"), f"{url}: page.pdf() did not return a PDF"
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= MAX_PAGES, f"{url} prints on {pages} {paper} pages"
    boxes = {
        tuple(round(float(n)) for n in box.split()[2:])
        for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    }
    assert boxes == {(round(width_pt), round(height_pt))}, f"{url}: {paper} pages sized {boxes}"
