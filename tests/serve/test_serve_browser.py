"""In Chromium: an open page reloads by itself after a save, and shows errors in place.

The pages are fetched through Playwright with the production Content-Security-Policy
added, so the live-reload script and the overlay must work without inline script or style.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.serve.server_process import ServerProcess, serve
from tests.serve.sitegen import copy_templates, make_site
from tests.support.browser import launch_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

ENTRY = "entries/2022/2022-01-20-item-01.md"
ENTRY_PAGE = "2022/01/20/item-01/"
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'"
)
RELOADED = "() => window.__briefingOpened === undefined"
# How long to wait for a reload: generous, as a loaded CI machine needs. How fast a save
# reaches the page is benchmarks/serve_bench.py's to measure, not a test's.
RELOAD_WAIT_MS = 20_000


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[ServerProcess, Path]]:
    content = make_site(tmp_path)
    with serve(content, copy_templates(tmp_path), "--no-search", "--out", str(tmp_path / "o")) as s:
        yield s, content


def with_csp(route: Route) -> None:
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": CSP}
    route.fulfill(response=response, headers=headers)


def open_page(page: Page, server: ServerProcess, site_path: str) -> None:
    # Every response but the endless event stream (route.fetch would wait for its end).
    page.route(lambda url: "/__briefing/events" not in url, with_csp)
    page.goto(server.url + site_path, wait_until="load")
    page.wait_for_function("() => document.querySelector('script[data-generation]') !== null")
    time.sleep(0.3)  # the event stream connects
    page.evaluate("() => { window.__briefingOpened = true; }")


def edit(content: Path, old: str, new: str) -> None:
    path = content / ENTRY
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_open_page_reloads_itself_after_a_save(
    running: tuple[ServerProcess, Path],
) -> None:
    server, content = running
    with launch_chromium() as browser, browser.page() as (page, problems):
        open_page(page, server, ENTRY_PAGE)
        edit(content, "title: Item 01", "title: Item one, seen in the browser")
        page.wait_for_function(RELOADED, timeout=RELOAD_WAIT_MS)
        page.wait_for_function(
            "() => document.querySelector('h1').textContent.includes('seen in the browser')",
            timeout=RELOAD_WAIT_MS,
        )
        assert problems.csp_violations == []
        assert problems.page_errors == []


def test_a_broken_save_shows_the_overlay_in_place_then_the_fix_reloads(
    running: tuple[ServerProcess, Path],
) -> None:
    server, content = running
    with launch_chromium() as browser, browser.page() as (page, problems):
        open_page(page, server, ENTRY_PAGE)
        edit(content, "thread: buildup", "thread: bildup")
        overlay = page.wait_for_selector("#briefing-overlay", timeout=RELOAD_WAIT_MS)
        assert overlay is not None
        text: Any = overlay.text_content()
        assert "thread: unknown thread 'bildup' (did you mean 'buildup' (Buildup)?)" in text
        assert "2022-01-20-item-01.md:5:" in text
        assert page.evaluate("() => window.__briefingOpened") is True  # shown without a reload
        assert page.locator("h1").first.text_content() == "Item 01"
        edit(content, "thread: bildup", "thread: buildup\ntrend: steady")
        page.wait_for_function(RELOADED, timeout=RELOAD_WAIT_MS)
        page.wait_for_function("() => !document.getElementById('briefing-overlay')")
        assert problems.csp_violations == []
        assert problems.page_errors == []


def test_a_page_the_save_did_not_change_stays_as_it_is(
    running: tuple[ServerProcess, Path],
) -> None:
    """A body edit rewrites its own page alone: a page open elsewhere keeps its state (its
    scroll, a half-typed search), and the edited page reloads once, not once per step of
    the run that puts it in first."""
    server, content = running
    with launch_chromium() as browser, browser.page() as (page, problems):
        open_page(page, server, "threads/buildup/")  # lists item 1, not its body
        with browser.page() as (edited, _):
            open_page(edited, server, ENTRY_PAGE)
            loads: list[float] = []
            edited.on("framenavigated", lambda frame: loads.append(time.monotonic()))
            edit(content, "Body of item 1.", "Body of item 1, edited.")
            edited.wait_for_function(RELOADED, timeout=RELOAD_WAIT_MS)
            time.sleep(1.0)  # the rest of the run, and any second generation it announces
            assert len(loads) == 1
        assert page.evaluate("() => window.__briefingOpened") is True  # never reloaded
        assert problems.page_errors == []
