"""The pages and feeds an Affected names, made by pages.py's and feeds.py's own units (pure)."""

from __future__ import annotations

from collections.abc import Iterator

from briefing.model import Site
from briefing.render.feeds import feed_units, unit_feed
from briefing.serve.depends import PLACEHOLDER, Affected
from briefing.site.indexes import Indexes
from briefing.site.pages import MarkdownHtml, site_pages, unit_pages, units
from briefing.site.views import Page


def selected_pages(site: Site, ix: Indexes, work: Affected, markup: MarkdownHtml) -> Iterator[Page]:
    """The pages `work` names (every page for everything), as views ready to render."""
    if work.everything:
        yield from site_pages(site, ix, markup)
        return
    for unit in sorted(work.units):
        for page in unit_pages(site, ix, unit, markup):
            if page.path in work.pages:
                yield page
    for path in sorted(work.ready):
        yield work.ready[path]


def entry_template(site: Site, ix: Indexes) -> str | None:
    """The template entry pages use (None for a site without entries)."""
    if not site.entries:
        return None
    unit = ("entry", site.entries[0].url)
    return next(unit_pages(site, ix, unit, PLACEHOLDER)).template


def template_pages(
    site: Site, ix: Indexes, templates: frozenset[str], markup: MarkdownHtml
) -> Iterator[Page]:
    """Every page but the entry pages whose template is one of `templates`."""
    for unit in units(site, ix):
        if unit[0] != "entry":
            for page in unit_pages(site, ix, unit, markup):
                if page.template in templates:
                    yield page


def selected_feeds(site: Site, ix: Indexes, work: Affected) -> Iterator[tuple[str, str]]:
    """(path, Atom text) of the feeds `work` names (all of them for everything)."""
    chosen = feed_units(site) if work.everything else sorted(work.feeds)
    for unit in chosen:
        yield unit_feed(site, ix, unit)
