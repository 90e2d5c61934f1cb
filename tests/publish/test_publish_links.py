"""Internal links, assets and #anchors of every page resolve (the same checker as `check`)."""

from __future__ import annotations

import pytest

from briefing.commands.check import check_links
from tests.support.sites import BuiltSite

pytestmark = pytest.mark.validators


def test_no_broken_internal_links(built_site: BuiltSite) -> None:
    problems = check_links(built_site.root, built_site.base_url)
    assert not problems, "\n".join(p.shown() for p in problems[:30])


def test_the_checker_finds_a_broken_link(
    built_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The checker is not vacuous: a page with a dead link and a missing anchor is reported."""
    import shutil

    copy = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(built_site.root, copy)
    home = copy / "index.html"
    mount = built_site.mount
    home.write_text(
        home.read_text().replace(
            "</main>", f'<a href="{mount}no/such/page/">x</a><a href="#no-such-anchor">y</a></main>'
        )
    )
    found = {(p.page, p.kind, p.target) for p in check_links(copy, built_site.base_url)}
    assert ("index.html", "broken link", f"{mount}no/such/page/") in found, found
    assert ("index.html", "missing anchor", "#no-such-anchor") in found, found
