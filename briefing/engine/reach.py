"""What an entry's page is made of besides its own file: the engine's dependency model (pure).

A unit (units.UNIT_KINDS) shows the front matter of its members, the registries and the
threads. An entry's page also shows its own body, the entries within REACH of it in each
of its thread, actor and topic lists (its neighbours and its related entries), and the
entries of its week in its primary thread (the week's assessment, in its kicker). The
engine digests these inputs (inputs.unit_inputs) and renders a unit only when its
digest changed.
"""

from __future__ import annotations

from briefing.engine.units import Unit
from briefing.model import Entry
from briefing.site.analysis import week_key
from briefing.site.indexes import Indexes
from briefing.site.insights import NEIGHBOURHOOD
from briefing.site.pages import lists_of

REACH = NEIGHBOURHOOD + 1  # entries either side whose pages can show an entry


def same_week(ix: Indexes, entry: Entry) -> list[Entry]:
    """The entries of the entry's week in its primary thread: its kicker shows their assessment."""
    thread_id = entry.thread_ids[0]
    return [e for e in ix.weeks.get(week_key(entry.day), ()) if thread_id in e.thread_ids]


def entry_lists(ix: Indexes) -> list[tuple[Unit, list[Entry]]]:
    """Each thread, actor and topic list with its unit: the lists of neighbourhoods."""
    return [
        *((Unit("thread", (thread_id,)), members) for thread_id, members in ix.threads.items()),
        *((Unit("term", ("actors", actor_id)), members) for actor_id, members in ix.actors.items()),
        *((Unit("term", ("topics", topic_id)), members) for topic_id, members in ix.topics.items()),
    ]


def near(ix: Indexes, entry: Entry) -> list[Entry]:
    """The entries whose pages can show this one: within REACH of it in each of its lists."""
    found = []
    for members, (_, at) in zip(lists_of(ix, entry), neighbourhoods(ix, entry), strict=True):
        found += members[max(0, at - REACH) : at + REACH + 1]
    return found


def neighbourhoods(ix: Indexes, entry: Entry) -> list[tuple[Unit, int]]:
    """(list's unit, the entry's position in the list) for each of its thread, actor and topic
    lists, in the order of pages.lists_of."""
    units = [
        *(Unit("thread", (thread_id,)) for thread_id in entry.thread_ids),
        *(Unit("term", ("actors", actor_id)) for actor_id in entry.actor_ids),
        *(Unit("term", ("topics", topic_id)) for topic_id in entry.topic_ids),
    ]
    return [
        (unit, ix.positions[id(members)][entry.url])
        for unit, members in zip(units, lists_of(ix, entry), strict=True)
    ]
