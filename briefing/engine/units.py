"""The units the site renders in, as one table: a row per kind of unit (pure).

A unit is a group of files that render together: a page, or a list with all its pages and
its feed. Each kind says which units the site has of it, the pages and feeds each one
writes, and its members: the entries whose front matter its files show (what the engine
digests to decide whether to render it again). A new kind of page is one more row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefing.model import Entry, Site
from briefing.render.feeds import corrections_atom, record_feed, site_feeds, weeks_atom
from briefing.site.indexes import Indexes
from briefing.site.listings import archive, corrections_page, term_pages, terms_index, threads_index
from briefing.site.pages import MarkdownHtml, entry_page, home, not_found_page, search_page
from briefing.site.threadview import snapshot_pages, thread_pages
from briefing.site.views import Page
from briefing.site.weeks import week_page, weeks_index

Ids = tuple[str, ...]
Feed = tuple[str, str]  # path, text


class Unit(NamedTuple):
    """One unit: its kind (a row of UNIT_KINDS) and what names it within the kind."""

    kind: str
    ids: Ids = ()

    @property
    def key(self) -> str:
        """The unit as one string: how the engine keeps what it knows of each unit."""
        return "\0".join((self.kind, *self.ids))

    def __str__(self) -> str:
        return " ".join((self.kind, *self.ids))


@dataclass(frozen=True)
class UnitKind:
    each: Callable[[Site, Indexes], Iterable[Ids]]  # the ids of every unit of this kind
    pages: Callable[[Site, Indexes, Ids, MarkdownHtml], Iterable[Page]]
    # The entries whose front matter its files show; None for an entry's own page, which
    # shows its body and its neighbours instead (see reach).
    members: Callable[[Site, Indexes, Ids], Sequence[Entry]] | None
    feeds: Callable[[Site, Indexes, Ids], Iterable[Feed]] = lambda site, ix, ids: ()


def _one(site: Site, ix: Indexes) -> Iterable[Ids]:
    return [()]


def _every_entry(site: Site, ix: Indexes, ids: Ids) -> Sequence[Entry]:
    return site.entries


def _day(ids: Ids) -> tuple[int, ...]:
    return tuple(int(part) for part in ids)


def _term_lists(ix: Indexes, family: str) -> dict[str, list[Entry]]:
    return ix.actors if family == "actors" else ix.topics


def _week_members(ix: Indexes, key: str) -> list[Entry]:
    """A week page shows its week's entries, and links to the weeks before and after it that
    have entries: theirs count too, so that a week appearing or going changes its neighbours."""
    keys = sorted(ix.weeks)
    at = keys.index(key) if key in ix.weeks else 0
    return [e for other in keys[max(0, at - 1) : at + 2] for e in ix.weeks[other]]


def _entry_pages(site: Site, ix: Indexes, ids: Ids, markup: MarkdownHtml) -> Iterator[Page]:
    entry = ix.by_url[ids[0]]
    yield entry_page(site, ix, entry, markup.entry_html(entry))


# In the order the site renders them, which is the sitemap's order.
UNIT_KINDS: dict[str, UnitKind] = {
    "home": UnitKind(
        _one, lambda site, ix, ids, markup: [home(site, ix)], _every_entry,
        lambda site, ix, ids: site_feeds(site),
    ),
    "weeks": UnitKind(
        _one, lambda site, ix, ids, markup: [weeks_index(site, ix)], _every_entry,
        lambda site, ix, ids: [("weeks/feed.xml", weeks_atom(site, ix))],
    ),
    "week": UnitKind(
        lambda site, ix: ((key,) for key in sorted(ix.weeks)),
        lambda site, ix, ids, markup: [week_page(site, ix, ids[0])],
        lambda site, ix, ids: _week_members(ix, ids[0]),
    ),
    "entry": UnitKind(lambda site, ix: ((e.url,) for e in site.entries), _entry_pages, None),
    "archive": UnitKind(
        lambda site, ix: (tuple(map(str, key)) for key in sorted(ix.days)),
        lambda site, ix, ids, markup: archive(site, ix, _day(ids)),
        lambda site, ix, ids: ix.days[_day(ids)],
    ),
    "threads": UnitKind(_one, lambda site, ix, ids, markup: [threads_index(site, ix)], _every_entry),
    "thread": UnitKind(
        lambda site, ix: ((thread_id,) for thread_id in site.threads),
        lambda site, ix, ids, markup: thread_pages(
            site, site.threads[ids[0]], ix.threads[ids[0]], ix.cards, markup.markdown
        ),
        lambda site, ix, ids: ix.threads[ids[0]],
        lambda site, ix, ids: [record_feed(site, ix, "threads", ids[0])],
    ),
    "as-of": UnitKind(
        lambda site, ix: ((t,) for t in site.threads if site.config.snapshots),
        lambda site, ix, ids, markup: snapshot_pages(
            site, site.threads[ids[0]], ix.threads[ids[0]], ix.cards, markup.markdown
        ),
        lambda site, ix, ids: ix.threads[ids[0]],
    ),
    "terms": UnitKind(
        lambda site, ix: [("actors",), ("topics",)],
        lambda site, ix, ids, markup: [terms_index(site, ix, ids[0])],
        _every_entry,
    ),
    "term": UnitKind(
        lambda site, ix: [
            *(("actors", actor_id) for actor_id in site.actors),
            *(("topics", topic_id) for topic_id in site.topics),
        ],
        lambda site, ix, ids, markup: term_pages(site, ix, ids[0], ids[1]),
        lambda site, ix, ids: _term_lists(ix, ids[0])[ids[1]],
        lambda site, ix, ids: [record_feed(site, ix, ids[0], ids[1])],
    ),
    "corrections": UnitKind(
        _one, lambda site, ix, ids, markup: [corrections_page(site, ix)], _every_entry,
        lambda site, ix, ids: [("corrections/feed.xml", corrections_atom(site))],
    ),
    "search": UnitKind(_one, lambda site, ix, ids, markup: [search_page(site)], _every_entry),
    "404": UnitKind(_one, lambda site, ix, ids, markup: [not_found_page()], _every_entry),
}  # fmt: skip


def site_units(site: Site, ix: Indexes) -> list[Unit]:
    """Every unit of the site, in order."""
    return [Unit(kind, ids) for kind, spec in UNIT_KINDS.items() for ids in spec.each(site, ix)]


def unit_pages(site: Site, ix: Indexes, unit: Unit, markup: MarkdownHtml) -> Iterable[Page]:
    return UNIT_KINDS[unit.kind].pages(site, ix, unit.ids, markup)


def unit_feeds(site: Site, ix: Indexes, unit: Unit) -> Iterable[Feed]:
    return UNIT_KINDS[unit.kind].feeds(site, ix, unit.ids)


def unit_members(site: Site, ix: Indexes, unit: Unit) -> Sequence[Entry] | None:
    """The entries whose front matter a unit's files show; None for an entry's page."""
    members = UNIT_KINDS[unit.kind].members
    return None if members is None else members(site, ix, unit.ids)


def site_pages(site: Site, ix: Indexes, markup: MarkdownHtml) -> Iterator[Page]:
    """Every HTML page, in a stable order."""
    for unit in site_units(site, ix):
        yield from unit_pages(site, ix, unit, markup)
