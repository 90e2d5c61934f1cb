"""Which pages and feeds a change touches: old site and new site in, the work out (pure).

`affected` compares two assembled sites (and their indexes) and names every page
whose rendered text can differ, every feed to rewrite and every path that no
longer exists. It never renders; callers render what it names. Unchanged lists
and entries are usually the very same objects in both sites (see reindex), so the
comparison is cheap; when they are not, it falls back to comparing values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from .feeds import FEED_SIZE
from .model import Entry, Site
from .pages import Indexes
from .urls import day_path
from .views import Card, paginate

# The templates that render pages directly (pages.py); others are included or extended.
PAGE_TEMPLATES = frozenset(
    {
        "home.html",
        "entry.html",
        "archive.html",
        "threads.html",
        "thread.html",
        "terms.html",
        "term.html",
        "search.html",
        "404.html",
    }
)
TERM_KINDS = ("actors", "topics")


Unit = tuple[str, ...]  # as pages.units and feeds.feed_units name them


@dataclass(frozen=True)
class Affected:
    """What to render after a change: the units to generate and which of their pages."""

    everything: bool = False
    units: frozenset[Unit] = frozenset()  # page units (pages.unit_pages) to generate
    pages: frozenset[str] = frozenset()  # the page paths among them to render
    feeds: frozenset[Unit] = frozenset()  # feed units (feeds.unit_feed) to rewrite
    removed: frozenset[str] = frozenset()  # site paths the new site no longer has

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.pages or self.feeds or self.removed)


EVERYTHING = Affected(everything=True)


@dataclass
class _Work:
    units: set[Unit] = field(default_factory=set)
    pages: set[str] = field(default_factory=set)
    feeds: set[Unit] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    def render(self, unit: Unit, paths: Iterable[str]) -> None:
        paths = set(paths)
        if paths:
            self.units.add(unit)
            self.pages |= paths

    def freeze(self) -> Affected:
        return Affected(
            False,
            frozenset(self.units),
            frozenset(self.pages),
            frozenset(self.feeds),
            frozenset(self.removed),
        )


@dataclass(frozen=True)
class _List:
    """One paginated list in both sites: its unit, base path, entries, record and feed."""

    unit: Unit
    base: str
    old: list[Entry] | None
    new: list[Entry] | None
    old_record: object = None
    new_record: object = None
    feed: Unit | None = None


def affected(old: Site, old_ix: Indexes, new: Site, new_ix: Indexes) -> Affected:
    """Every page, feed and path that differs between the old site and the new one."""
    if old.config != new.config:
        return EVERYTHING
    work = _Work()
    recarded = _recarded(old_ix, new_ix)
    size = new.config.page_size
    for item in _lists(old, old_ix, new, new_ix):
        _list_changes(item, old_ix, new_ix, recarded, size, work)
    _entries(old, old_ix, new, new_ix, recarded, work)
    _index_pages(old, old_ix, new, new_ix, work)
    if old.entries[:FEED_SIZE] != new.entries[:FEED_SIZE]:
        work.feeds.add(("feed", "site"))
    if work.pages or work.feeds or work.removed:
        work.render(("home",), [""])
    return work.freeze()


def _recarded(old_ix: Indexes, new_ix: Indexes) -> set[int]:
    """ids of the new entries whose card (as lists show it) is not the old one."""
    changed = set()
    for url, card in new_ix.cards.items():
        before = old_ix.cards.get(url)
        if before is not card and before != card:
            changed.add(id(new_ix.by_url[url]))
    return changed


def _lists(old: Site, old_ix: Indexes, new: Site, new_ix: Indexes) -> Iterator[_List]:
    for key in old_ix.days.keys() | new_ix.days.keys():
        old_list, new_list = old_ix.days.get(key), new_ix.days.get(key)
        if old_list is not new_list:
            yield _List(("archive", *map(str, key)), day_path(*key), old_list, new_list)
    families: Sequence[tuple[str, str, Mapping[str, object], Mapping[str, object]]] = (
        ("threads", "thread", old.threads, new.threads),
        ("actors", "term", old.actors, new.actors),
        ("topics", "term", old.topics, new.topics),
    )
    for kind, unit_kind, old_records, new_records in families:
        old_lists: Mapping[str, list[Entry]] = getattr(old_ix, kind)
        new_lists: Mapping[str, list[Entry]] = getattr(new_ix, kind)
        for ident in old_records.keys() | new_records.keys():
            old_list = old_lists.get(ident, []) if ident in old_records else None
            new_list = new_lists.get(ident, []) if ident in new_records else None
            old_record, new_record = old_records.get(ident), new_records.get(ident)
            if old_list is new_list and old_record is new_record:
                continue
            unit = (unit_kind, ident) if kind == "threads" else (unit_kind, kind, ident)
            base = f"{kind}/{ident}/"
            feed = ("feed", kind, ident)
            yield _List(unit, base, old_list, new_list, old_record, new_record, feed)


def _chunks(base: str, entries: Sequence[Entry], size: int) -> list[tuple[str, Sequence[Entry]]]:
    """The list's pages as paginate cuts them: (page path, entries on it)."""
    pages = paginate(base, cast(Sequence[Card], entries), size)
    return [(path, cast(Sequence[Entry], chunk)) for path, chunk, _ in pages]


def _list_changes(
    item: _List, old_ix: Indexes, new_ix: Indexes, recarded: set[int], size: int, work: _Work
) -> None:
    """Mark the pages of one list that differ, the pages it no longer has, and its feed."""
    old_pages = _chunks(item.base, item.old, size) if item.old is not None else []
    if item.new is None:
        work.removed.update(path for path, _ in old_pages)
        if item.feed:
            work.removed.add(f"{item.base}feed.xml")
        return
    new_pages = _chunks(item.base, item.new, size)
    new_paths = {path for path, _ in new_pages}
    work.removed.update(path for path, _ in old_pages if path not in new_paths)
    whole = (
        item.old is None
        or item.old_record != item.new_record
        or len(item.old) != len(item.new)
        or _first_day(item.old) != _first_day(item.new)
    )

    def differs(number: int, chunk: Sequence[Entry]) -> bool:
        """Whether a page's cards differ (an entry's body is not on its lists' pages)."""
        if whole or number >= len(old_pages) or len(old_pages[number][1]) != len(chunk):
            return True
        for before, after in zip(old_pages[number][1], chunk, strict=True):
            if before is after:
                if id(after) in recarded:
                    return True
            elif old_ix.cards[before.url] != new_ix.cards[after.url]:
                return True
        return False

    work.render(item.unit, (p for n, (p, chunk) in enumerate(new_pages) if differs(n, chunk)))
    if item.feed and (whole or (item.old or [])[:FEED_SIZE] != item.new[:FEED_SIZE]):
        work.feeds.add(item.feed)


def _first_day(entries: Sequence[Entry]) -> object:
    return entries[0].day if entries else None


def _entries(
    old: Site, old_ix: Indexes, new: Site, new_ix: Indexes, recarded: set[int], work: _Work
) -> None:
    """Entry pages: the changed entries, their thread neighbours, and renamed references."""
    changed = set()
    for url, entry in new_ix.by_url.items():
        before = old_ix.by_url.get(url)
        if id(entry) in recarded or (before is not entry and before != entry):
            changed.add(url)
    work.removed.update(url for url in old_ix.by_url if url not in new_ix.by_url)
    for url, pair in new_ix.neighbours.items():
        before = old_ix.neighbours.get(url)
        same = before is not None and before[0] is pair[0] and before[1] is pair[1]
        touched = not same or any(id(e) in recarded for e in pair if e is not None)
        if touched and _near(old_ix, url) != _near(new_ix, url):
            changed.add(url)
    for kind, names in (("actors", _actor_names), ("topics", _topic_names)):
        for ident in _renamed(getattr(old, kind), getattr(new, kind), names):
            changed.update(e.url for e in getattr(new_ix, kind).get(ident, ()))
    for url in changed:
        work.render(("entry", url), [url])


def _near(ix: Indexes, url: str) -> tuple[Card | None, ...]:
    """The cards an entry page shows for its newer and older neighbours."""
    pair = ix.neighbours.get(url, (None, None))
    return tuple(ix.cards[e.url] if e is not None else None for e in pair)


def _actor_names(record: Any) -> object:
    return (record.name, record.aliases)


def _topic_names(record: Any) -> object:
    return record.name


def _renamed(
    old: Mapping[str, object], new: Mapping[str, object], names: Callable[[Any], object]
) -> Iterable[str]:
    """Ids whose names (as entry pages show them) changed."""
    if old is new:
        return []
    return [i for i in new if i in old and old[i] is not new[i] and names(old[i]) != names(new[i])]


def _index_pages(old: Site, old_ix: Indexes, new: Site, new_ix: Indexes, work: _Work) -> None:
    """threads/, actors/ and topics/ list every record with its count (and latest day)."""
    for kind in ("threads", *TERM_KINDS):
        old_records, new_records = getattr(old, kind), getattr(new, kind)
        old_lists, new_lists = getattr(old_ix, kind), getattr(new_ix, kind)
        if old_records != new_records or _summary(old_lists) != _summary(new_lists):
            work.render(("threads",) if kind == "threads" else ("terms", kind), [f"{kind}/"])


def _summary(lists: Mapping[str, list[Entry]]) -> dict[str, tuple[int, object]]:
    return {ident: (len(members), _first_day(members)) for ident, members in lists.items()}


def template_users(
    references: Mapping[str, frozenset[str | None]], changed: Iterable[str]
) -> frozenset[str] | None:
    """The page templates whose output can change when `changed` templates change.

    `references` maps each template to the templates it extends, includes or
    imports (None for a name only known at render time). None means "cannot
    tell": render everything.
    """
    changed = set(changed)
    if not changed <= references.keys():
        return None
    users = set()
    for page in PAGE_TEMPLATES & references.keys():
        seen: set[str] = set()
        stack = [page]
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
            users.add(page)
    return frozenset(users)
