"""What each unit of the site is made of: the one dependency model of `build` and `serve` (pure).

A unit (pages.units, feeds.feed_units) shows the front matter of its members, the registries
and the threads. An entry's page also shows its own body, and the entries within REACH of it
in each of its thread, actor and topic lists (its neighbours and its related entries).

`build` digests these inputs (rendering.unit_inputs) and renders a unit only when its digest
changed; `serve`, which holds the old and the new site in memory, asks which units hold a
changed entry (units_of) and which entry pages can show it (near).
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Entry, Site
from briefing.render.feeds import SITE_FEEDS
from briefing.site.indexes import Indexes, day_keys
from briefing.site.insights import NEIGHBOURHOOD
from briefing.site.pages import SINGLE_PAGES, Unit, lists_of

REACH = NEIGHBOURHOOD + 1  # entries either side whose pages can show an entry

# Units that draw on every entry (the home page, the indexes, the site's feeds), and the two
# that show no entry at all: neither is worth a finer rule, as each is one page.
WHOLE_SITE: tuple[Unit, ...] = (*SINGLE_PAGES, *SITE_FEEDS)
FAMILIES = ("threads", "actors", "topics")  # the records with lists, pages and feeds of their own


def unit_members(site: Site, ix: Indexes, unit: Unit) -> Sequence[Entry]:
    """The entries whose front matter a unit's pages show (an entry's page: see near).

    A thread's pages and snapshots show its entries; an archive its year, month or day; a
    term page and a term's feed the entries that name it, with the statements in them.
    """
    kind = unit[0]
    if kind == "archive":
        return ix.days[tuple(int(part) for part in unit[1:])]
    if kind in ("thread", "as-of"):
        return ix.threads[unit[1]]
    if kind == "term" or (kind == "feed" and unit[1] in FAMILIES):
        lists = {"threads": ix.threads, "actors": ix.actors, "topics": ix.topics}
        return lists[unit[-2]][unit[-1]]
    return site.entries


def list_unit(unit: Unit) -> Unit:
    """The thread, actor or topic list a unit shows (a snapshot its thread's, a feed its
    record's); the unit itself for any other."""
    if unit[0] == "as-of":
        return ("thread", unit[1])
    if unit[0] == "feed" and unit[1] == "threads":
        return ("thread", unit[2])
    if unit[0] == "feed" and unit[1] in FAMILIES:
        return ("term", unit[1], unit[2])
    return unit


def entry_lists(ix: Indexes) -> list[tuple[Unit, list[Entry]]]:
    """Each thread, actor and topic list with its unit: the lists of neighbourhoods."""
    return [
        *((("thread", thread_id), members) for thread_id, members in ix.threads.items()),
        *((("term", "actors", actor_id), members) for actor_id, members in ix.actors.items()),
        *((("term", "topics", topic_id), members) for topic_id, members in ix.topics.items()),
    ]


def units_of(site: Site, entry: Entry) -> list[Unit]:
    """Every unit but entry pages whose members include the entry: unit_members inverted."""
    found: list[Unit] = list(WHOLE_SITE)
    for thread_id in entry.thread_ids:
        found += [("thread", thread_id), ("feed", "threads", thread_id)]
        if site.config.snapshots:
            found.append(("as-of", thread_id))
    for family, ids in (("actors", entry.actor_ids), ("topics", entry.topic_ids)):
        for ident in ids:
            found += [("term", family, ident), ("feed", family, ident)]
    found += [("archive", *map(str, key)) for key in day_keys(entry)]
    return found


def near(ix: Indexes, entry: Entry) -> list[Entry]:
    """The entries whose pages can show this one: within REACH of it in each of its lists."""
    found = []
    for members, (_, at) in zip(lists_of(ix, entry), neighbourhoods(ix, entry), strict=True):
        found += members[max(0, at - REACH) : at + REACH + 1]
    return found


def neighbourhoods(ix: Indexes, entry: Entry) -> list[tuple[Unit, int]]:
    """(list's unit, the entry's position in the list) for each of its thread, actor and topic
    lists, in the order of entry_lists."""
    units: list[Unit] = [
        *(("thread", thread_id) for thread_id in entry.thread_ids),
        *(("term", "actors", actor_id) for actor_id in entry.actor_ids),
        *(("term", "topics", topic_id) for topic_id in entry.topic_ids),
    ]
    return [
        (unit, ix.positions[id(members)][entry.url])
        for unit, members in zip(units, lists_of(ix, entry), strict=True)
    ]
