"""Each unit's inputs in one digest, found without building its pages (pure).

A unit whose digest is the last run's is not rendered again (see rendering). The digests
rest on two keys per entry: its body key (its file, and what its links point to) and its
list key (its path and front matter: what other pages can show of it). A list unit digests
its members' list keys; an entry's page, its own body key and the list keys of the entries
around it (see reach).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from briefing.content.sources import SourceFile
from briefing.engine.cache import StoredUnit
from briefing.engine.reach import REACH, entry_lists, neighbourhoods, same_week
from briefing.engine.units import Unit, unit_members
from briefing.model import Entry, Site
from briefing.render.links import targets_digest
from briefing.site.analysis import week_key
from briefing.site.indexes import Indexes
from briefing.site.pages import lists_of


@dataclass(frozen=True)
class InputDigests:
    shared: bytes  # pipeline.shared_digest; b"" when nothing is reused
    body_keys: Mapping[str, str]  # entry path -> file digest, the key of its rendered body
    list_keys: Mapping[str, bytes]  # entry path -> digest of what other pages show of it
    member_keys: Mapping[str, list[bytes]]  # list unit key -> its members' list keys
    # The inputs digest of each thread, actor and topic list's unit, by unit key.
    list_inputs: Mapping[str, str]
    # The URLs of entries whose neighbourhood in a list may differ from the last run's:
    # every other entry's page shows what it showed then, bar its own file. (Every entry is
    # on its thread's list, whose inputs include `shared`.)
    unsettled: frozenset[str]
    stored: Mapping[str, StoredUnit]  # the last run's units
    # Only bodies changed since the last run (RunResult.fronts_as_before): every unit shows
    # what it showed, bar the pages of entries whose bodies changed. The tables of lists
    # above are then left empty.
    as_before: bool = False


def input_digests(
    site: Site,
    ix: Indexes,
    files: Sequence[SourceFile],
    fronts: Mapping[str, bytes],
    stored: Mapping[str, StoredUnit],
    shared: bytes,
    last_fronts: Mapping[str, bytes],
    as_before: bool = False,
) -> InputDigests:
    """The tables unit_inputs reads. fronts: file digest -> list key; last_fronts: entry path ->
    its list key in the last run, for each entry file changed since; as_before: only bodies
    changed since (see InputDigests)."""
    # A body renders as its file and the targets of its links say: both key it.
    body_keys = {f.shown: f.digest + targets_digest(site.link_targets.get(f.shown)) for f in files}
    list_keys = {f.shown: fronts[f.digest] for f in files} if shared else {}
    if shared and as_before:
        return InputDigests(shared, body_keys, list_keys, {}, {}, frozenset(), stored, True)
    lists = entry_lists(ix) if shared else []
    member_keys = {unit.key: [list_keys[e.path] for e in members] for unit, members in lists}
    if shared:  # "": every entry, which the home page and the indexes show
        member_keys[""] = [list_keys[e.path] for e in site.entries]
    list_inputs: dict[str, str] = {}
    unsettled: set[str] = set()
    for unit, members in lists:
        key = unit.key
        list_inputs[key] = _list_inputs(shared, unit, member_keys[key])
        last = stored.get(key)
        if last is None or last.inputs != list_inputs[key]:
            was = last.inputs if last is not None else ""
            keys = member_keys[key]
            unsettled.update(_unsettled(shared, unit, members, keys, was, last_fronts))
    if last_fronts:
        unsettled.update(_same_weeks(site, ix, last_fronts))
    return InputDigests(
        shared, body_keys, list_keys, member_keys, list_inputs, frozenset(unsettled), stored
    )


def unit_inputs(digests: InputDigests, site: Site, ix: Indexes, unit: Unit) -> str:
    """A digest of everything a unit's pages can show, found without building them."""
    if not digests.shared:
        return ""
    if digests.as_before and unit.kind != "entry" and (last := digests.stored.get(unit.key)):
        return last.inputs
    known = digests.list_inputs.get(unit.key)
    if known is not None:
        return known
    members = unit_members(site, ix, unit)
    if members is None:
        return entry_inputs(digests, ix, unit.ids[0])
    keys = digests.member_keys.get("" if members is site.entries else unit.key)
    if keys is None:
        keys = [digests.list_keys[e.path] for e in members]
    return _list_inputs(digests.shared, unit, keys)


def entry_inputs(digests: InputDigests, ix: Indexes, url: str) -> str:
    """A digest of everything an entry's page can show, found without building the page:
    its own file, and the front matter of the entries around it in each of its lists (see
    reach), with the templates, settings, registries and threads (`shared`).

    It starts with the file's digest: while that and every list the entry is on are as in
    the last build, so is the rest, and the last build's digest is taken as it is.
    """
    entry = ix.by_url[url]
    own = digests.body_keys[entry.path] + ":"
    last = digests.stored.get("entry\0" + url)
    if last is not None and last.inputs.startswith(own) and url not in digests.unsettled:
        return last.inputs
    if last is not None and digests.as_before:  # its own file changed, nothing around it
        return own + last.inputs.rpartition(":")[2]
    h = hashlib.blake2b(digests.shared, digest_size=16)
    for members, (_, at) in zip(lists_of(ix, entry), neighbourhoods(ix, entry), strict=True):
        around = members[max(0, at - REACH) : at + REACH + 1]
        h.update(b"[" + b",".join(digests.list_keys[e.path] for e in around))
    h.update(b"{" + b",".join(digests.list_keys[e.path] for e in same_week(ix, entry)))
    return own + h.hexdigest()


def _unsettled(
    shared: bytes,
    unit: Unit,
    members: Sequence[Entry],
    keys: list[bytes],
    was: str,
    last_fronts: Mapping[str, bytes],
) -> Iterator[str]:
    """The URLs of a changed list's members whose neighbourhood in it may have changed.

    When the list, with each changed entry's key put back as it was, digests as it did in
    the last run, the same entries stand in the same order and only those keys changed: the
    entries within REACH of them. Otherwise (an entry came, went or moved) every member.
    """
    changed = [at for at, entry in enumerate(members) if entry.path in last_fronts]
    if changed and was:
        before = list(keys)
        for at in changed:
            before[at] = last_fronts[members[at].path]
        if _list_inputs(shared, unit, before) == was:
            for at in changed:
                yield from (e.url for e in members[max(0, at - REACH) : at + REACH + 1])
            return
    yield from (entry.url for entry in members)


def _same_weeks(site: Site, ix: Indexes, last_fronts: Mapping[str, bytes]) -> Iterator[str]:
    """The URLs of entries whose kicker shows a changed entry's week (see reach.same_week)."""
    for entry in (e for e in site.entries if e.path in last_fronts):
        threads = set(entry.thread_ids)
        for other in ix.weeks.get(week_key(entry.day), ()):
            if other.thread_ids[0] in threads:
                yield other.url


def _list_inputs(shared: bytes, unit: Unit, keys: list[bytes]) -> str:
    h = hashlib.blake2b(shared, digest_size=16)
    h.update(unit.key.encode() + b"\0")
    h.update(b",".join(keys))
    return h.hexdigest()
