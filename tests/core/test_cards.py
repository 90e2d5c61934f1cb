"""A list's pages hold their cards lazily (cards.Cards): an edit build digests the view of
every page of each list it reaches, and renders only the pages whose view changed, so the
digest must stand each card as its entry's list key without making the card."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.engine.store import load_site
from briefing.engine.units import Unit, site_units, unit_pages
from briefing.engine.view_digest import view_digest
from briefing.model import Site
from briefing.site.cards import Cards
from briefing.site.indexes import Indexes, index
from briefing.site.pages import MarkdownHtml
from briefing.site.views import Page
from tests.support.corpus import CorpusShape, write_corpus

SHARED = b"templates and settings"  # view_digest returns "" without it
MARKUP = MarkdownHtml(lambda entry: "", lambda text: text)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    content = write_corpus(tmp_path_factory.mktemp("corpus") / "content", CorpusShape(entries=120))
    config = content / "site.yaml"
    config.write_text(config.read_text() + "page_size: 7\n")  # every list runs to pages
    loaded, problems = load_site(Path(content), include_drafts=False)
    assert loaded is not None and problems == [], problems
    return loaded


def _key(url: str) -> bytes:
    return f"key of {url}".encode()


def _list_pages(site: Site, ix: Indexes, keep: Callable[[Unit], bool]) -> Iterator[Page]:
    for unit in site_units(site, ix):
        if keep(unit):
            yield from unit_pages(site, ix, unit, MARKUP)


def _lists(unit: Unit) -> bool:
    return unit.kind in ("thread", "as-of", "term", "archive", "week", "home")


def _cards_alone(unit: Unit) -> bool:
    """A topic's pages and the month archives show cards in their chunks alone (an actor's
    page 1 shows statements, with their cards; a day's names each thread by a card)."""
    return (unit.kind == "term" and unit.ids[0] == "topics") or (
        unit.kind == "archive" and len(unit.ids) == 2
    )


def test_digesting_topic_pages_and_month_archives_makes_no_card(site: Site) -> None:
    """Digesting every one of their pages, as an edit build does for the lists it reaches,
    leaves every card unmade."""
    ix = index(site, every_card=False)
    pages = list(_list_pages(site, ix, _cards_alone))
    assert sum(page.path.endswith("/page/2/") for page in pages) > 1  # paginated
    assert all(view_digest(SHARED, page, _key) for page in pages)
    assert len(ix.cards) == 0


def test_a_page_makes_the_cards_of_its_chunk_when_read(site: Site) -> None:
    ix = index(site, every_card=False)
    page = next(_list_pages(site, ix, lambda unit: unit.kind == "term" and unit.ids[0] == "topics"))
    chunk = page.context["cards"]
    assert isinstance(chunk, Cards) and len(ix.cards) == 0
    cards = list(chunk)
    assert [c.url for c in cards] == [e.url for e in chunk.entries]
    assert set(ix.cards) == {c.url for c in cards}
    assert chunk[0] is cards[0] and chunk[-1] is cards[-1] and len(chunk) == len(cards)
    assert isinstance(chunk[1:3], Cards) and list(chunk[1:3]) == cards[1:3]


def test_a_page_digests_alike_whether_cards_were_made_first_or_on_demand(site: Site) -> None:
    """A cold build makes every card first; an edit build makes them on demand. A page the
    edit does not change must digest as the last build's did, or it is rendered again."""
    eager, lazy = index(site), index(site, every_card=False)
    digests = [view_digest(SHARED, page, _key) for page in _list_pages(site, eager, _lists)]
    assert digests == [view_digest(SHARED, page, _key) for page in _list_pages(site, lazy, _lists)]
    assert all(digests)


def test_a_chunk_digests_by_its_entries_keys(site: Site) -> None:
    """A changed list key (an entry's title edited) changes the digest of exactly the pages
    whose chunk holds that entry; so does a key unknown, which digests the card itself."""
    ix = index(site, every_card=False)
    pages = list(_list_pages(site, ix, _cards_alone))
    edited = _chunk(pages[0]).entries[0].url

    def edited_key(url: str) -> bytes:
        return b"edited" if url == edited else _key(url)

    def unknown(url: str) -> bytes | None:
        return None if url == edited else _key(url)

    for page in pages:
        holds = any(e.url == edited for e in _chunk(page).entries)
        before = view_digest(SHARED, page, _key)
        assert (view_digest(SHARED, page, edited_key) != before) == holds
        assert (view_digest(SHARED, page, unknown) != before) == holds


def _chunk(page: Page) -> Cards:
    """The page's part of its list: a topic page's cards, or a month's, by day."""
    if "cards" in page.context:
        chunk: Cards = page.context["cards"]
        return chunk
    groups = page.context["groups"]
    return Cards([e for group in groups for e in group.cards.entries], groups[0].cards.table)
