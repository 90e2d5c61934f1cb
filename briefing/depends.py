"""Which pages and feeds a change touches: old site and new site in, the work out (pure).

Two steps. `candidates` names, generously, the units (pages.units / feeds.feed_units)
whose output may differ: the changed entries, the entries near them in every list
they share (related entries and thread neighbours come from there), the lists
themselves, the records that changed with everything that shows them, and every
unit of a kind it has no rule for. `affected` then makes each candidate's page
views in both sites, with placeholder MarkdownHtml (an entry's Markdown stands in for
its HTML, so nothing is rendered), and keeps the pages whose views differ. The
rules can over-reach at little cost; only a view that differs is rendered.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .feeds import feed_units, unit_feed
from .indexes import Indexes
from .insights import NEIGHBOURHOOD
from .model import Entry, Site
from .pages import MarkdownHtml, Unit, unit_pages, units
from .reindex import order_key
from .views import Page

WINDOW = NEIGHBOURHOOD + 1  # entries either side whose pages may show a changed entry
STATIC = frozenset({"search", "404"})  # depend on the configuration and templates only
LIST_FEEDS = frozenset({"threads", "actors", "topics"})
TERM_KINDS = ("actors", "topics")
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


@dataclass
class _Touched:
    """What a change reaches: entry URLs, and lists by (family, key)."""

    entries: set[str] = field(default_factory=set)
    lists: set[tuple[str, str]] = field(default_factory=set)  # ("threads", id), ("days", "2022-1")
    ids: set[str] = field(default_factory=set)  # every thread, actor and topic id in either site
    _hit_ids: set[str] | None = None

    def unit_hit(self, unit: Unit) -> bool:
        """Whether a unit of the site (not an entry) may show something that changed."""
        kind, params = unit[0], unit[1:]
        if kind in STATIC:
            return False
        if kind == "archive":
            return ("days", "-".join(params)) in self.lists
        if kind == "term":
            return (params[0], params[1]) in self.lists
        named = [p for p in params if p in self.ids]
        if not named:
            return True  # home, the indexes, corrections: one page each, always compared
        # A thread's pages (and any unit named by a record id): that record's list.
        return any(p in self.hit_ids for p in named)

    @property
    def hit_ids(self) -> set[str]:
        if self._hit_ids is None:
            self._hit_ids = {ident for family, ident in self.lists if family in LIST_FEEDS}
        return self._hit_ids


def candidates(
    old: Site, old_ix: Indexes, new: Site, new_ix: Indexes
) -> tuple[set[Unit], set[Unit]]:
    """(page units, feed units) whose output may differ between the two sites."""
    touched = _Touched()
    for site in (old, new):
        for family in LIST_FEEDS:
            touched.ids.update(getattr(site, family))
    for url in _changed_entries(old_ix, new_ix):
        touched.entries.add(url)
        if _only_body_changed(old_ix, new_ix, url):
            continue  # a body reaches only its own page (through MarkdownHtml.entry_html)
        for ix in (old_ix, new_ix):
            entry = ix.by_url.get(url)
            if entry is not None:
                _near_entry(ix, entry, touched)
    for family in LIST_FEEDS:
        for ident in _changed_records(getattr(old, family), getattr(new, family)):
            touched.lists.add((family, ident))
            for ix in (old_ix, new_ix):
                for entry in getattr(ix, family).get(ident, ()):
                    touched.entries.add(entry.url)
                    touched.lists.update(key for key, _ in _lists_of(ix, entry))
    pages: set[Unit] = {("entry", url) for url in touched.entries}
    feeds: set[Unit] = set()
    for site, ix in ((old, old_ix), (new, new_ix)):
        no_entries = dataclasses.replace(site, entries=())  # units without entry URLs: cheap
        pages.update(u for u in units(no_entries, ix) if u[0] != "entry" and touched.unit_hit(u))
        feeds.update(u for u in feed_units(site) if touched.unit_hit(u[1:]))
    return pages, feeds


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


def _near_entry(ix: Indexes, entry: Entry, touched: _Touched) -> None:
    """The lists an entry is on, and the entries within WINDOW of it on its threads', actors'
    and topics' lists (where pages look for an entry's neighbours and related entries)."""
    key = order_key(entry)
    for list_key, members in _lists_of(ix, entry):
        touched.lists.add(list_key)
        if list_key[0] == "days":
            continue
        at = bisect.bisect_left(members, key, key=order_key)
        touched.entries.update(e.url for e in members[max(0, at - WINDOW) : at + WINDOW + 1])


def _lists_of(ix: Indexes, entry: Entry) -> Iterator[tuple[tuple[str, str], list[Entry]]]:
    """((family, key), members) of every list the entry is on."""
    for family, ids in (
        ("threads", entry.thread_ids),
        ("actors", entry.actor_ids),
        ("topics", entry.topic_ids),
    ):
        lists: Mapping[str, list[Entry]] = getattr(ix, family)
        for ident in ids:
            if ident in lists:
                yield (family, ident), lists[ident]
    d = entry.day
    for key in ((d.year,), (d.year, d.month), (d.year, d.month, d.day)):
        if key in ix.days:
            yield ("days", "-".join(map(str, key))), ix.days[key]


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
    if unit[1] in LIST_FEEDS and unit[2] not in getattr(site, unit[1]):
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
