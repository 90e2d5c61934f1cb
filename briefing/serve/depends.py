"""Which pages and feeds a change touches: old site and new site in, the work out (pure).

Two steps. `candidates` names, generously, the units (pages.units / feeds.feed_units)
whose output may differ, by the dependency rules `build` uses too (briefing/reach.py):
the changed entries, the entries near them in every list they share (related entries and
thread neighbours come from there), the lists themselves, and the records that changed
with everything that shows them. `affected` then makes each candidate's page
views in both sites, with placeholder MarkdownHtml (an entry's Markdown stands in for
its HTML, so nothing is rendered), and keeps the pages whose views differ. The
rules can over-reach at little cost; only a view that differs is rendered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from briefing.engine.reach import FAMILIES, WHOLE_SITE, near, same_week, units_of
from briefing.model import Entry, Site
from briefing.render.feeds import unit_feed
from briefing.site.indexes import Indexes
from briefing.site.pages import MarkdownHtml, Unit, unit_pages
from briefing.site.views import Page

PLACEHOLDER = MarkdownHtml(entry_html=lambda entry: entry.body, markdown=lambda text: text)


@dataclass(frozen=True)
class Affected:
    """What to render after a change: the units to generate and which of their pages."""

    everything: bool = False
    units: frozenset[Unit] = frozenset()  # page units (pages.unit_pages) to generate
    pages: frozenset[str] = frozenset()  # the page paths among them to render
    feeds: frozenset[Unit] = frozenset()  # feed units (feeds.unit_feed) to rewrite
    removed: frozenset[str] = frozenset()  # site paths the new site no longer has
    # Changed pages whose views used no MarkdownHtml: ready to render as they are.
    ready: Mapping[str, Page] = field(default_factory=dict)

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.pages or self.feeds or self.removed or self.ready)


EVERYTHING = Affected(everything=True)


def affected(
    old: Site,
    old_ix: Indexes,
    new: Site,
    new_ix: Indexes,
    views: dict[Unit, list[Page]] | None = None,
) -> Affected:
    """Every page, feed and path that differs between the old site and the new one.

    `views`, if given, keeps each compared unit's views of the new site, and supplies
    the old site's views of units compared before (any change to a unit makes it a
    candidate again, so a kept view is current until then).
    """
    if old.config != new.config:
        if views is not None:
            views.clear()
        return EVERYTHING
    views = {} if views is None else views
    page_units, feed_units = candidates(old, old_ix, new, new_ix)
    chosen: set[Unit] = set()
    pages: set[str] = set()
    removed: set[str] = set()
    ready: dict[str, Page] = {}
    for unit in page_units:
        kept = views.get(unit)
        old_views = _views(old, old_ix, unit)[0] if kept is None else kept
        before = {page.path: page for page in old_views}
        after, used_markup = _views(new, new_ix, unit)
        views[unit] = after
        changed = [page for page in after if before.get(page.path) != page]
        removed |= before.keys() - {page.path for page in after}
        if changed and not used_markup:
            ready.update((page.path, page) for page in changed)
        elif changed:
            chosen.add(unit)
            pages.update(page.path for page in changed)
    feeds: set[Unit] = set()
    for unit in feed_units:
        before_feed, after_feed = _feed(old, old_ix, unit), _feed(new, new_ix, unit)
        if after_feed is None:
            if before_feed is not None:
                removed.add(before_feed[0])
        elif before_feed != after_feed:
            feeds.add(unit)
    return Affected(
        False, frozenset(chosen), frozenset(pages), frozenset(feeds), frozenset(removed), ready
    )


def candidates(
    old: Site, old_ix: Indexes, new: Site, new_ix: Indexes
) -> tuple[set[Unit], set[Unit]]:
    """(page units, feed units) whose output may differ between the two sites.

    By the rules `build` digests (see reach): a changed entry reaches its own page, and
    unless only its body changed, the units it is a member of and the pages near it, in
    either site; a changed thread, actor or topic reaches its own units and its entries.
    The units that draw on the whole site are always compared: each is one page.
    """
    reached: set[Unit] = set(WHOLE_SITE)
    sites = ((old, old_ix), (new, new_ix))
    for url in _changed_entries(old_ix, new_ix):
        reached.add(("entry", url))
        if _only_body_changed(old_ix, new_ix, url):
            continue  # a body reaches only its own page (through MarkdownHtml.entry_html)
        for site, ix in sites:
            entry = ix.by_url.get(url)
            if entry is not None:
                reached.update(units_of(site, entry))
                reached.update(("entry", other.url) for other in near(ix, entry))
                reached.update(("entry", other.url) for other in same_week(ix, entry))
    for family in FAMILIES:
        for ident in _changed_records(getattr(old, family), getattr(new, family)):
            reached.update(_record_units(new, family, ident))
            for site, ix in sites:
                for entry in getattr(ix, family).get(ident, ()):
                    reached.add(("entry", entry.url))
                    reached.update(units_of(site, entry))
    if old_ix.weeks.keys() != new_ix.weeks.keys():  # a week page's previous and next links
        reached.update(("week", key) for key in old_ix.weeks.keys() | new_ix.weeks.keys())
    feeds = {unit for unit in reached if unit[0] == "feed"}
    return reached - feeds, feeds


def _record_units(site: Site, family: str, ident: str) -> list[Unit]:
    """A thread's, actor's or topic's own page units and feed."""
    if family == "threads":
        snapshots: list[Unit] = [("as-of", ident)] if site.config.snapshots else []
        return [("thread", ident), *snapshots, ("feed", "threads", ident)]
    return [("term", family, ident), ("feed", family, ident)]


def _changed_entries(old_ix: Indexes, new_ix: Indexes) -> set[str]:
    """URLs whose entry, or whose card (as lists show it), is not the same in both sites."""
    changed = {url for url in old_ix.by_url if url not in new_ix.by_url}
    for url, entry in new_ix.by_url.items():
        before = old_ix.by_url.get(url)
        if before is not entry and before != entry:
            changed.add(url)
    for url, card in new_ix.cards.items():
        before_card = old_ix.cards.get(url)
        if before_card is not card and before_card != card:
            changed.add(url)
    return changed


def _only_body_changed(old_ix: Indexes, new_ix: Indexes, url: str) -> bool:
    before, after = old_ix.by_url.get(url), new_ix.by_url.get(url)
    if before is None or after is None or old_ix.cards[url] != new_ix.cards[url]:
        return False
    return _bodiless(before) == _bodiless(after)


def _bodiless(entry: Entry) -> Entry:
    return dataclasses.replace(entry, body="", body_line=0)


def _changed_records(old: Mapping[str, object], new: Mapping[str, object]) -> Iterable[str]:
    if old is new:
        return []
    both = old.keys() | new.keys()
    return [i for i in both if old.get(i) is not new.get(i) and old.get(i) != new.get(i)]


class _Tracking:
    """Placeholder MarkdownHtml (an entry's Markdown for its HTML) that notes whether it was used."""

    def __init__(self) -> None:
        self.used = False
        self.markup = MarkdownHtml(self._entry_html, self._markdown)

    def _entry_html(self, entry: Entry) -> str:
        self.used = True
        return entry.body

    def _markdown(self, text: str) -> str:
        self.used = True
        return text


def _views(site: Site, ix: Indexes, unit: Unit) -> tuple[list[Page], bool]:
    """The unit's page views in this site (none if the site does not have it), and whether
    they used MarkdownHtml (if not, they are the very views to render)."""
    kind = unit[0]
    absent = (
        (kind == "entry" and unit[1] not in ix.by_url)
        or (kind == "archive" and tuple(map(int, unit[1:])) not in ix.days)
        or (kind == "week" and unit[1] not in ix.weeks)
        or (kind == "thread" and unit[1] not in site.threads)
        or (kind == "term" and unit[2] not in getattr(site, unit[1]))
    )
    if absent:
        return [], False
    tracking = _Tracking()
    try:
        return list(unit_pages(site, ix, unit, tracking.markup)), tracking.used
    except KeyError:  # a unit of a kind this module has no rule for, absent from this site
        return [], False


def _feed(site: Site, ix: Indexes, unit: Unit) -> tuple[str, str] | None:
    if unit[1] in FAMILIES and unit[2] not in getattr(site, unit[1]):
        return None
    try:
        return unit_feed(site, ix, unit)
    except KeyError:
        return None


def template_users(
    references: Mapping[str, frozenset[str | None]], changed: Iterable[str]
) -> frozenset[str] | None:
    """Every template whose output can change when the `changed` templates change.

    `references` maps each template to the templates it extends, includes or
    imports (None for a name only known at render time). None means "cannot
    tell": render everything.
    """
    changed = set(changed)
    if not changed <= references.keys():
        return None
    users = set()
    for root in references:
        seen: set[str] = set()
        stack = [root]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            for ref in references.get(name, frozenset()):
                if ref is None:
                    return None
                stack.append(ref)
        if seen & changed:
            users.add(root)
    return frozenset(users)
