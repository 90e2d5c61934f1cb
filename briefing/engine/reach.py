"""What each unit of the site is made of: the one dependency model of `build` and `serve` (pure).

A unit (pages.units, feeds.feed_units) shows the front matter of its members, the registries
and the threads. An entry's page also shows its own body, the entries within REACH of it
in each of its thread, actor and topic lists (its neighbours and its related entries), and
the entries of its week in its primary thread (the week's assessment, in its kicker).

`build` digests these inputs (rendering.unit_inputs) and renders a unit only when its digest
changed; `serve`, which holds the old and the new site in memory, asks which units hold a
changed entry (units_of) and which entry pages can show it (near).
"""

from __future__ import annotations

from collections.abc import Sequence

from briefing.model import Entry, Site
from briefing.render.feeds import SITE_FEEDS
from briefing.site.indexes import Indexes, day_keys, week_key_of
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
    if kind == "week":
        return week_members(ix, unit[1])
    if kind in ("thread", "as-of"):
        return ix.threads[unit[1]]
    if kind == "term" or (kind == "feed" and unit[1] in FAMILIES):
        lists = {"threads": ix.threads, "actors": ix.actors, "topics": ix.topics}
        return lists[unit[-2]][unit[-1]]
    return site.entries


def week_members(ix: Indexes, key: str) -> list[Entry]:
    """A week page shows its week's entries, and links to the weeks before and after it that
    have entries: theirs count too, so that a week appearing or going changes its neighbours."""
    keys = sorted(ix.weeks)
    at = keys.index(key) if key in ix.weeks else 0
    return [e for other in keys[max(0, at - 1) : at + 2] for e in ix.weeks[other]]


def same_week(ix: Indexes, entry: Entry) -> list[Entry]:
    """The entries of the entry's week in its primary thread: its kicker shows their assessment."""
    thread_id = entry.thread_ids[0]
    return [e for e in ix.weeks.get(week_key_of(entry), ()) if thread_id in e.thread_ids]


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
    found.append(("week", week_key_of(entry)))
    return found


def near(ix: Indexes, entry: Entry) -> list[Entry]:
    """The entries whose pages can show this one: within REACH of it in each of its lists."""
    found = []
    for members, at in neighbourhoods(ix, entry):
        found += members[max(0, at - REACH) : at + REACH + 1]
    return found


def neighbourhoods(ix: Indexes, entry: Entry) -> list[tuple[list[Entry], int]]:
    """(list, the entry's position in it) for each of its thread, actor and topic lists."""
    return [(members, ix.positions[id(members)][entry.url]) for members in lists_of(ix, entry)]
