"""Search in Debian's Chromium, against built sites served with netlify.toml's headers.

The fixture site lives under /briefing/ (a base URL with a path), the shipped one at /.
Every test also asserts that the page logged no console errors and broke no CSP rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from tests.search.sites import (
    BORDER,
    CYRILLIC_TITLE,
    CYRILLIC_WORD,
    VOLKOV,
    VOLKOV_TITLES,
)
from tests.support.browser import Browser, PageProblems
from tests.support.static_server import RunningServer

if TYPE_CHECKING:  # Playwright itself is imported by the `chromium` fixture, or the test skips
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


def clean(problems: PageProblems) -> list[str]:
    """Every problem but the browser's own request for /favicon.ico at the origin's root."""
    return [p for p in problems.all() if not p.rstrip("]").endswith("/favicon.ico")]


@contextmanager
def search_page(chromium: Browser, url: str) -> Iterator[Page]:
    """The search page at url, once its first search has finished; then no problems."""
    with chromium.page() as (page, problems):
        page.goto(url)
        wait_until_settled(page)
        yield page
        page.wait_for_timeout(100)
        assert clean(problems) == [], "\n".join(clean(problems))


def wait_until_settled(page: Page) -> None:
    """Until the live region reports the search on screen (Pagefind loads, searches)."""
    page.wait_for_function(
        """() => {
          const text = document.getElementById('search-status').textContent;
          return text && !text.startsWith('Loading');
        }""",
        timeout=TIMEOUT_MS,
    )


def titles(page: Page) -> list[str]:
    return page.locator("#search-results .card-title a").all_inner_texts()


def status(page: Page) -> str:
    return page.inner_text("#search-status")


def submit(page: Page, query: str) -> None:
    before = status(page)
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    page.wait_for_function(
        "(before) => document.getElementById('search-status').textContent !== before",
        arg=before,
        timeout=TIMEOUT_MS,
    )


def open_filters(page: Page) -> None:
    page.click("#facets-toggle")
    page.wait_for_selector("#search-facets fieldset", timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelector('#search-facets .facet-count').textContent !== ''",
        timeout=TIMEOUT_MS,
    )


def test_alias_finds_the_actors_entries_and_a_thread_facet_narrows_them(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url("/search/?q=Volkov")) as page:
        assert titles(page) == VOLKOV_TITLES  # newest first
        assert status(page) == "2 entries found for “Volkov”, newest first."
        open_filters(page)
        thread = page.locator("fieldset[data-facet=thread]")
        assert thread.locator("legend").inner_text() == "Thread"
        page.get_by_role("group", name="Thread").get_by_label(BORDER).check()
        page.wait_for_function(
            "() => document.getElementById('search-status').textContent.includes('filters')",
            timeout=TIMEOUT_MS,
        )
        assert titles(page) == ["Patrols doubled along the river"]
        assert status(page) == "1 entry found for “Volkov” with the chosen filters, newest first."
        focused = page.evaluate("() => document.activeElement.value")
        assert focused == BORDER, "the ticked box keeps the focus while the values reorder"
        assert page.url.endswith("/briefing/search/?q=Volkov&thread=Border+stand-off")


def test_cyrillic_query_finds_the_entry_with_that_word(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url(f"/search/?q={quote(CYRILLIC_WORD)}")) as page:
        assert titles(page) == [CYRILLIC_TITLE]


def test_actor_found_by_the_cyrillic_name_registered(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url("/search/")) as page:
        submit(page, VOLKOV.split()[1])  # "Волков"
        assert titles(page) == VOLKOV_TITLES


def test_results_link_to_entries_under_the_base_path(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url("/search/?q=Volkov")) as page:
        first = page.locator("#search-results li").first
        assert first.locator("time").get_attribute("datetime") == "2023-03-05"
        assert first.locator(".meta").inner_text() == f"5 March 2023 · {BORDER}"
        assert first.locator(".assessment").inner_text() == (
            "Week 9, 27 Feb–5 Mar 2023: escalating — Of 1 entry with a trend: 1 escalating."
        )
        summary = first.locator(".summary").inner_text()
        assert summary == "Summary of patrols doubled along the river."
        link = first.locator("a")
        assert link.get_attribute("href") == "/briefing/2023/03/05/patrols/"
        link.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Patrols doubled along the river"


def test_url_with_filters_opens_with_them_ticked(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    url = fixture_server.url(f"/search/?q=Volkov&thread={quote(BORDER)}")
    with search_page(chromium, url) as page:
        assert titles(page) == ["Patrols doubled along the river"]
        page.wait_for_selector("#search-facets fieldset", timeout=TIMEOUT_MS)
        box = page.get_by_role("group", name="Thread").get_by_label(BORDER)
        assert box.is_checked()
        box.uncheck()
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results li').length === 2",
            timeout=TIMEOUT_MS,
        )
        assert page.url.endswith("/briefing/search/?q=Volkov")


def test_filters_alone_list_entries(chromium: Browser, fixture_server: RunningServer) -> None:
    with search_page(chromium, fixture_server.url("/search/?year=2022")) as page:
        assert titles(page) == ["Storage levels reported"]
        assert status(page) == "1 entry found with the chosen filters, newest first."


def test_month_facet_reads_as_a_month(chromium: Browser, fixture_server: RunningServer) -> None:
    with search_page(chromium, fixture_server.url("/search/?month=2023-03")) as page:
        assert titles(page) == [VOLKOV_TITLES[0], CYRILLIC_TITLE, VOLKOV_TITLES[1]]  # newest first
        page.wait_for_selector("#search-facets fieldset", timeout=TIMEOUT_MS)
        box = page.get_by_role("group", name="Month").get_by_label("March 2023")
        assert box.is_checked()


def test_back_button_restores_the_previous_search(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url("/search/?q=Volkov")) as page:
        submit(page, CYRILLIC_WORD)
        assert titles(page) == [CYRILLIC_TITLE]
        assert page.url.endswith(f"/search/?q={quote(CYRILLIC_WORD)}")
        page.go_back()
        page.wait_for_function(
            "() => document.getElementById('search-status').textContent.includes('Volkov')",
            timeout=TIMEOUT_MS,
        )
        assert page.input_value("#search-q") == "Volkov"
        assert titles(page) == VOLKOV_TITLES
        page.go_forward()
        page.wait_for_function(
            "(w) => document.getElementById('search-status').textContent.includes(w)",
            arg=CYRILLIC_WORD,
            timeout=TIMEOUT_MS,
        )
        assert titles(page) == [CYRILLIC_TITLE]


def test_order_by_relevance_is_kept_in_the_url(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    with search_page(chromium, fixture_server.url("/search/?q=Volkov")) as page:
        page.select_option("#search-sort", "relevance")
        page.wait_for_function(
            "() => document.getElementById('search-status').textContent.includes('best match')",
            timeout=TIMEOUT_MS,
        )
        assert page.url.endswith("/search/?q=Volkov&sort=relevance")
        assert sorted(titles(page)) == sorted(VOLKOV_TITLES)


def test_more_results_in_batches_of_five(chromium: Browser, shipped_server: RunningServer) -> None:
    with search_page(chromium, shipped_server.url("/search/?year=2022")) as page:
        count = int(status(page).split()[0])
        assert len(titles(page)) == min(count, 5)
        if count > 5:
            page.click("#search-more")
            page.wait_for_function(
                "() => document.querySelectorAll('#search-results li').length > 5",
                timeout=TIMEOUT_MS,
            )
            focused = page.evaluate("() => document.activeElement.closest('li') !== null")
            assert focused, "the first new result should take the focus"


def test_header_form_opens_the_search_page_with_results(
    chromium: Browser, shipped_server: RunningServer
) -> None:
    with chromium.page() as (page, problems):
        page.goto(shipped_server.url("/"))
        page.fill("#header-q", "Lavrov")
        page.press("#header-q", "Enter")
        page.wait_for_url("**/search/?q=Lavrov")
        wait_until_settled(page)
        assert "Lavrov repeats warnings but leaves room for talks" in titles(page)
        submit(page, "Лавров")  # a Cyrillic alias of the shipped actor Sergei Lavrov
        assert "Lavrov repeats warnings but leaves room for talks" in titles(page)
        assert clean(problems) == [], "\n".join(clean(problems))


def test_without_javascript_the_page_says_so(
    chromium: Browser, fixture_server: RunningServer
) -> None:
    browser = chromium._browser  # a context with JavaScript off
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(fixture_server.url("/search/?q=Volkov"))
        assert not page.locator("#search-form").is_visible()
        notice = page.locator(".search-noscript")
        assert "needs JavaScript" in notice.inner_text()
        hrefs = notice.locator("a").evaluate_all("links => links.map(a => a.pathname)")
        assert hrefs == ["/briefing/threads/", "/briefing/actors/", "/briefing/topics/"]
    finally:
        context.close()
