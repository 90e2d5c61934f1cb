"""In Chromium: a draft is plainly a draft in the preview (a banner on its page, a badge
wherever it is listed), and nowhere to be seen under `serve --no-drafts` or in `build`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build_site, entry
from tests.serve.server_process import ServerProcess, serve
from tests.serve.sitegen import copy_templates, make_site
from tests.support.browser import launch_chromium

pytestmark = pytest.mark.browser

DRAFT_PAGE = "2022/02/15/draft-talks/"
BANNER = "Draft: not published"


def with_draft(tmp_path: Path) -> Path:
    """The generated site with its newest entry a draft, on the talks thread."""
    content = make_site(tmp_path)
    draft = entry("Talks in draft", date="2022-02-15", thread="talks", extra="draft: true\n")
    (content / "entries/2022/2022-02-15-draft-talks.md").write_text(draft, encoding="utf-8")
    return content


def badges(server: ServerProcess, site_path: str) -> tuple[list[str], int]:
    """The titles of the cards with a draft badge on a page, as the browser shows it, and how
    many times the draft is listed there at all."""
    with launch_chromium() as browser, browser.page() as (page, problems):
        page.goto(server.url + site_path.lstrip("/"), wait_until="load")
        titles = page.eval_on_selector_all(
            ".draft-badge:visible",
            "els => els.map(e => e.closest('.card-title').querySelector('a').textContent)",
        )
        listed = page.locator(".card-title a", has_text="Talks in draft").count()
        assert problems.page_errors == []
        return list(titles), listed


def banner(server: ServerProcess, site_path: str) -> str | None:
    with launch_chromium() as browser, browser.page() as (page, _):
        response = page.goto(server.url + site_path.lstrip("/"), wait_until="load")
        assert response is not None
        if response.status == 404:
            return None
        found = page.query_selector(".draft-banner")
        return found.inner_text() if found and found.is_visible() else ""


def test_serve_marks_a_draft_on_its_page_and_wherever_it_is_listed(tmp_path: Path) -> None:
    content = with_draft(tmp_path)
    templates = copy_templates(tmp_path)
    with serve(content, templates, "--no-search", "--out", str(tmp_path / "o")) as server:
        text = banner(server, DRAFT_PAGE)
        assert text is not None and text.startswith(BANNER)
        for listing in ("", "threads/talks/"):  # the home page, the thread's timeline
            titles, listed = badges(server, listing)
            assert listed >= 1 and titles == ["Talks in draft"] * listed, listing
        assert banner(server, "2022/01/20/item-01/") == ""  # a published entry has none


def test_serve_no_drafts_and_build_show_the_site_as_published(tmp_path: Path) -> None:
    content = with_draft(tmp_path)
    templates = copy_templates(tmp_path)
    with serve(
        content, templates, "--no-search", "--no-drafts", "--out", str(tmp_path / "o")
    ) as server:
        assert banner(server, DRAFT_PAGE) is None
        assert badges(server, "") == ([], 0)
        assert badges(server, "threads/talks/") == ([], 0)
    out = tmp_path / "site"
    result = build_site(content, out, "--no-cache", "--templates", templates)
    assert result.returncode == 0, result.stderr
    assert not (out / DRAFT_PAGE).exists()
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert pages and not [p for p in pages if "draft-badge" in p or "draft-banner" in p]
    assert not [p for p in pages if "Talks in draft" in p]
