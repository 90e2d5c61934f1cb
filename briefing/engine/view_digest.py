"""A page's view in one digest: what decides whether a list's page is rendered again.

Apart from the renderer because a digest is plain data over plain data: the view, the
templates and settings it is shown under, and each card as its entry's list key.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import pickle
from collections.abc import Callable
from typing import Any

from briefing.site.cards import Card, Cards
from briefing.site.views import Page


def view_digest(shared: bytes, page: Page, card_key: Callable[[str], bytes | None]) -> str:
    """What a page shows, in one digest: its view, under the templates and settings in
    `shared`; "" when nothing is reused. The view is plain data, and pickle writes all of
    it (equal bytes, equal views) many times faster than repr would. card_key: the list key
    of the entry at a URL (see _ViewPickler)."""
    if not shared:
        return ""
    data = io.BytesIO()
    try:
        _ViewPickler(data, card_key).dump(page)
    except (pickle.PicklingError, TypeError, AttributeError):  # not plain data: never reused
        return ""
    return hashlib.blake2b(shared + data.getvalue(), digest_size=16).hexdigest()


class _ViewPickler(pickle.Pickler):
    """Pickles a view with each entry's card as the entry's list key. A card is made from
    its entry's path and front matter and the shared inputs alone (cards.card), which the
    key and `shared` stand for; writing out every card was most of the time of a digest.
    A list's chunk (cards.Cards) is written as its entries' keys without making a card, so
    that the pages of a list that are not rendered again make none."""

    def __init__(self, file: io.BytesIO, card_key: Callable[[str], bytes | None]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # By type, looked up in C: the thousands of other objects of the views (links, dates,
        # records) cost no Python call each, as a reducer_override would make them.
        table = copyreg.dispatch_table.copy()
        table[Card] = functools.partial(_card_reduced, card_key)
        table[Cards] = functools.partial(_cards_reduced, card_key)
        self.dispatch_table = table


def _card_reduced(card_key: Callable[[str], bytes | None], card: Card) -> Any:
    key = card_key(card.url)
    return (_card_as, (key,)) if key is not None else card.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _cards_reduced(card_key: Callable[[str], bytes | None], cards: Cards) -> Any:
    """A list's chunk, written without making its cards (or as its cards if a key is
    unknown, each written as a card is)."""
    keys = tuple(card_key(entry.url) for entry in cards.entries)
    return (_cards_as, (tuple(cards) if None in keys else keys,))


def _card_as(key: bytes) -> bytes:
    """What a card stands as in a view's digest (never unpickled)."""
    return key


def _cards_as(items: tuple[object, ...]) -> tuple[object, ...]:
    """What a run of cards stands as in a view's digest: its entries' list keys, or (if one
    is unknown) its cards, each written as a card is (never unpickled)."""
    return items
